import ClinicodeCore

/// The matcher's buffers, kept per thread from note to note.
///
/// `Terminology.mentions(in:)` made them for every note (the candidates'
/// ten arrays, the sentence's words, the bit set of present words, the list
/// marks) and grew its list of mentions append by append: about twenty
/// allocations per note, each freed with the note, and each first written in
/// memory the cache no longer held.
final class MatchScratch {
    /// One bit per vocabulary word: all zero between sentences.
    var present: [UInt64] = []
    var words = SentenceWords()
    var candidates = Terminology.Candidates()
    var listMarks: [UInt8] = []
    var mentions = MentionBuffer()
    var deferred: [Terminology.DeferredMention] = []
    /// Whether a `mentions(in:)` is using the buffers (a nested use makes its own).
    var isBusy = false

    init() {
        candidates.reserveSentenceRoom()
    }

    deinit {
        mentions.free()
    }

    /// This thread's buffers (made on first use, freed when the thread ends).
    static var current: MatchScratch { perThread.current { MatchScratch() } }

    private static let perThread = PerThreadObject<MatchScratch>("the matcher's buffers")
}

/// A note's mentions, gathered in one buffer that outlives the note and
/// handed over as an array of exactly their number: an array grown append by
/// append was reallocated about five times per note.
struct MentionBuffer {
    private var base: UnsafeMutablePointer<Mention>?
    private var capacity = 0
    private(set) var count = 0

    /// Adds `mention` at the end.
    @inline(__always)
    mutating func append(_ mention: __owned Mention) {
        if count == capacity { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: mention)
        count += 1
    }

    private mutating func grow() {
        let larger = Swift.max(64, capacity * 2)
        let new = UnsafeMutablePointer<Mention>.allocate(capacity: larger)
        if let base {
            new.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = new
        capacity = larger
    }

    /// Keeps room for a mention at the end, to be initialized (`slot`) before `take`.
    @inline(__always)
    mutating func appendLater() -> Int {
        if count == capacity { grow() }
        count += 1
        return count - 1
    }

    /// Where the mention at `index` is (kept uninitialized by `appendLater`).
    @inline(__always)
    func slot(_ index: Int) -> UnsafeMutablePointer<Mention> {
        base.unsafelyUnwrapped + index
    }

    /// The mentions as an array, moved out (the buffer is left empty).
    mutating func take() -> [Mention] {
        guard count > 0, let base else { return [] }
        let taken = count
        count = 0
        return [Mention](unsafeUninitializedCapacity: taken) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: base, count: taken)
            initialized = taken
        }
    }

    /// Releases the mentions still held and the memory.
    mutating func free() {
        guard let base else { return }
        base.deinitialize(count: count)
        base.deallocate()
        self.base = nil
        count = 0
        capacity = 0
    }
}
