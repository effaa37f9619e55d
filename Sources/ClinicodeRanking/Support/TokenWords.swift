import ClinicodeCore

/// One note's token words as the collector's contexts read them: each word
/// or number token's `WordHash` and the title word `CueWords.titleWords`
/// gives it, worked out on first use. A mention's neighbourhood lies in its
/// sentence, whose context was made first, so its words are hashed once per
/// note instead of once per sentence and again per mention.
///
/// Held in one object for the note (hashes, title words and states side by
/// side), of which only the states are zeroed: three arrays cost three
/// allocations, each looking its generic storage type up in the runtime's
/// metadata cache, and zeroed two tables nothing reads before writing.
/// Used by one note's collection only, never copied.
struct TokenWords {
    /// Per token `i`: the word hash at `2i` (valid when its state is not
    /// `unknown`) and the title word at `2i + 1` (valid when `titled`);
    /// then the states, one byte per token. Made on first use: with the
    /// matcher's hashes (every note, in practice) the contexts read those
    /// and never ask this cache, which was allocated for nothing per note.
    private var storage: TokenWordStorage?
    private let count: Int
    /// The note's `Document.wordHashes` when the matcher filled them (each
    /// distinct word hashed once there), else empty: the words are hashed here.
    private let hashes: [UInt64]

    private static let unknown: UInt8 = 0, plain: UInt8 = 1, titled: UInt8 = 2

    /// An empty cache for a note's tokens.
    init(_ document: Document) {
        count = document.tokens.count
        hashes = document.wordHashes.count == count ? document.wordHashes : []
    }

    /// The word hash of token `index` of `tokens` (the note's) and its title word, if any.
    @inline(__always)
    mutating func word(_ index: Int, of tokens: UnsafeBufferPointer<Token>, cues: CueWords) -> (hash: UInt64, title: UInt64?) {
        precondition(index >= 0 && index < count, "token index out of range")
        let count = count
        let storage: TokenWordStorage
        if let made = self.storage {
            storage = made
        } else {
            storage = TokenWordStorage.make(count: count)
            self.storage = storage
        }
        return storage.withUnsafeMutablePointerToElements { words in
            let states = UnsafeMutableRawPointer(words + 2 * count).assumingMemoryBound(to: UInt8.self)
            switch states[index] {
            case Self.plain: return (words[2 * index], nil)
            case Self.titled: return (words[2 * index], words[2 * index + 1])
            default:
                let hash: UInt64
                if hashes.isEmpty {
                    hash = WordHash.hash(tokens[index].normalized, namespace: WordHash.word)
                } else {
                    // Most words are no title word: told by the hash alone, without reading the word.
                    hash = hashes[index]
                    if !cues.titleWords.mayContain(hash: hash) {
                        words[2 * index] = hash
                        states[index] = Self.plain
                        return (hash, nil)
                    }
                }
                words[2 * index] = hash
                if let title = cues.titleWords.value(tokens[index].normalized, hash: hash) {
                    words[2 * index + 1] = title
                    states[index] = Self.titled
                    return (hash, title)
                }
                states[index] = Self.plain
                return (hash, nil)
            }
        }
    }
}

/// The storage of `TokenWords`: `2 * count` words of hashes, then `count`
/// state bytes (rounded up to whole words), in one allocation.
final class TokenWordStorage: ManagedBuffer<Int, UInt64> {
    /// Storage for `count` tokens, every state `unknown` (0).
    static func make(count: Int) -> TokenWordStorage {
        let stateWords = (count + 7) / 8
        let made = unsafeDowncast(create(minimumCapacity: 2 * count + stateWords) { _ in count }, to: TokenWordStorage.self)
        made.withUnsafeMutablePointerToElements { words in
            // Hashes and title words are trivial values written before they are read.
            (words + 2 * count).initialize(repeating: 0, count: stateWords)
        }
        return made
    }
}
