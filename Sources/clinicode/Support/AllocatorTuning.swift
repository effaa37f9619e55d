#if canImport(Glibc)
import Glibc
#endif

/// Settings of the C allocator for a batch run, applied once at the start of
/// `suggest` and `eval`.
///
/// Every note allocates and frees a few hundred small blocks, all on worker
/// threads, which glibc serves from per-thread heaps. By default a heap
/// gives memory back to the kernel once its free top exceeds 128 KB, and
/// the next notes fault it in again; blocks over 128 KB (growing to a few
/// MB as glibc adapts) are mapped and unmapped one by one. A 16 MB pad at
/// the top of each heap and a fixed 32 MB mapping threshold end both
/// (2.7% less CPU over the 2,751 background notes, two A/B runs). The pad
/// is virtual until touched, so resident memory still follows the notes in
/// flight: peak and streaming RSS were unchanged.
///
/// The heaps are also marked for transparent huge pages (`MADV_HUGEPAGE`,
/// what glibc's own `glibc.malloc.hugetlb=1` tunable does, which a running
/// process cannot set): a run touches tens of megabytes of fresh heap, and
/// took some 3,800 page faults to do it in 4 KB pages. Only the main
/// thread's heap is marked here: each worker thread marks its own as it
/// starts (`clinicode_thread_start`), before its first allocation.
enum AllocatorTuning {
    /// Free memory kept at the top of each allocator heap, in bytes.
    static let topPad: Int32 = 16 << 20
    /// Blocks at least this large are mapped on their own, in bytes.
    static let mmapThreshold: Int32 = 32 << 20
    /// How far the main thread's heap is grown (and marked) at the start, in
    /// bytes: more than a run over the background notes uses, still virtual
    /// until touched. Growth beyond it is served in ordinary pages.
    static let mainHeapReserve = 40 << 20

    /// Applies the settings; a no-op where the C library has no `mallopt`.
    static func applyForBatch() {
        #if canImport(Glibc)
        // Swift's Glibc module leaves out <malloc.h>, so `mallopt` is looked
        // up by name; the parameter numbers are glibc's M_TOP_PAD,
        // M_MMAP_THRESHOLD and M_TRIM_THRESHOLD.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-2, topPad)
        _ = mallopt(-3, mmapThreshold)
        // A heap that shrank would give back (and split) its huge pages.
        _ = mallopt(-1, Int32.max)
        adviseMainHeap()
        #endif
    }

    #if canImport(Glibc)
    /// The 2 MB pages the kernel backs a marked range with.
    private static let hugePage: UInt = 2 << 20

    /// Grows the main thread's heap (the `brk` area, which serves `--jobs 1`)
    /// by one block, marks the grown range, and frees the block into the
    /// heap's free top, where later notes are carved from.
    private static func adviseMainHeap() {
        guard let block = malloc(mainHeapReserve - Int(topPad)) else { return }
        let start = (UInt(bitPattern: block) + hugePage - 1) & ~(hugePage - 1)
        let end = UInt(bitPattern: sbrk(0)) & ~(hugePage - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_HUGEPAGE) }
        free(block)
    }
    #endif
}
