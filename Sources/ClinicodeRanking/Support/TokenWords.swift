import ClinicodeCore

/// One note's token words as the collector's contexts read them: each word
/// or number token's `WordHash` and the title word `CueWords.titleWords`
/// gives it, worked out on first use. A mention's neighbourhood lies in its
/// sentence, whose context was made first, so its words are hashed once per
/// note instead of once per sentence and again per mention.
struct TokenWords {
    /// Per token: the word hash (valid when `state` is not `unknown`).
    private var hashes: [UInt64]
    /// Per token: the title word it stands for (valid when `state` is `titled`).
    private var titles: [UInt64]
    private var states: [UInt8]

    private static let unknown: UInt8 = 0, plain: UInt8 = 1, titled: UInt8 = 2

    /// An empty cache for a note of `count` tokens.
    init(count: Int) {
        hashes = [UInt64](repeating: 0, count: count)
        titles = [UInt64](repeating: 0, count: count)
        states = [UInt8](repeating: Self.unknown, count: count)
    }

    /// The word hash of token `index` of `tokens` (the note's) and its title word, if any.
    @inline(__always)
    mutating func word(_ index: Int, of tokens: UnsafeBufferPointer<Token>, cues: CueWords) -> (hash: UInt64, title: UInt64?) {
        switch states[index] {
        case Self.plain: return (hashes[index], nil)
        case Self.titled: return (hashes[index], titles[index])
        default:
            let text = tokens[index].normalized
            let hash = WordHash.hash(text, namespace: WordHash.word)
            hashes[index] = hash
            if let title = cues.titleWords.value(text, hash: hash) {
                titles[index] = title
                states[index] = Self.titled
                return (hash, title)
            }
            states[index] = Self.plain
            return (hash, nil)
        }
    }
}
