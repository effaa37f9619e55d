/// A small map from normalised words to values, probed by the word's
/// `WordHash` (which the ranker computes anyway) instead of hashing the
/// String again; a hit is confirmed on the word itself, so the answer is
/// exactly the dictionary's.
struct WordTable<Value: Sendable>: Sendable {
    private var hashes: [UInt64]
    private var entries: [(word: String, value: Value)?]
    private let shift: UInt64

    init(_ dictionary: [String: Value]) {
        var capacity = 8, bits: UInt64 = 3
        while capacity < dictionary.count * 4 { capacity <<= 1; bits += 1 }
        hashes = [UInt64](repeating: 0, count: capacity)
        entries = Array(repeating: nil, count: capacity)
        shift = 64 - bits
        let mask = capacity - 1
        for word in dictionary.keys.sorted() {
            let hash = WordHash.hash(word, namespace: WordHash.word)
            var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while entries[slot] != nil { slot = (slot + 1) & mask }
            hashes[slot] = hash
            entries[slot] = (word, dictionary[word]!)
        }
    }

    var isEmpty: Bool { !entries.contains { $0 != nil } }

    /// The value of `word`, whose `WordHash.hash(word, namespace: WordHash.word)` is `hash`.
    @inline(__always)
    func value(_ word: String, hash: UInt64) -> Value? {
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while let entry = entries[slot] {
            if hashes[slot] == hash, entry.word == word { return entry.value }
            slot = (slot + 1) & mask
        }
        return nil
    }
}

/// The rule words the candidate collector looks up for every token, as
/// `WordTable`s built once per ranker.
struct CueWords: Sendable {
    /// Side words and the hash of their canonical side.
    let laterality: WordTable<UInt64>
    /// Encounter words and the 7th character they ask for.
    let encounter: WordTable<Character>
    let hasEncounterCues: Bool
    /// Bit `n` set when an encounter word has `n` UTF-8 bytes (bit 63: 63 or more),
    /// so most tokens are ruled out without hashing.
    let encounterLengths: UInt64

    init(_ rules: RankingRules) {
        laterality = WordTable(rules.laterality.mapValues { WordHash.hash($0.rawValue, namespace: WordHash.word) })
        encounter = WordTable(rules.encounterCues)
        hasEncounterCues = !rules.encounterCues.isEmpty
        encounterLengths = rules.encounterCues.keys.reduce(0) { $0 | 1 << UInt64(min($1.utf8.count, 63)) }
    }

    /// Whether some encounter word has this many UTF-8 bytes (maybe, for 63 or more).
    @inline(__always)
    func mayBeEncounterWord(length: Int) -> Bool {
        encounterLengths & (1 << UInt64(min(length, 63))) != 0
    }
}
