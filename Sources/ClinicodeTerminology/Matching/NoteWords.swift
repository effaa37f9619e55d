import ClinicodeCore

/// The vocabulary words of every word and number token of a stretch of a
/// note (usually the whole note), looked up once per distinct word before
/// matching.
///
/// The vocabulary's table and the anchor lists are much larger than what
/// stays cached on a busy machine, and the matcher's time went mostly to
/// waiting for them, one cache miss after another (perf puts most of a
/// look-up's time on its first slot load). Looking a whole note up at once lets
/// the loads overlap: words are hashed first, then a tight loop that does
/// nothing but read each word's table slot lets the processor have many
/// misses in flight; the real look-ups then find their slots in cache. The
/// anchor lists of the words found are read the same way.
///
/// Nearly half of a note's word tokens repeat a word already seen in it
/// ("patient", "left", "pain"), so tokens are first grouped by their
/// distinct word through a small table that stays cached, and only each
/// distinct word is looked up (its stem, compound parts and abbreviation
/// slot included).
///
/// (Tried and dropped: a per-worker cache of these look-ups kept from note
/// to note, direct-mapped on the word's bytes. 75% of distinct words hit
/// it, yet the matcher got slower (NoteWords 8.5% -> 11% of a profile): the
/// rest of the pipeline evicts the cache's table between notes, so a hit
/// still misses to L3. It costs no less than a look-up whose slot was
/// already read ahead.)
struct NoteWords {
    /// Per token from `base`: the index of its distinct word, or -1 (not a
    /// word or number).
    private var wordOfToken: [Int32]
    /// Per distinct word: `ids[idStarts[w]..<idStarts[w + 1]]` are its own
    /// id (when known) then its hyphen/slash parts' ids, in that order.
    private var idStarts: [Int32]
    private var ids: [UInt32] = []
    /// Per distinct word: where abbreviations starting with it are listed,
    /// or -1 (none, or a number).
    private var abbreviationSlots: [Int32]
    private let base: Int
    /// The distinct words (at most two: "without", "w/o") that `Terminology.isWithout`, or -1.
    private var withoutWords: (Int32, Int32) = (-1, -1)
    /// Per distinct word: its `NoteWordHash`, for the ranker (see `tokenWordHashes`).
    private var noteHashes: [UInt64]
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
        let tokenBytes = TokenBytes.current
        // Through buffer pointers: reading `document.tokens[position]` copied
        // the token out of the borrowed array (a retain and release per read),
        // and each store into an array property checked it was unique.
        let distinct = document.tokens.withUnsafeBufferPointer { tokens in
            DistinctWords(tokens, range: range, tokenBytes: tokenBytes)
        }
        var idStarts = [Int32](repeating: 0, count: distinct.count + 1)
        var abbreviationSlots = [Int32](repeating: -1, count: distinct.count)
        var ids: [UInt32] = []
        ids.reserveCapacity(distinct.count + 8)
        // 1. Read every distinct word's first table slot.
        // (Tried and dropped: looking every word up as written first, then
        // reading ahead the slots of the stems of those not found, one distinct
        // word in eight, before looking the stems up. No faster: the extra pass
        // cost what the overlapped misses saved.)
        var warmed = vocabulary.warm(distinct.hashes)
        // 2. The look-ups proper, one per distinct word.
        let abbreviations = storage.abbreviations
        document.tokens.withUnsafeBufferPointer { tokens in
        distinct.hashes.withUnsafeBufferPointer { hashes in
        idStarts.withUnsafeMutableBufferPointer { idStarts in
        abbreviationSlots.withUnsafeMutableBufferPointer { abbreviationSlots in
            for (word, position) in distinct.positions.enumerated() {
                let isWord = tokens[position].kind == .word
                tokenBytes.withBytes(of: tokens, at: position) { bytes in
                    let key = WordKey(bytes, hash: hashes[word])
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
                    if isWord, let slot = abbreviations.firstWordSlot(of: key) {
                        abbreviationSlots[word] = Int32(slot)
                    }
                }
                idStarts[word + 1] = Int32(ids.count)
            }
        }
        }
        }
        }
        // The ranker's hash of each distinct word (outside the loop above, for the same reason as below).
        // (Tried and dropped: hashing four short words side by side from the
        // bytes their tokens hold, so that the four serial multiply chains
        // overlap: 1.26% -> 1.08% of a profile, not measurable end to end.)
        let noteHashes = document.tokens.withUnsafeBufferPointer { tokens in
            [UInt64](unsafeUninitializedCapacity: distinct.count) { noteHashes, count in
                for (word, position) in distinct.positions.enumerated() {
                    let hash = tokenBytes.withBytes(of: tokens, at: position) { NoteWordHash.hash($0, namespace: NoteWordHash.word) }
                    (noteHashes.baseAddress! + word).initialize(to: hash)
                }
                count = distinct.count
            }
        }
        // "Without" words, told by their hash first (outside the loop above,
        // whose closure then copied the vocabulary and abbreviation tables per word).
        var withoutWords: (Int32, Int32) = (-1, -1)
        let withoutHashes = Self.withoutHashes
        document.tokens.withUnsafeBufferPointer { tokens in
            for (word, hash) in distinct.hashes.enumerated() where hash == withoutHashes.0 || hash == withoutHashes.1 {
                let position = distinct.positions[word]
                guard tokens[position].kind == .word, tokenBytes.withBytes(of: tokens, at: position, { Terminology.isWithout($0) }) else { continue }
                if withoutWords.0 < 0 { withoutWords.0 = Int32(word) } else { withoutWords.1 = Int32(word) }
            }
        }
        // 3. Read the anchor lists of the words found, for the candidate search.
        warmed &+= storage.index.warmAnchors(of: ids)
        self.wordOfToken = distinct.wordOfToken
        self.idStarts = idStarts
        self.abbreviationSlots = abbreviationSlots
        self.ids = ids
        self.warmed = warmed
        self.withoutWords = withoutWords
        self.noteHashes = noteHashes
    }

    /// Per token of the stretch, `NoteWordHash` of its word (0 for tokens
    /// other than words and numbers): `Document.wordHashes` when the stretch
    /// is the whole note.
    func tokenWordHashes() -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: wordOfToken.count) { result, count in
            wordOfToken.withUnsafeBufferPointer { wordOfToken in
            noteHashes.withUnsafeBufferPointer { noteHashes in
                for (position, word) in wordOfToken.enumerated() {
                    (result.baseAddress! + position).initialize(to: word >= 0 ? noteHashes[Int(word)] : 0)
                }
            }
            }
            count = wordOfToken.count
        }
    }

    /// The `WordBytesHash` of "without" and of "w/o".
    private static let withoutHashes: (UInt64, UInt64) = (hash("without"), hash("w/o"))

    private static func hash(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { WordBytesHash.hash($0) }
    }

    /// Whether the token at `position` is a word that `Terminology.isWithout`.
    @inline(__always)
    func isWithout(at position: Int) -> Bool {
        let word = wordOfToken[position - base]
        return word >= 0 && (word == withoutWords.0 || word == withoutWords.1)
    }

    /// Calls `body` with each word id of the token at `position`, in order.
    @inline(__always)
    func forEachID(at position: Int, _ body: (UInt32) -> Void) {
        let word = Int(wordOfToken[position - base])
        guard word >= 0 else { return }
        let start = Int(idStarts[word])
        let end = Int(idStarts[word + 1])
        guard start < end else { return }
        ids.withUnsafeBufferPointer { ids in
            for index in start..<end { body(ids[index]) }
        }
    }

    /// Where abbreviations starting with the word at `position` are listed, if any.
    @inline(__always)
    func abbreviationSlot(at position: Int) -> Int? {
        let word = Int(wordOfToken[position - base])
        guard word >= 0 else { return nil }
        let slot = abbreviationSlots[word]
        return slot < 0 ? nil : Int(slot)
    }
}
