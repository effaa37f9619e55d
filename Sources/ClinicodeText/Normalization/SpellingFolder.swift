/// Folds British spellings to American ones (`oedema` -> `edema`,
/// `haematoma` -> `hematoma`) on already lower-cased words, from the rules
/// in `Lexicons/text/spelling-variants.tsv`.
///
/// Whole-word rules are tried first (also with a plural `s`), then the
/// longest matching prefix rule, then the longest matching suffix rule.
/// Hyphen- and slash-separated parts are folded one by one.
///
/// Runs on every word of every note, so it works on UTF-8 bytes and never
/// builds a `String`: three bit sets over a word's first and last four
/// bytes and its length rule out nearly every word before any table is
/// touched (the normaliser asks them on the registers it lowercases short
/// words into), whole words are found in a `WordTable`, and affix rules live
/// in flat arrays bucketed by their first (prefix) or last (suffix) byte.
struct SpellingFolder: Sendable {
    /// Affix rules of one kind, flattened: rule `i` has British bytes
    /// `british[britishStart[i]..<britishStart[i + 1]]`; the rules whose key
    /// byte is `b` are `bucketStart[b]..<bucketStart[b + 1]`, longest first.
    private struct AffixTable: Sendable {
        var british: [UInt8] = []
        var britishStart: [Int] = [0]
        var american: [[UInt8]] = []
        var bucketStart = [Int](repeating: 0, count: 129)

        init(_ rules: [(british: [UInt8], american: [UInt8])], keyedByLast: Bool) {
            let sorted = rules.sorted {
                let left = keyedByLast ? $0.british.last! : $0.british.first!
                let right = keyedByLast ? $1.british.last! : $1.british.first!
                return left != right ? left < right : $0.british.count > $1.british.count
            }
            var counts = [Int](repeating: 0, count: 128)
            for rule in sorted {
                british += rule.british
                britishStart.append(british.count)
                american.append(rule.american)
                counts[Int(keyedByLast ? rule.british.last! : rule.british.first!)] += 1
            }
            for byte in 0..<128 { bucketStart[byte + 1] = bucketStart[byte] + counts[byte] }
        }

        /// The first rule in `key`'s bucket matching `bytes`: its British length and American bytes.
        @inline(__always)
        func match(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt8, atEnd: Bool) -> (Int, [UInt8])? {
            guard key < 128 else { return nil }
            var rule = bucketStart[Int(key)]
            let end = bucketStart[Int(key) + 1]
            while rule < end {
                let start = britishStart[rule], length = britishStart[rule + 1] - start
                if bytes.count > length {
                    let offset = atEnd ? bytes.count - length : 0
                    var index = 0
                    while index < length, bytes[offset + index] == british[start + index] { index += 1 }
                    if index == length { return (length, american[rule]) }
                }
                rule += 1
            }
            return nil
        }
    }

    // Whole-word rules: British words by id, American bytes by the same id.
    private let words: WordTable
    private let americans: [[UInt8]]
    /// Rules out nearly every word before any table is touched. A small
    /// value of its own, which the normaliser keeps next to its other
    /// per-word data: asking the whole folder made the compiler copy it for
    /// every word.
    let filter: Filter
    private let prefixes: AffixTable
    private let suffixes: AffixTable

    init(rules: [TextRules.SpellingRule]) {
        var british: [String] = []
        var americans: [[UInt8]] = []
        var wordKeys = [UInt64](repeating: 0, count: 1 << (Filter.wordKeyBits - 6))
        var prefixes: [(british: [UInt8], american: [UInt8])] = []
        var suffixes: [(british: [UInt8], american: [UInt8])] = []
        for rule in rules {
            let bytes = Array(rule.british.utf8), american = Array(rule.american.utf8)
            guard let first = bytes.first, let last = bytes.last, first < 128, last < 128 else { continue }
            switch rule.scope {
            case .word:
                // A repeated word keeps its first rule (`WordTable` keeps the first id).
                british.append(rule.british)
                americans.append(american)
                for form in [bytes, bytes + [UInt8(ascii: "s")]] {
                    let (head, _) = form.withUnsafeBufferPointer { Filter.ends($0) }
                    Filter.insert(Filter.wordKey(head: head, count: form.count), into: &wordKeys, bits: Filter.wordKeyBits)
                }
            case .prefix: prefixes.append((bytes, american))
            case .suffix: suffixes.append((bytes, american))
            }
        }
        words = WordTable(british)
        self.americans = americans
        let prefixKeyLength = min(4, prefixes.map(\.british.count).min() ?? 4)
        let suffixKeyLength = min(4, suffixes.map(\.british.count).min() ?? 4)
        var prefixKeys = [UInt64](repeating: 0, count: 1 << (Filter.affixKeyBits - 6))
        for prefix in prefixes {
            let (head, _) = prefix.british.withUnsafeBufferPointer { Filter.ends($0) }
            Filter.insert(Filter.prefixKey(head: head, length: prefixKeyLength), into: &prefixKeys, bits: Filter.affixKeyBits)
        }
        var suffixKeys = [UInt64](repeating: 0, count: 1 << (Filter.affixKeyBits - 6))
        for suffix in suffixes {
            let (_, tail) = suffix.british.withUnsafeBufferPointer { Filter.ends($0) }
            let key = Filter.suffixKey(tail: tail, count: suffix.british.count, length: suffixKeyLength)
            Filter.insert(key, into: &suffixKeys, bits: Filter.affixKeyBits)
        }
        self.prefixes = AffixTable(prefixes, keyedByLast: false)
        self.suffixes = AffixTable(suffixes, keyedByLast: true)
        filter = Filter(
            wordKeys: wordKeys, prefixKeys: prefixKeys, suffixKeys: suffixKeys,
            prefixKeyLength: prefixKeyLength, suffixKeyLength: suffixKeyLength,
            shortestWord: max(2, rules.map { $0.british.utf8.count + ($0.scope == .word ? 0 : 1) }.min() ?? Int.max))
    }

    /// Three small bit sets, one hashed key per word each: the first four
    /// bytes and length of every whole-word rule (and its plural), the first
    /// `prefixKeyLength` bytes of every prefix rule and the last
    /// `suffixKeyLength` bytes of every suffix rule. Four bytes rule out far
    /// more words than two ("-ed", "-al" and "an-" are common; "-ised",
    /// "haem-" are not). Small enough to stay in the L1 cache next to the
    /// tokenizer's data (64 Kbit filters missed it on every word).
    struct Filter: Sendable {
        let wordKeys: [UInt64]
        let prefixKeys: [UInt64]
        let suffixKeys: [UInt64]
        let prefixKeyLength: Int
        let suffixKeyLength: Int
        // No rule applies to a part shorter than this ("of", "the"): skip it.
        let shortestWord: Int

        // Bit-set sizes (log 2): false positives are rare (about 2 and 0.5
        // percent for the ~150 whole-word and ~20 affix rules of the lexicon).
        static let wordKeyBits = 15
        static let affixKeyBits = 12

        /// The first and last `min(4, count)` bytes, little-endian, zero-padded.
        @inline(__always)
        static func ends(_ bytes: UnsafeBufferPointer<UInt8>) -> (head: UInt32, tail: UInt32) {
            let count = bytes.count
            if count >= 4, let base = bytes.baseAddress {
                let raw = UnsafeRawPointer(base)
                return (UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)),
                        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            }
            var packed: UInt32 = 0
            for index in 0..<count { packed |= UInt32(bytes[index]) << UInt32(8 * index) }
            return (packed, packed)
        }

        /// `ends` of the `count` (at most 15) bytes packed little-endian in `low` and `high`.
        @inline(__always)
        static func ends(low: UInt64, high: UInt64, count: Int) -> (head: UInt32, tail: UInt32) {
            let head = UInt32(truncatingIfNeeded: low)
            guard count > 4 else { return (head, head) }
            let shift = 8 * (count - 4)
            let tail: UInt64
            if shift >= 64 {
                tail = high &>> UInt64(shift - 64)
            } else {
                tail = low &>> UInt64(shift) | (shift > 32 ? high &<< UInt64(64 - shift) : 0)
            }
            return (head, UInt32(truncatingIfNeeded: tail))
        }

        @inline(__always)
        static func slot(_ key: UInt64, bits: Int) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 - bits))
        }

        static func insert(_ key: UInt64, into set: inout [UInt64], bits: Int) {
            let slot = slot(key, bits: bits)
            set[slot >> 6] |= 1 << UInt64(slot & 63)
        }

        @inline(__always)
        static func contains(_ key: UInt64, in set: [UInt64], bits: Int) -> Bool {
            let slot = slot(key, bits: bits)
            return set.withUnsafeBufferPointer { $0[slot >> 6] } & (1 << UInt64(slot & 63)) != 0
        }

        @inline(__always)
        static func wordKey(head: UInt32, count: Int) -> UInt64 {
            UInt64(head) | UInt64(truncatingIfNeeded: count) << 32
        }

        /// The first `length` (at most 4, at most the word's) bytes.
        @inline(__always)
        static func prefixKey(head: UInt32, length: Int) -> UInt64 {
            UInt64(head) & (1 << UInt64(8 * length) - 1) | UInt64(truncatingIfNeeded: length) << 32
        }

        /// The last `length` (at most 4, at most `count`) bytes of a word of `count` bytes.
        @inline(__always)
        static func suffixKey(tail: UInt32, count: Int, length: Int) -> UInt64 {
            let kept = min(4, count)
            return UInt64(tail) &>> UInt64(8 * (kept - length)) & (1 << UInt64(8 * length) - 1)
                | UInt64(truncatingIfNeeded: length) << 32
        }

        /// Whether some rule may apply to a word without separators, given its
        /// first and last bytes: false for nearly every word of a note.
        @inline(__always)
        func mayFold(head: UInt32, tail: UInt32, count: Int) -> Bool {
            guard count >= shortestWord else { return false }
            if Self.contains(Self.wordKey(head: head, count: count), in: wordKeys, bits: Self.wordKeyBits) { return true }
            // An affix rule needs a longer word than the affix, which has at least `…KeyLength` bytes.
            if count > prefixKeyLength,
               Self.contains(Self.prefixKey(head: head, length: prefixKeyLength), in: prefixKeys, bits: Self.affixKeyBits) {
                return true
            }
            return count > suffixKeyLength
                && Self.contains(Self.suffixKey(tail: tail, count: count, length: suffixKeyLength), in: suffixKeys,
                                 bits: Self.affixKeyBits)
        }

        /// `mayFold` for a word of `count` (at most 15) ASCII bytes packed
        /// little-endian in two words, as the normaliser holds short words.
        @inline(__always)
        func mayFold(low: UInt64, high: UInt64, count: Int) -> Bool {
            guard count >= shortestWord else { return false }
            let (head, tail) = Self.ends(low: low, high: high, count: count)
            return mayFold(head: head, tail: tail, count: count)
        }
    }

    /// `fold` of the `count` (at most 15) bytes packed little-endian in two words.
    @inline(never)
    func fold(low: UInt64, high: UInt64, count: Int, hasSeparator: Bool) -> [UInt8]? {
        var words = (low.littleEndian, high.littleEndian)
        return withUnsafeBytes(of: &words) { raw in
            raw.withMemoryRebound(to: UInt8.self) { bytes in
                fold(UnsafeBufferPointer(rebasing: bytes[..<count]), hasSeparator: hasSeparator)
            }
        }
    }

    /// The American form of a lower-case word, or nil when unchanged.
    /// `hasSeparator` says whether the word contains `-` or `/`.
    func fold(_ bytes: UnsafeBufferPointer<UInt8>, hasSeparator: Bool) -> [UInt8]? {
        if bytes.isEmpty || filter.shortestWord == Int.max { return nil }
        if !hasSeparator { return foldPart(bytes) }
        // Fold each part of a hyphenated or slashed word on its own.
        var result: [UInt8] = []
        var changed = false
        var partStart = 0
        for index in 0...bytes.count {
            guard index == bytes.count || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "/")
            else { continue }
            let part = UnsafeBufferPointer(rebasing: bytes[partStart..<index])
            if let folded = foldPart(part) {
                result += folded
                changed = true
            } else {
                result += part
            }
            if index < bytes.count { result.append(bytes[index]) }
            partStart = index + 1
        }
        return changed ? result : nil
    }

    private func foldPart(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = bytes.count
        guard count >= filter.shortestWord, let first = bytes.first, let last = bytes.last else { return nil }
        let (head, tail) = Filter.ends(bytes)
        guard filter.mayFold(head: head, tail: tail, count: count) else { return nil }
        if Filter.contains(Filter.wordKey(head: head, count: count), in: filter.wordKeys, bits: Filter.wordKeyBits) {
            if let id = words.id(of: bytes) { return americans[Int(id)] }
            if last == UInt8(ascii: "s"), count > 3,
               let id = words.id(of: UnsafeBufferPointer(rebasing: bytes[..<(count - 1)])) {
                return americans[Int(id)] + [UInt8(ascii: "s")]
            }
        }
        if count > filter.prefixKeyLength, let (length, american) = prefixes.match(bytes, key: first, atEnd: false) {
            return american + bytes[length...]
        }
        if count > filter.suffixKeyLength, let (length, american) = suffixes.match(bytes, key: last, atEnd: true) {
            return Array(bytes[..<(count - length)]) + american
        }
        return nil
    }
}
