import CPrefetch
import ClinicodeCore

/// The vocabulary words of every word and number token of a stretch of a
/// note (usually the whole note), looked up before matching: per token its
/// word ids (its own, then its hyphen/slash parts'), its abbreviation slot,
/// whether it is "without", and its `NoteWordHash` for the ranker.
///
/// What a word gives depends only on its bytes and kind, and notes reuse a
/// few thousand words: each is worked out once per thread and kept in the
/// `WordCache` from note to note; a token whose word is there costs one
/// probe. The rest are looked up here (the vocabulary's table, its stem,
/// the abbreviations' first words) and kept.
struct NoteWords {
    /// What one token gives: its ids (`idField` is the id when it has one,
    /// else where its ids start in `ids`), its abbreviation slot (-1: none)
    /// and whether it is "without". Zero ids and no slot for tokens other
    /// than words and numbers.
    struct TokenWords {
        var idField: UInt32
        var idCount: UInt32
        var abbreviationSlot: Int32
        var isWithout: Bool

        static let none = TokenWords(idField: 0, idCount: 0, abbreviationSlot: -1, isWithout: false)
    }

    /// Per token from `base` (perhaps followed by unused entries, see `lookUp`).
    private var words: [TokenWords]
    /// Ids of the tokens that have more than one.
    private var ids: [UInt32]
    /// Per token from `base`: `NoteWordHash` of its word, 0 for tokens other than words and numbers.
    private var hashes: [UInt64]
    private let base: Int
    /// The ids of "positive" and "negative", the words a sign stands for.
    let positiveID: UInt32?
    let negativeID: UInt32?

    /// Looks up the words of `tokens` in `document`.
    init(_ document: borrowing Document, tokens range: Range<Int>, terminology: borrowing Terminology) {
        let storage = terminology.storage
        base = range.lowerBound
        let cache = WordCache.current
        // A nested use (none is made today) must not change records the outer one reads.
        guard !cache.isBusy, TokenBytes.current.hashesInline else {
            positiveID = storage.vocabulary.id(of: SignWord.positive.word)
            negativeID = storage.vocabulary.id(of: SignWord.negative.word)
            (words, hashes, ids) = document.tokens.withUnsafeBufferPointer { tokens in
                Self.lookUp(tokens, range: range, lookUp: WordLookUp(storage: storage))
            }
            return
        }
        cache.isBusy = true
        defer { cache.isBusy = false }
        cache.prepare(for: storage, room: range.count)
        positiveID = cache.positiveID
        negativeID = cache.negativeID
        // Through buffer pointers: reading `document.tokens[position]` copied
        // the token out of the borrowed array (a retain and release per read).
        (words, hashes, ids) = document.tokens.withUnsafeBufferPointer { tokens in
            Self.lookUp(tokens, range: range, cache: cache, lookUp: WordLookUp(storage: storage))
        }
    }

    /// How many tokens ahead of its probe a token's cache record is read
    /// (and new words ahead of their vocabulary look-ups): 8 was slower, 32
    /// no better.
    static let readAhead = 16

    /// Every word of `range` through the cache: each token's record read
    /// ahead (the cache is too large to stay cached between notes), then
    /// probed; the words not kept yet are read ahead in the vocabulary,
    /// looked up and kept, and their tokens filled in last.
    private static func lookUp(
        _ tokens: UnsafeBufferPointer<Token>, range: Range<Int>, cache: WordCache, lookUp: WordLookUp
    ) -> (words: [TokenWords], hashes: [UInt64], ids: [UInt32]) {
        let tokenBytes = TokenBytes.current
        let records = cache.records
        // The cache's scratch and pool moved out into locals while they are
        // filled: each access to a class's array checked exclusive access.
        var pending: [(offset: Int32, slot: Int32)] = []
        var freshSlots: [(slot: Int32, position: Int32)] = []
        var freshHashes: [UInt64] = []
        var pool: [UInt32] = []
        swap(&pending, &cache.pending)
        swap(&freshSlots, &cache.freshSlots)
        swap(&freshHashes, &cache.freshHashes)
        swap(&pool, &cache.pool)
        var count = cache.count
        defer {
            swap(&pending, &cache.pending)
            swap(&freshSlots, &cache.freshSlots)
            swap(&freshHashes, &cache.freshHashes)
            swap(&pool, &cache.pool)
            cache.count = count
        }
        pending.removeAll(keepingCapacity: true)
        freshSlots.removeAll(keepingCapacity: true)
        freshHashes.removeAll(keepingCapacity: true)
        // The buffers `recycle` handed back from an earlier note.
        var ids: [UInt32] = []
        var words: [TokenWords] = []
        swap(&ids, &cache.spareIDs)
        swap(&words, &cache.spareWords)
        ids.removeAll(keepingCapacity: true)
        // Only made long enough: the loop below writes every entry of the
        // stretch (filling it first wrote each token's 16 bytes twice), and
        // entries past it (left from a longer note) are never read.
        if words.count < range.count {
            words.append(contentsOf: repeatElement(TokenWords.none, count: range.count - words.count))
        }
        // A token's home slot, worked out when its record is read ahead, is
        // kept in its entry of `hashes` (filled with its note hash later) for
        // its probe: worked out twice, it cost a tenth of this loop.
        @inline(__always) func prefetch(_ position: Int, homes: UnsafeMutablePointer<UInt64>) {
            let kind = tokens[position].kind
            guard kind == .word || kind == .number else { return }
            let raw = tokenBytes.rawWords(of: tokens, at: position)
            guard TokenBytes.isInline(raw) else { return }
            let home = WordCache.home(key0: raw.0, key1: raw.1 | (kind == .number ? WordCache.numberFlag : 0))
            (homes + (position &- range.lowerBound)).initialize(to: UInt64(truncatingIfNeeded: home))
            clinicode_prefetch(records + home)
        }
        var hashes: [UInt64] = []
        words.withUnsafeMutableBufferPointer { words in
        hashes = [UInt64](unsafeUninitializedCapacity: range.count) { hashes, hashesCount in
            guard let homes = hashes.baseAddress else {
                hashesCount = 0
                return
            }
            for position in range.prefix(Self.readAhead) { prefetch(position, homes: homes) }
            for position in range {
                if position &+ Self.readAhead < range.upperBound { prefetch(position &+ Self.readAhead, homes: homes) }
                let offset = position - range.lowerBound
                let kind = tokens[position].kind
                var found = (noteHash: UInt64(0), words: TokenWords.none)
                if kind == .word || kind == .number {
                    let raw = tokenBytes.rawWords(of: tokens, at: position)
                    if TokenBytes.isInline(raw) {
                        let key1 = raw.1 | (kind == .number ? WordCache.numberFlag : 0)
                        let home = Int(truncatingIfNeeded: homes[offset])
                        let slot = WordCache.slot(from: home, key0: raw.0, key1: key1, in: records)
                        let record = records[slot]
                        if record.key1 == 0, count < WordCache.limit {
                            records[slot] = WordCache.Record(key0: raw.0, key1: key1, noteHash: 0, packed: WordCache.pendingMark)
                            count += 1
                            freshSlots.append((Int32(slot), Int32(position)))
                            freshHashes.append(TokenBytes.inlineHash(raw))
                            pending.append((Int32(offset), Int32(slot)))
                        } else if record.packed == WordCache.pendingMark {
                            pending.append((Int32(offset), Int32(slot)))
                        } else if record.key1 != 0, record.packed != WordCache.uncachedMark {
                            found = (record.noteHash, WordCache.unpack(record.packed))
                            if found.words.idCount > 1 { found.words = Self.copyIDs(found.words, from: pool, to: &ids) }
                        } else {
                            found = lookUp.words(at: position, in: tokens, ids: &ids)
                        }
                    } else {
                        // Long words are worked out at each occurrence.
                        found = lookUp.words(at: position, in: tokens, ids: &ids)
                    }
                }
                words[offset] = found.words
                (homes + offset).initialize(to: found.noteHash)
            }
            hashesCount = range.count
        }
        }
        // The new words: their vocabulary slots read ahead, then looked up and kept.
        // (Read ahead `readAhead` words before their look-ups, not all at once.)
        lookUp.storage.vocabulary.prefetch(freshHashes.prefix(Self.readAhead))
        for (index, fresh) in freshSlots.enumerated() {
            if index + Self.readAhead < freshHashes.count {
                lookUp.storage.vocabulary.prefetch(CollectionOfOne(freshHashes[index + Self.readAhead]))
            }
            let position = Int(fresh.position)
            let found = tokenBytes.withBytes(of: tokens, at: position) { bytes in
                lookUp.words(of: bytes, hash: freshHashes[index], isWord: tokens[position].kind == .word, ids: &pool)
            }
            records[Int(fresh.slot)].noteHash = found.noteHash
            records[Int(fresh.slot)].packed = WordCache.pack(found.words) ?? WordCache.uncachedMark
        }
        words.withUnsafeMutableBufferPointer { words in
        hashes.withUnsafeMutableBufferPointer { hashes in
            for (offset, slot) in pending {
                let record = records[Int(slot)]
                var found: (noteHash: UInt64, words: TokenWords)
                if record.packed == WordCache.uncachedMark {
                    found = lookUp.words(at: Int(offset) + range.lowerBound, in: tokens, ids: &ids)
                } else {
                    found = (record.noteHash, WordCache.unpack(record.packed))
                    if found.words.idCount > 1 { found.words = Self.copyIDs(found.words, from: pool, to: &ids) }
                }
                words[Int(offset)] = found.words
                hashes[Int(offset)] = found.noteHash
            }
        }
        }
        // (The anchor groups of every word of the note were read ahead here
        // too, for the candidate search: hundreds of prefetches at once,
        // which the search's own per-sentence read-ahead made redundant;
        // dropping them saved 1.5-4% of a run. Reading ahead the next
        // sentences' anchor groups instead, in two steps a sentence apart,
        // gave nothing. Stop 24 dropped: the sentences' occurrences made
        // here in this pass, with per-token starts and a list of the tokens
        // needing more (abbreviation, "without", sign), so a sentence copies
        // slices: `SentenceWords.collect` 2.7% -> 0.7% self, but this
        // look-up 6.2% -> 8.4%, ab.sh 1.014 and 1.028. And the cache as
        // records in first-met order behind a 256 kB index with 16-bit
        // fingerprints, to pack the common words' records densely: the
        // record became a second, dependent miss, 1.088 and 1.063.)
        return (words, hashes, ids)
    }

    /// `words` with its ids (two or more, at `idField` in the cache's `source`) copied to `target`:
    /// the cache may start again at the next note.
    @inline(__always)
    private static func copyIDs(_ words: TokenWords, from source: [UInt32], to target: inout [UInt32]) -> TokenWords {
        var words = words
        let start = Int(words.idField)
        words.idField = UInt32(target.count)
        target.append(contentsOf: source[start..<(start + Int(words.idCount))])
        return words
    }

    /// Every word of `range` looked up at each occurrence (no cache).
    private static func lookUp(
        _ tokens: UnsafeBufferPointer<Token>, range: Range<Int>, lookUp: WordLookUp
    ) -> (words: [TokenWords], hashes: [UInt64], ids: [UInt32]) {
        var ids: [UInt32] = []
        var words: [TokenWords] = []
        var hashes: [UInt64] = []
        words.reserveCapacity(range.count)
        hashes.reserveCapacity(range.count)
        for position in range {
            let kind = tokens[position].kind
            let found = kind == .word || kind == .number
                ? lookUp.words(at: position, in: tokens, ids: &ids) : (noteHash: 0, words: TokenWords.none)
            words.append(found.words)
            hashes.append(found.noteHash)
        }
        return (words, hashes, ids)
    }

    /// Hands the per-token buffers to this thread's word cache for the next
    /// note's look-up: made anew, they cost two allocations per note.
    mutating func recycle() {
        let cache = WordCache.current
        guard !cache.isBusy else { return }
        swap(&words, &cache.spareWords)
        swap(&ids, &cache.spareIDs)
    }

    /// Per token of the stretch, `NoteWordHash` of its word (0 for tokens
    /// other than words and numbers): `Document.wordHashes` when the stretch
    /// is the whole note.
    func tokenWordHashes() -> [UInt64] { hashes }

    /// Calls `body` with the per-token words (from `base`: the token at
    /// `position` is at `position - base`) and the ids of tokens with more than one.
    @inline(__always)
    func withTokenWords<R>(
        _ body: (_ words: UnsafeBufferPointer<TokenWords>, _ ids: UnsafeBufferPointer<UInt32>, _ base: Int) -> R
    ) -> R {
        words.withUnsafeBufferPointer { words in ids.withUnsafeBufferPointer { ids in body(words, ids, base) } }
    }

    /// Whether the token at `position` is a word that `Terminology.isWithout`.
    @inline(__always)
    func isWithout(at position: Int) -> Bool {
        words[position - base].isWithout
    }

    /// Calls `body` with each word id of the token at `position`, in order.
    @inline(__always)
    func forEachID(at position: Int, _ body: (UInt32) -> Void) {
        let words = words[position - base]
        if words.idCount == 1 {
            body(words.idField)
        } else if words.idCount > 1 {
            let start = Int(words.idField)
            ids.withUnsafeBufferPointer { ids in
                for index in start..<(start + Int(words.idCount)) { body(ids[index]) }
            }
        }
    }

    /// Where abbreviations starting with the word at `position` are listed, if any.
    @inline(__always)
    func abbreviationSlot(at position: Int) -> Int? {
        let slot = words[position - base].abbreviationSlot
        return slot < 0 ? nil : Int(slot)
    }
}
