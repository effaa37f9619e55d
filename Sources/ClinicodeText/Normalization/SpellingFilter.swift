/// Rules out, from a word's first and last bytes and its length, nearly
/// every word no spelling rule can apply to, before `SpellingFolder`
/// touches a table: it runs on every word of every note.
///
/// Two small blocked Bloom filters (two bits per key, both in one 64-bit
/// word, so one load per filter): the first (up to) four bytes of every
/// whole-word rule and every prefix rule, and the last `tailKeyLength`
/// bytes of every suffix rule. Four bytes rule out far more words than two
/// ("-ed", "-al" and "an-" are common; "-ised", "haem-" are not), but common
/// endings still share the last four bytes of a suffix rule ("examination"
/// and "-isation", "lesions" and "-isations"), so a suffix key that matches
/// is checked against the last eight bytes of every suffix rule before the
/// word is passed on. The filters are small enough to stay in the L1 cache
/// next to the tokenizer's data (64 Kbit filters missed it on every word).
///
/// Whole-word and prefix rules share the head filter, keyed by the first
/// bytes and the length (a prefix rule's key is in it for every length
/// above the prefix's): three filters (a whole-word one, a prefix one and
/// a suffix one), each reading two bits from two words, cost about a sixth
/// of the text stage (the keys, products and loads of every word, not
/// cache misses: a word filter an eighth the size ran as fast). Nor did
/// reading one word of every filter line at the start of a note, so the
/// lines load together (text stage alone: 42.9 ms with, 42.2 without).
///
/// A value of its own, apart from the folder's tables: the normaliser keeps
/// a copy next to its other per-word data (asking the whole folder made the
/// compiler copy it for every word).
struct SpellingFilter: Sendable {
    /// The head filter's words, then the tail filter's.
    private let keys: [UInt64]
    /// The low bytes of a word its head key keeps (at most four, the shortest word or prefix rule's length).
    private let headMask: UInt64
    private let tailKeyLength: Int
    /// The low `tailKeyLength` bytes set.
    private let tailMask: UInt64
    /// The last `min(8, length)` bytes (little-endian) and the length of
    /// every suffix rule; the rules ending in byte `b` are
    /// `suffixEnds[suffixBucketStart[b]..<suffixBucketStart[b + 1]]`.
    private let suffixEnds: [SuffixEnd]
    private let suffixBucketStart: [Int]
    /// No rule applies to a word shorter than this ("of", "the").
    let shortestWord: Int

    private struct SuffixEnd: Sendable {
        var bytes: UInt64
        var mask: UInt64
        var length: Int
    }

    // Words (log 2) per filter, for the ~320 whole-word (and plural) and ~35 affix keys of the lexicon.
    private static let wordBits = 8
    private static let filterWords = 1 << wordBits

    /// A filter for whole-word rules `words`, `prefixes` and `suffixes` (British UTF-8 bytes).
    init(words: [[UInt8]], prefixes: [[UInt8]], suffixes: [[UInt8]]) {
        // A word rule's plural (`…s`) has the word's head: the word is at least `headKeyLength` long.
        let headKeyLength = max(1, min(4, (words + prefixes).map(\.count).min() ?? 4))
        let tailKeyLength = max(1, min(4, suffixes.map(\.count).min() ?? 4))
        var keys = [UInt64](repeating: 0, count: 2 * Self.filterWords)
        let headMask = Self.mask(headKeyLength)
        // Keyed with the word's length (capped): a word rule applies at its
        // own length and its plural's, a prefix rule at every greater one.
        for word in words {
            let (head, _) = word.withUnsafeBufferPointer { Self.ends($0) }
            for count in [word.count, word.count + 1] {
                Self.insert(Self.headKey(UInt64(head) & headMask, count: count), into: &keys, offset: 0)
            }
        }
        for prefix in prefixes {
            let (head, _) = prefix.withUnsafeBufferPointer { Self.ends($0) }
            for count in (prefix.count + 1)...max(prefix.count + 1, Self.longestCount) {
                Self.insert(Self.headKey(UInt64(head) & headMask, count: count), into: &keys, offset: 0)
            }
        }
        var suffixEnds: [SuffixEnd] = []
        var suffixBucketStart = [Int](repeating: 0, count: 257)
        for suffix in suffixes.sorted(by: { $0.last! < $1.last! }) {
            let (_, last) = suffix.withUnsafeBufferPointer { Self.ends($0) }
            let key = Self.tailKey(last: last, count: suffix.count, length: tailKeyLength, mask: Self.mask(tailKeyLength))
            Self.insert(key, into: &keys, offset: Self.filterWords)
            suffixEnds.append(SuffixEnd(bytes: last, mask: Self.mask(min(8, suffix.count)), length: suffix.count))
            suffixBucketStart[Int(suffix.last!) + 1] += 1
        }
        for byte in 0..<256 { suffixBucketStart[byte + 1] += suffixBucketStart[byte] }
        self.keys = keys
        self.headMask = headMask
        self.tailKeyLength = tailKeyLength
        tailMask = Self.mask(tailKeyLength)
        self.suffixEnds = suffixEnds
        self.suffixBucketStart = suffixBucketStart
        let lengths = words.map(\.count) + (prefixes + suffixes).map { $0.count + 1 }
        shortestWord = max(2, lengths.min() ?? Int.max)
    }

    /// Whether some rule may apply to `bytes`, a word without separators.
    @inline(__always)
    func mayFold(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= shortestWord else { return false }
        let (head, last) = Self.ends(bytes)
        return mayFold(head: UInt64(head), last: last, count: bytes.count)
    }

    /// Whether some rule may apply to the word of `count` (at most 15) ASCII
    /// bytes packed little-endian in `low` and `high`, as the normaliser
    /// holds short words.
    @inline(__always)
    func mayFold(low: UInt64, high: UInt64, count: Int) -> Bool {
        // Selects, not branches: a word of up to eight bytes is nearly every one, but not predictably.
        let shift = UInt64(truncatingIfNeeded: 8 &* (count &- 8)) & 63
        let spliced = low &>> shift | high &<< (64 &- shift)
        let last = count <= 8 ? low : spliced
        return mayFold(head: low, last: last, count: count)
    }

    /// `mayFold(low:high:count:)` for a word whose last (up to) eight bytes
    /// the caller already holds in `last`.
    @inline(__always)
    func mayFold(low: UInt64, last: UInt64, count: Int) -> Bool {
        mayFold(head: low, last: last, count: count)
    }

    /// The two filters are read and their answers combined without a
    /// branch between them: on the words of a note each test went either
    /// way (the length test alone: "of", "a", "the" against longer words),
    /// while the combined answer is nearly always no.
    @inline(__always)
    private func mayFold(head: UInt64, last: UInt64, count: Int) -> Bool {
        // The fields are read before the closure, which then captures two
        // keys rather than the whole filter: capturing `self` copied all
        // seven words of it onto the stack for every word of a note.
        let headKey = Self.headKey(head & headMask, count: count)
        // Not gated on the word being longer than `tailKeyLength` (a
        // branch that went either way on "the", "and", "with" against
        // longer words): a shorter word's key is garbage, but
        // `endsLikeSuffix` then compares the lengths.
        let tailKey = Self.tailKey(last: last, count: count, length: tailKeyLength, mask: tailMask)
        let (headHit, tailHit) = keys.withUnsafeBufferPointer { keys in
            (Self.hit(headKey, in: keys, offset: 0), Self.hit(tailKey, in: keys, offset: Self.filterWords))
        }
        // 1 when `count >= shortestWord`, from the sign of a difference:
        // written as a comparison, it became a branch that went either
        // way ("of", "the", "and" against longer words).
        let long = UInt64(bitPattern: Int64(truncatingIfNeeded: shortestWord &- 1 &- count)) &>> 63
        guard (headHit | tailHit) & long != 0 else { return false }
        return headHit != 0
            || Self.endsLikeSuffix(last: last, count: count, suffixEnds: suffixEnds, bucketStart: suffixBucketStart)
    }

    /// Whether the last bytes of a word match the last (up to) eight bytes
    /// of a suffix rule shorter than the word.
    /// Static, passed the two arrays it reads: as a method it took the
    /// filter in memory, which the caller copied onto the stack for every word.
    @inline(never)
    private static func endsLikeSuffix(last: UInt64, count: Int, suffixEnds: [SuffixEnd], bucketStart: [Int]) -> Bool {
        let kept = min(8, count)
        let lastByte = Int(truncatingIfNeeded: last &>> UInt64(8 * (kept - 1))) & 0xFF
        for rule in suffixEnds[bucketStart[lastByte]..<bucketStart[lastByte + 1]] where count > rule.length {
            // The rule is shorter than the word, so `kept` covers its compared bytes.
            if last &>> UInt64(8 * (kept - min(8, rule.length))) & rule.mask == rule.bytes { return true }
        }
        return false
    }

    /// The first four and the last eight bytes (fewer in a shorter word), little-endian, zero-padded.
    @inline(__always)
    private static func ends(_ bytes: UnsafeBufferPointer<UInt8>) -> (head: UInt32, last: UInt64) {
        let count = bytes.count
        if count >= 8, let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            return (UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)),
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)))
        }
        var packed: UInt64 = 0
        for index in 0..<count { packed |= UInt64(bytes[index]) << UInt64(8 * index) }
        return (UInt32(truncatingIfNeeded: packed), packed)
    }

    /// The low `length` (1...8) bytes.
    @inline(__always)
    private static func mask(_ length: Int) -> UInt64 { UInt64.max &>> UInt64(64 - 8 * length) }

    /// Word lengths from this one up share a head key.
    private static let longestCount = 16

    /// The head key of a word of `count` bytes whose first bytes are `head`:
    /// the length (capped) is part of it, so that a word with a rule's head
    /// but not its length ("tumor" beside "tumour", "colon" beside
    /// "colour") is ruled out here, not by the folder's tables.
    @inline(__always)
    private static func headKey(_ head: UInt64, count: Int) -> UInt64 {
        head | UInt64(truncatingIfNeeded: min(count, longestCount)) &<< 32
    }

    /// The last `length` (at most 4, at most `count`) bytes of a word of
    /// `count` bytes; `mask` is `mask(length)`.
    @inline(__always)
    private static func tailKey(last: UInt64, count: Int, length: Int, mask: UInt64) -> UInt64 {
        // Truncating: `mayFold` also makes the key of a word shorter than `length` (and ignores it).
        last &>> (UInt64(truncatingIfNeeded: 8 &* (min(8, count) &- length)) & 63) & mask
    }

    /// Two bits of one filter word per key, from the top bits (the word) and
    /// two groups of six bits below them (the bits) of one product: a
    /// product's low bits depend on the key's low bits alone.
    private static func insert(_ key: UInt64, into set: inout [UInt64], offset: Int) {
        let mixed = key &* 0x9E37_79B9_7F4A_7C15
        let word = offset + Int(truncatingIfNeeded: mixed &>> UInt64(64 - wordBits))
        set[word] |= 1 << (mixed &>> 44 & 63) | 1 << (mixed &>> 50 & 63)
    }

    /// 1 when both of `key`'s bits are set in its word of the filter at `offset`, else 0 (no branch).
    @inline(__always)
    private static func hit(_ key: UInt64, in set: UnsafeBufferPointer<UInt64>, offset: Int) -> UInt64 {
        let mixed = key &* 0x9E37_79B9_7F4A_7C15
        let word = set[offset &+ Int(truncatingIfNeeded: mixed &>> UInt64(64 - wordBits))]
        return word &>> (mixed &>> 44 & 63) & word &>> (mixed &>> 50 & 63) & 1
    }
}
