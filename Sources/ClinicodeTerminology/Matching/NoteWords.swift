import ClinicodeCore

/// The vocabulary words of every word and number token of a stretch of a
/// note (usually the whole note), looked up once before matching.
///
/// The vocabulary's table and the anchor lists are much larger than what
/// stays cached on a busy machine, and the matcher's time went mostly to
/// waiting for them, one cache miss after another (perf puts most of a
/// look-up's time on its first slot load). Looking a whole note up at once lets
/// the loads overlap: words are hashed first, then a tight loop that does
/// nothing but read each word's table slot lets the processor have many
/// misses in flight; the real look-ups then find their slots in cache. The
/// anchor lists of the words found are read the same way.
struct NoteWords {
    /// Per token from `base`: `ids[idStarts[t]..<idStarts[t + 1]]` are its
    /// own id (when known) then its hyphen/slash parts' ids, in that order.
    private var idStarts: [Int32]
    private var ids: [UInt32] = []
    /// Per token from `base`: where abbreviations starting with its word are
    /// listed, or -1 (none, or not a word).
    private var abbreviationSlots: [Int32]
    private let base: Int
    /// What the warming loads read (kept so they are not optimised away).
    private(set) var warmed: UInt64 = 0
    /// The ids of "positive" and "negative", the words a sign stands for.
    let positiveID: UInt32?
    let negativeID: UInt32?

    /// Looks up the words of `tokens` in `document`.
    init(_ document: borrowing Document, tokens range: Range<Int>, terminology: borrowing Terminology) {
        let storage = terminology.storage
        let vocabulary = storage.vocabulary
        base = range.lowerBound
        positiveID = vocabulary.id(of: SignWord.positive.word)
        negativeID = vocabulary.id(of: SignWord.negative.word)
        var idStarts = [Int32](repeating: 0, count: range.count + 1)
        var abbreviationSlots = [Int32](repeating: -1, count: range.count)
        var ids: [UInt32] = []
        ids.reserveCapacity(range.count + 8)
        var hashes = [UInt64](repeating: 0, count: range.count)
        var warmed: UInt64 = 0
        let base = self.base
        let tokenBytes = TokenBytes.current
        // Through buffer pointers: reading `document.tokens[position]` copied
        // the token out of the borrowed array (a retain and release per read),
        // and each store into an array property checked it was unique.
        document.tokens.withUnsafeBufferPointer { tokens in
            // 1. Hash every word, then read every word's first table slot.
            hashes.withUnsafeMutableBufferPointer { hashes in
                for position in range {
                    let kind = tokens[position].kind
                    guard kind == .word || kind == .number else { continue }
                    hashes[position - base] = tokenBytes.withBytes(of: tokens, at: position) { WordBytesHash.hash($0) }
                }
            }
            warmed = vocabulary.warm(hashes)
            // 2. The look-ups proper.
            let abbreviations = storage.abbreviations
            hashes.withUnsafeBufferPointer { hashes in
            idStarts.withUnsafeMutableBufferPointer { idStarts in
            abbreviationSlots.withUnsafeMutableBufferPointer { abbreviationSlots in
                for position in range {
                    let offset = position - base
                    let kind = tokens[position].kind
                    if kind == .word || kind == .number {
                        tokenBytes.withBytes(of: tokens, at: position) { bytes in
                            let key = WordKey(bytes, hash: hashes[offset])
                            if let id = vocabulary.id(of: key) { ids.append(id) }
                            // Compounds also count by their parts ("tubulo-interstitial", "COVID-19").
                            if let separator = bytes.firstIndex(where: { $0 == 0x2d || $0 == 0x2f }) {
                                var start = 0
                                for end in separator...bytes.count where end == bytes.count || bytes[end] == 0x2d || bytes[end] == 0x2f {
                                    if end > start, let id = vocabulary.id(of: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                                        ids.append(id)
                                    }
                                    start = end + 1
                                }
                            }
                            if kind == .word, let slot = abbreviations.firstWordSlot(of: key) {
                                abbreviationSlots[offset] = Int32(slot)
                            }
                        }
                    }
                    idStarts[offset + 1] = Int32(ids.count)
                }
            }
            }
            }
        }
        // 3. Read the anchor lists of the words found, for the candidate search.
        warmed &+= storage.index.warmAnchors(of: ids)
        self.idStarts = idStarts
        self.abbreviationSlots = abbreviationSlots
        self.ids = ids
        self.warmed = warmed
    }

    /// Calls `body` with each word id of the token at `position`, in order.
    @inline(__always)
    func forEachID(at position: Int, _ body: (UInt32) -> Void) {
        let start = Int(idStarts[position - base])
        let end = Int(idStarts[position - base + 1])
        guard start < end else { return }
        ids.withUnsafeBufferPointer { ids in
            for index in start..<end { body(ids[index]) }
        }
    }

    /// Where abbreviations starting with the word at `position` are listed, if any.
    @inline(__always)
    func abbreviationSlot(at position: Int) -> Int? {
        let slot = abbreviationSlots[position - base]
        return slot < 0 ? nil : Int(slot)
    }
}
