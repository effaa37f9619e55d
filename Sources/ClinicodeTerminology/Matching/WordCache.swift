#if canImport(Glibc)
import Glibc
#endif

/// What `NoteWords` works out for a word, kept per thread from note to
/// note: its vocabulary ids, its abbreviation slot, whether it is
/// "without", and its `NoteWordHash`. Each of these depends only on the
/// word's bytes and kind (and the terminology).
///
/// Clinical notes reuse a few thousand words: the 1,000 commonest words of
/// the CodiEsp notes are three tokens in four. Every note looked each of its
/// distinct words up again: grouped through a table built per note, then
/// hashed for the ranker byte by byte, then found in the vocabulary (its
/// stem as well when not found as written), split at hyphens and slashes,
/// and tried as an abbreviation. A word seen in an earlier note now costs
/// one probe here.
///
/// Keyed by the two words of a short `String` as the token holds them (see
/// `TokenBytes.rawWords`): equal for equal strings of up to 15 bytes, with
/// the token kind in a flag bit no short string sets. Longer words (under
/// 1% of tokens) are worked out at each occurrence and not kept.
///
/// (An earlier try kept a cache of this kind behind the per-note grouping
/// table and found it slower; here it replaces that table, so a word seen
/// before costs a probe per token and no look-up at all.)
final class WordCache {
    /// One word: its key (zero `key1` when the slot is empty), its note
    /// hash, and its `NoteWords.TokenWords` packed (see `pack`; ids of words
    /// with two or more of them are in `pool`).
    struct Record {
        var key0: UInt64
        var key1: UInt64
        var noteHash: UInt64
        var packed: UInt64
    }

    /// Slots (a power of two) and the most words kept before the cache
    /// starts again: 4 MB of slots, half used at most. (With 2 MB the
    /// background notes' ~31,000 distinct words and numbers filled it and
    /// it started again, every word looked up anew.)
    static let capacity = 1 << 17
    static let limit = capacity / 2
    private static let shift = UInt64(64 - 17)

    /// The slots, 64-byte aligned so a record never straddles cache lines.
    let records: UnsafeMutablePointer<Record>
    /// Ids of the words that have more than one.
    var pool: [UInt32] = []
    /// Words kept.
    var count = 0
    /// The terminology the words were looked up in (the cache starts again
    /// for another). Held strongly: a weak reference gives the storage
    /// object a side table, and every retain and release of it anywhere
    /// then takes the slow path.
    private var owner: Terminology.Storage?
    /// The ids of "positive" and "negative" in the owner's vocabulary.
    private(set) var positiveID: UInt32?
    private(set) var negativeID: UInt32?
    /// Whether a `NoteWords` is using the cache (a nested use works without it).
    var isBusy = false

    /// Scratch of `NoteWords`, reused note after note: the tokens whose
    /// word is new (offset in the stretch, slot), and per new word its slot,
    /// first token and `WordBytesHash`.
    var pending: [(offset: Int32, slot: Int32)] = []
    var freshSlots: [(slot: Int32, position: Int32)] = []
    var freshHashes: [UInt64] = []
    /// `NoteWords` buffers handed back (see `NoteWords.recycle`).
    var spareWords: [NoteWords.TokenWords] = []
    var spareIDs: [UInt32] = []

    /// `packed` of a word being looked up (its tokens wait in `pending`).
    static let pendingMark = UInt64.max
    /// `packed` of a word whose look-up `pack` cannot hold: looked up at each occurrence.
    static let uncachedMark = UInt64.max - 1

    /// The anonymous mapping holding `records` (nil: allocated instead).
    private let mapping: (start: UnsafeMutableRawPointer, byteCount: Int)?

    init() {
        // On 2 MB huge pages where the kernel gives them on request: the
        // probes of a note's words land all over the table, and with 4 kB
        // pages nearly each of them also missed the TLB.
        let byteCount = Self.capacity * MemoryLayout<Record>.stride
        #if os(Linux)
        // Mapped anonymously, so it comes zeroed (all records empty): filling
        // 4 MB before the first note wrote every page twice, as the kernel
        // zeroes each page it maps in.
        let mappedCount = byteCount + Self.hugePage
        if let start = mmap(nil, mappedCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), start != MAP_FAILED {
            let aligned = (UInt(bitPattern: start) + UInt(Self.hugePage - 1)) & ~UInt(Self.hugePage - 1)
            let raw = UnsafeMutableRawPointer(bitPattern: aligned)!
            _ = madvise(raw, byteCount, MADV_HUGEPAGE)
            mapping = (start, mappedCount)
            records = raw.bindMemory(to: Record.self, capacity: Self.capacity)
            return
        }
        #endif
        let raw = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: Self.hugePage)
        mapping = nil
        records = raw.bindMemory(to: Record.self, capacity: Self.capacity)
        records.initialize(repeating: Record(key0: 0, key1: 0, noteHash: 0, packed: 0), count: Self.capacity)
    }

    deinit {
        #if os(Linux)
        if let mapping {
            munmap(mapping.start, mapping.byteCount)
            return
        }
        #endif
        records.deallocate()
    }

    /// Makes the cache serve `storage`, emptied if it served another
    /// terminology or if `room` more words could overfill it.
    func prepare(for storage: Terminology.Storage, room: Int) {
        if owner !== storage {
            owner = storage
            positiveID = storage.vocabulary.id(of: SignWord.positive.word)
            negativeID = storage.vocabulary.id(of: SignWord.negative.word)
            clear()
        } else if count + room > Self.limit {
            clear()
        }
    }

    private func clear() {
        // Records are only ever added with `count` (`NoteWords`): an empty
        // cache (a new one, on its first note) is already all zero, and
        // rewriting its 2 MB was a tenth of a one-note run's matcher set-up.
        if count > 0 {
            records.update(repeating: Record(key0: 0, key1: 0, noteHash: 0, packed: 0), count: Self.capacity)
        }
        pool.removeAll(keepingCapacity: true)
        count = 0
    }

    /// The key's slot: where its record is, or the empty slot it belongs in.
    @inline(__always)
    static func slot(key0: UInt64, key1: UInt64, in records: UnsafeMutablePointer<Record>) -> Int {
        slot(from: home(key0: key0, key1: key1), key0: key0, key1: key1, in: records)
    }

    /// `slot(key0:key1:in:)` of a key whose `home` is known.
    @inline(__always)
    static func slot(from home: Int, key0: UInt64, key1: UInt64, in records: UnsafeMutablePointer<Record>) -> Int {
        var slot = home
        while true {
            let record = records[slot]
            if record.key1 == 0 || record.key0 == key0 && record.key1 == key1 { return slot }
            slot = (slot + 1) & (capacity - 1)
        }
    }

    /// The slot a key's probe starts at.
    @inline(__always)
    static func home(key0: UInt64, key1: UInt64) -> Int {
        let hash = (key0 ^ (key1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: hash >> shift)
    }

    /// A word's `TokenWords` in one word: bits 0..<32 `idField`, 32..<40
    /// `idCount`, bit 40 `isWithout`, bits 41... the abbreviation slot plus
    /// one. Nil when it does not fit (the word is then not kept).
    @inline(__always)
    static func pack(_ words: NoteWords.TokenWords) -> UInt64? {
        guard words.idCount < 256, words.abbreviationSlot < 1 << 22 else { return nil }
        return UInt64(words.idField) | UInt64(words.idCount) << 32 | (words.isWithout ? 1 << 40 : 0)
            | UInt64(words.abbreviationSlot + 1) << 41
    }

    /// The `TokenWords` that `pack` packed.
    @inline(__always)
    static func unpack(_ packed: UInt64) -> NoteWords.TokenWords {
        NoteWords.TokenWords(
            idField: UInt32(truncatingIfNeeded: packed), idCount: UInt32(truncatingIfNeeded: packed >> 32) & 0xff,
            abbreviationSlot: Int32(truncatingIfNeeded: packed >> 41) - 1, isWithout: packed & 1 << 40 != 0)
    }

    /// The size of a huge page (where the table is aligned).
    static let hugePage = 1 << 21

    /// The flag in a key's second word for a number token (a bit no short string sets).
    static let numberFlag: UInt64 = 0x10 << 56

    /// This thread's cache (made on first use, freed when the thread ends).
    static var current: WordCache { perThread.current { WordCache() } }

    private static let perThread = PerThreadObject<WordCache>("the word cache")
}
