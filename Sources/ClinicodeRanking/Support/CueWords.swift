/// The rule words the candidate collector looks up for every token, as
/// `HashedWordMap`s built once per ranker.
struct CueWords: Sendable {
    /// Side words and the hash of their canonical side, and note words
    /// standing for a title word ("distal" for "lower") with that word's hash:
    /// the word a sentence's word adds when choosing among a code's children.
    let titleWords: HashedWordMap<UInt64>
    /// Encounter words and the 7th character they ask for.
    let encounter: HashedWordMap<Character>
    let hasEncounterCues: Bool
    /// Bit `n` set when an encounter word has `n` UTF-8 bytes (bit 63: 63 or more),
    /// so most tokens are ruled out without hashing.
    let encounterLengths: UInt64

    init(_ rules: RankingRules) {
        var named = rules.laterality.mapValues { WordHash.hash($0.rawValue, namespace: WordHash.word) }
        for (word, title) in rules.titleWordEquivalents where named[word] == nil {
            named[word] = WordHash.hash(title, namespace: WordHash.word)
        }
        titleWords = HashedWordMap(named)
        encounter = HashedWordMap(rules.encounterCues)
        hasEncounterCues = !rules.encounterCues.isEmpty
        encounterLengths = rules.encounterCues.keys.reduce(0) { $0 | 1 << UInt64(min($1.utf8.count, 63)) }
    }

    /// Whether some encounter word has this many UTF-8 bytes (maybe, for 63 or more).
    @inline(__always)
    func mayBeEncounterWord(length: Int) -> Bool {
        encounterLengths & (1 << UInt64(min(length, 63))) != 0
    }
}
