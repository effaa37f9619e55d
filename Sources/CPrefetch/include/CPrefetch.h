#ifndef CLINICODE_CPREFETCH_H
#define CLINICODE_CPREFETCH_H

/// Asks the processor to start loading the cache line at `address` without
/// waiting for it. Swift has no prefetch of its own; a read-ahead loop of
/// plain loads holds a slot in the processor's reorder buffer per miss until
/// the line arrives, where a prefetch retires at once. Inlined into Swift
/// callers (the importer compiles static inline functions with them).
static inline void clinicode_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
