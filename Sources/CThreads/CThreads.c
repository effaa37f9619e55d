#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "CThreads.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#ifdef __linux__
#include <sched.h>
#endif
#ifdef __GLIBC__
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

/// One started thread: what it runs, and whether that has returned.
struct clinicode_thread {
    void (*body)(void *);
    void *context;
    pthread_mutex_t lock;
    pthread_cond_t finished;
    int done;
    pthread_t thread;
};

#ifdef __GLIBC__
/// glibc's HEAP_MAX_SIZE on 64-bit systems: a thread's own heap is a region
/// of this size, aligned to it, mapped above the main heap's program break.
static const uintptr_t thread_heap_size = (uintptr_t)64 << 20;

/// Marks the heap glibc serves this thread from for transparent huge pages,
/// before the thread's work allocates from it, as the main heap is marked
/// by the command line (`AllocatorTuning`): else each 4 KB page the thread
/// touches faults on its own. The probe block makes glibc give the thread
/// its heap (a fresh one, or one a finished thread left) now.
static void clinicode_mark_thread_heap(void) {
    void *probe = malloc(64);
    if (probe == NULL) return;
    uintptr_t address = (uintptr_t)probe;
    if (sizeof(void *) == 8 && address > (uintptr_t)sbrk(0)) {
        madvise((void *)(address & ~(thread_heap_size - 1)), thread_heap_size, MADV_HUGEPAGE);
    }
    free(probe);
}
#endif

static void *clinicode_thread_main(void *argument) {
    struct clinicode_thread *thread = argument;
#ifdef __GLIBC__
    clinicode_mark_thread_heap();
#endif
    thread->body(thread->context);
    pthread_mutex_lock(&thread->lock);
    thread->done = 1;
    pthread_cond_signal(&thread->finished);
    pthread_mutex_unlock(&thread->lock);
    return NULL;
}

int clinicode_thread_start(void (*body)(void *), void *context, size_t stack_size, uintptr_t *handle) {
    struct clinicode_thread *thread = calloc(1, sizeof *thread);
    if (thread == NULL) return ENOMEM;
    thread->body = body;
    thread->context = context;
    pthread_mutex_init(&thread->lock, NULL);
    pthread_cond_init(&thread->finished, NULL);

    pthread_attr_t attributes;
    int status = pthread_attr_init(&attributes);
    if (status != 0) goto failed;
    pthread_attr_setstacksize(&attributes, stack_size);
#ifdef __linux__
    cpu_set_t allowed, elsewhere;
    int here = sched_getcpu();
    int placed = 0;
    if (here >= 0 && here < CPU_SETSIZE && sched_getaffinity(0, sizeof allowed, &allowed) == 0
        && CPU_ISSET(here, &allowed) && CPU_COUNT(&allowed) > 1) {
        elsewhere = allowed;
        CPU_CLR(here, &elsewhere);
        placed = pthread_attr_setaffinity_np(&attributes, sizeof elsewhere, &elsewhere) == 0;
    }
#endif
    // Created joinable, so `thread->thread` names it until
    // clinicode_thread_join detaches it, even if it has already ended.
    status = pthread_create(&thread->thread, &attributes, clinicode_thread_main, thread);
    pthread_attr_destroy(&attributes);
    if (status != 0) goto failed;
#ifdef __linux__
    // The thread is queued on its processor by now; widening its set moves
    // it nowhere, and lets the kernel balance it from then on.
    if (placed) pthread_setaffinity_np(thread->thread, sizeof allowed, &allowed);
#endif
    *handle = (uintptr_t)thread;
    return 0;

failed:
    pthread_cond_destroy(&thread->finished);
    pthread_mutex_destroy(&thread->lock);
    free(thread);
    return status;
}

void clinicode_thread_join(uintptr_t handle) {
    struct clinicode_thread *thread = (struct clinicode_thread *)handle;
    pthread_mutex_lock(&thread->lock);
    while (!thread->done) pthread_cond_wait(&thread->finished, &thread->lock);
    pthread_mutex_unlock(&thread->lock);
    // The thread frees its own resources once it has ended (now or soon),
    // rather than being waited for with pthread_join.
    pthread_detach(thread->thread);
    pthread_cond_destroy(&thread->finished);
    pthread_mutex_destroy(&thread->lock);
    free(thread);
}
