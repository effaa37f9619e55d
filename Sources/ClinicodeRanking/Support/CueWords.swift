import ClinicodeCore

/// The rule words the candidate collector looks up for every token, as
/// `HashedWordMap`s built once per ranker.
struct CueWords: Sendable {
    /// Side words and the hash of their canonical side (`bothSidesOfNextPart`
    /// for "both"), and note words standing for a title word ("distal" for
    /// "lower") with that word's hash: the word a sentence's word adds when
    /// choosing among a code's children.
    let titleWords: HashedWordMap<UInt64>
    /// Encounter words and the 7th character they ask for.
    let encounter: HashedWordMap<Character>
    let hasEncounterCues: Bool
    /// Bit `n` set when an encounter word has `n` UTF-8 bytes (bit 63: 63 or more),
    /// so most tokens are ruled out without hashing.
    let encounterLengths: UInt64

    /// Paired parts of the body ("knees"), after which a `paired` word names both sides.
    let pairedParts: HashedWordMap<Bool>

    /// `titleWords`' value for a word ("both") naming both sides only of the
    /// paired part one of the next two words names: check those words first.
    static let bothSidesOfNextPart: UInt64 = 0

    init(_ rules: RankingRules) {
        var named: [String: UInt64] = [:]
        var parts: [String: Bool] = [:]
        for (word, side) in rules.laterality {
            switch side {
            case .right, .left, .bilateral: named[word] = WordHash.hash(side.rawValue, namespace: WordHash.word)
            case .paired: named[word] = Self.bothSidesOfNextPart
            case .part: parts[word] = true
            }
        }
        pairedParts = HashedWordMap(parts)
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

    /// How many tokens from a mention a word naming both sides may stand
    /// ("bilateral renal cell carcinoma", "carcinoma of both kidneys").
    static let bothSidesWindow = 3

    /// Whether a word naming both sides ("bilateral"; "both" before a paired
    /// part) stands within `bothSidesWindow` tokens of a mention's tokens, in
    /// its sentence: the side words of a list's other items are not its own.
    func namesBothSides(near mention: Range<Int>, in sentence: Range<Int>, _ tokens: UnsafeBufferPointer<Token>) -> Bool {
        let lower = max(sentence.lowerBound, mention.lowerBound - Self.bothSidesWindow)
        let upper = min(sentence.upperBound, mention.upperBound + Self.bothSidesWindow)
        guard lower < upper else { return false }
        for index in lower..<upper where tokens[index].kind == .word {
            let word = tokens[index].normalized
            guard let value = titleWords.value(word, hash: WordHash.hash(word, namespace: WordHash.word)) else { continue }
            if value == Specificity.bilateralWord { return true }
            if value == Self.bothSidesOfNextPart, namesPairedPart(after: index, before: sentence.upperBound, tokens) { return true }
        }
        return false
    }

    /// Whether one of the two words after a token is a paired part of the body
    /// (`laterality.tsv`): "both knees", "both lower extremities".
    func namesPairedPart(after index: Int, before end: Int, _ tokens: UnsafeBufferPointer<Token>) -> Bool {
        var next = index + 1, seen = 0
        while next < end, seen < 2 {
            if tokens[next].kind == .word {
                let word = tokens[next].normalized
                if pairedParts.value(word, hash: WordHash.hash(word, namespace: WordHash.word)) != nil { return true }
                seen += 1
            }
            next += 1
        }
        return false
    }
}
