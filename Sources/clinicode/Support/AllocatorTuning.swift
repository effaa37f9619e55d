#if canImport(Glibc)
import Glibc
#endif

/// Settings of the C allocator for a batch run, applied once at the start of
/// `suggest` and `eval`.
///
/// Every note allocates and frees a few hundred small blocks, all on worker
/// threads, which glibc serves from per-thread heaps. By default such a heap
/// gives memory back as soon as its free top exceeds 128 KB and asks for it
/// again a moment later: about 1,000 `mprotect` calls (plus the page faults
/// after them) over 2,751 notes, 2-4% of a run. Keeping a pad of free memory
/// at the top of each heap ends that cycle. The pad is virtual until touched,
/// so resident memory still follows the notes in flight and stays flat while
/// streaming. Large blocks (a long note's arrays) stay on the heap up to the
/// maximum note size instead of being mapped and unmapped per note, which
/// glibc's own adaptive threshold would otherwise do (setting the pad turns
/// that adaptation off).
enum AllocatorTuning {
    /// Free memory kept at the top of each allocator heap, in bytes.
    static let topPad: Int32 = 16 << 20
    /// Blocks at least this large are mapped on their own, in bytes.
    static let mmapThreshold: Int32 = 32 << 20

    /// Applies the settings; a no-op where the C library has no `mallopt`.
    static func applyForBatch() {
        #if canImport(Glibc)
        // Swift's Glibc module leaves out <malloc.h>, so `mallopt` is looked
        // up by name; the parameter numbers are glibc's M_TOP_PAD and
        // M_MMAP_THRESHOLD.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-2, topPad)
        _ = mallopt(-3, mmapThreshold)
        #endif
    }
}
