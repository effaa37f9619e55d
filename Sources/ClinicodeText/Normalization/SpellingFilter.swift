/// Rules out, from a word's first and last bytes and its length, nearly
/// every word no spelling rule can apply to, before `SpellingFolder`
/// touches a table: it runs on every word of every note.
///
/// Three small Bloom filters (two bits per key): the first four bytes and
/// length of every whole-word rule (and its plural), the first
/// `prefixKeyLength` bytes of every prefix rule and the last
/// `suffixKeyLength` bytes of every suffix rule. Four bytes rule out far
/// more words than two ("-ed", "-al" and "an-" are common; "-ised", "haem-"
/// are not), but common endings still share the last four bytes of a suffix
/// rule ("examination" and "-isation", "lesions" and "-isations"), so a
/// suffix key that matches is checked against the last eight bytes of every
/// suffix rule before the word is passed on. The filters are small enough
/// to stay in the L1 cache next to the tokenizer's data (64 Kbit filters
/// missed it on every word).
///
/// A value of its own, apart from the folder's tables: the normaliser keeps
/// a copy next to its other per-word data (asking the whole folder made the
/// compiler copy it for every word).
struct SpellingFilter: Sendable {
    private let wordKeys: [UInt64]
    private let prefixKeys: [UInt64]
    private let suffixKeys: [UInt64]
    private let prefixKeyLength: Int
    private let suffixKeyLength: Int
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

    // Filter sizes (log 2) for the ~150 whole-word and ~20 affix rules of the lexicon.
    private static let wordKeyBits = 15
    private static let affixKeyBits = 12

    /// A filter for whole-word rules `words`, `prefixes` and `suffixes` (British UTF-8 bytes).
    init(words: [[UInt8]], prefixes: [[UInt8]], suffixes: [[UInt8]]) {
        var wordKeys = [UInt64](repeating: 0, count: 1 << (Self.wordKeyBits - 6))
        for word in words {
            for form in [word, word + [UInt8(ascii: "s")]] {
                let (head, _) = form.withUnsafeBufferPointer { Self.ends($0) }
                Self.insert(Self.wordKey(head: head, count: form.count), into: &wordKeys, bits: Self.wordKeyBits)
            }
        }
        let prefixKeyLength = min(4, prefixes.map(\.count).min() ?? 4)
        let suffixKeyLength = min(4, suffixes.map(\.count).min() ?? 4)
        var prefixKeys = [UInt64](repeating: 0, count: 1 << (Self.affixKeyBits - 6))
        for prefix in prefixes {
            let (head, _) = prefix.withUnsafeBufferPointer { Self.ends($0) }
            Self.insert(Self.prefixKey(head: head, length: prefixKeyLength), into: &prefixKeys, bits: Self.affixKeyBits)
        }
        var suffixKeys = [UInt64](repeating: 0, count: 1 << (Self.affixKeyBits - 6))
        var suffixEnds: [SuffixEnd] = []
        var suffixBucketStart = [Int](repeating: 0, count: 257)
        for suffix in suffixes.sorted(by: { $0.last! < $1.last! }) {
            let (_, last) = suffix.withUnsafeBufferPointer { Self.ends($0) }
            let key = Self.suffixKey(last: last, count: suffix.count, length: suffixKeyLength)
            Self.insert(key, into: &suffixKeys, bits: Self.affixKeyBits)
            suffixEnds.append(SuffixEnd(bytes: last, mask: Self.mask(min(8, suffix.count)), length: suffix.count))
            suffixBucketStart[Int(suffix.last!) + 1] += 1
        }
        for byte in 0..<256 { suffixBucketStart[byte + 1] += suffixBucketStart[byte] }
        self.wordKeys = wordKeys
        self.prefixKeys = prefixKeys
        self.suffixKeys = suffixKeys
        self.prefixKeyLength = prefixKeyLength
        self.suffixKeyLength = suffixKeyLength
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
        return mayFold(head: head, last: last, count: bytes.count)
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
        return mayFold(head: UInt32(truncatingIfNeeded: low), last: last, count: count)
    }

    /// The three filters are read and their answers combined without a
    /// branch between them: on the words of a note each test went either
    /// way (the length test alone: "of", "a", "the" against longer words),
    /// while the combined answer is nearly always no.
    @inline(__always)
    private func mayFold(head: UInt32, last: UInt64, count: Int) -> Bool {
        let word = Self.hit(Self.wordKey(head: head, count: count), in: wordKeys, bits: Self.wordKeyBits)
        // An affix rule needs a longer word than the affix, which has at least `…KeyLength` bytes.
        let prefix = Self.hit(Self.prefixKey(head: head, length: prefixKeyLength), in: prefixKeys, bits: Self.affixKeyBits)
            & UInt64(truncatingIfNeeded: (count > prefixKeyLength) ? 1 : 0)
        let suffix = Self.hit(Self.suffixKey(last: last, count: count, length: suffixKeyLength), in: suffixKeys,
                              bits: Self.affixKeyBits)
            & UInt64(truncatingIfNeeded: (count > suffixKeyLength) ? 1 : 0)
        let long = UInt64(truncatingIfNeeded: (count >= shortestWord) ? 1 : 0)
        guard (word | prefix | suffix) & long != 0 else { return false }
        return word | prefix != 0 || endsLikeSuffix(last: last, count: count)
    }

    /// Whether the last bytes of a word match the last (up to) eight bytes
    /// of a suffix rule shorter than the word.
    @inline(never)
    private func endsLikeSuffix(last: UInt64, count: Int) -> Bool {
        let kept = min(8, count)
        let lastByte = Int(truncatingIfNeeded: last &>> UInt64(8 * (kept - 1))) & 0xFF
        for rule in suffixEnds[suffixBucketStart[lastByte]..<suffixBucketStart[lastByte + 1]] where count > rule.length {
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

    @inline(__always)
    private static func wordKey(head: UInt32, count: Int) -> UInt64 {
        UInt64(head) | UInt64(truncatingIfNeeded: count) << 32
    }

    /// The first `length` (at most 4, at most the word's) bytes.
    @inline(__always)
    private static func prefixKey(head: UInt32, length: Int) -> UInt64 {
        UInt64(head) & mask(length) | UInt64(truncatingIfNeeded: length) << 32
    }

    /// The last `length` (at most 4, at most `count`) bytes of a word of `count` bytes.
    @inline(__always)
    private static func suffixKey(last: UInt64, count: Int, length: Int) -> UInt64 {
        // Truncating: `mayFold` also makes the key of a word shorter than `length` (and ignores it).
        last &>> UInt64(truncatingIfNeeded: 8 &* (min(8, count) &- length)) & mask(length)
            | UInt64(truncatingIfNeeded: length) << 32
    }

    /// Two bits per key, from the top and the next bits of one product.
    @inline(__always)
    private static func slots(_ key: UInt64, bits: Int) -> (Int, Int) {
        let mixed = key &* 0x9E37_79B9_7F4A_7C15
        return (Int(truncatingIfNeeded: mixed &>> UInt64(64 - bits)),
                Int(truncatingIfNeeded: mixed &>> UInt64(64 - 2 * bits)) & (1 << bits - 1))
    }

    private static func insert(_ key: UInt64, into set: inout [UInt64], bits: Int) {
        let (first, second) = slots(key, bits: bits)
        set[first >> 6] |= 1 << UInt64(first & 63)
        set[second >> 6] |= 1 << UInt64(second & 63)
    }

    /// 1 when both of `key`'s bits are set in `set`, else 0 (no branch).
    @inline(__always)
    private static func hit(_ key: UInt64, in set: [UInt64], bits: Int) -> UInt64 {
        let (first, second) = slots(key, bits: bits)
        return set.withUnsafeBufferPointer { words in
            words[first >> 6] &>> UInt64(first & 63) & words[second >> 6] &>> UInt64(second & 63) & 1
        }
    }
}
