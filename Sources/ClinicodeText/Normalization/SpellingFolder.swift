/// Folds British spellings to American ones (`oedema` -> `edema`,
/// `haematoma` -> `hematoma`) on already lower-cased words, from the rules
/// in `Lexicons/text/spelling-variants.tsv`.
///
/// Whole-word rules are tried first (also with a plural `s`), then the
/// longest matching prefix rule, then the longest matching suffix rule.
/// Hyphen- and slash-separated parts are folded one by one.
///
/// Runs on every word of every note, so it works on UTF-8 bytes and only
/// builds a `String` when a rule may apply: an 8 Kbit filter over (length,
/// first, second, last byte) rules out nearly every word before the
/// dictionary is touched, 4 Kbit filters over the first and last four bytes
/// do the same for affix rules, and affix rules live in flat arrays bucketed
/// by their first (prefix) or last (suffix) byte.
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

    private let words: [String: String]
    private let wordFilter: [UInt64]
    private let prefixes: AffixTable
    private let suffixes: AffixTable
    // 4 Kbit maps of the first (prefix rules) and last (suffix rules)
    // `…KeyLength` bytes of every affix: nearly every word skips the affix
    // tables. Four bytes rule out far more words than two ("-ed", "-al" and
    // "an-" are common; "-ised", "haem-" are not).
    private let prefixKeys: [UInt64]
    private let suffixKeys: [UInt64]
    private let prefixKeyLength: Int
    private let suffixKeyLength: Int
    private let isEmpty: Bool
    // No rule applies to a part shorter than this ("of", "the"): skip it.
    private let shortestWord: Int

    init(rules: [TextRules.SpellingRule]) {
        var words: [String: String] = [:]
        var filter = [UInt64](repeating: 0, count: 1 << (Self.wordFilterBits - 6))
        var prefixes: [(british: [UInt8], american: [UInt8])] = []
        var suffixes: [(british: [UInt8], american: [UInt8])] = []
        for rule in rules {
            let british = Array(rule.british.utf8), american = Array(rule.american.utf8)
            guard let first = british.first, let last = british.last, first < 128, last < 128 else { continue }
            switch rule.scope {
            case .word:
                if words[rule.british] == nil { words[rule.british] = rule.american }
                let slot = british.withUnsafeBufferPointer { Self.signature($0) }
                filter[slot >> 6] |= 1 << UInt64(slot & 63)
            case .prefix: prefixes.append((british, american))
            case .suffix: suffixes.append((british, american))
            }
        }
        self.words = words
        wordFilter = filter
        prefixKeyLength = min(4, prefixes.map(\.british.count).min() ?? 4)
        suffixKeyLength = min(4, suffixes.map(\.british.count).min() ?? 4)
        prefixKeys = Self.keyMap(prefixes.map(\.british), length: prefixKeyLength, atEnd: false)
        suffixKeys = Self.keyMap(suffixes.map(\.british), length: suffixKeyLength, atEnd: true)
        self.prefixes = AffixTable(prefixes, keyedByLast: false)
        self.suffixes = AffixTable(suffixes, keyedByLast: true)
        isEmpty = rules.isEmpty
        shortestWord = rules.map { $0.british.utf8.count + ($0.scope == .word ? 0 : 1) }.min() ?? Int.max
    }

    private static func keyMap(_ affixes: [[UInt8]], length: Int, atEnd: Bool) -> [UInt64] {
        var map = [UInt64](repeating: 0, count: 1 << (Self.keyFilterBits - 6))
        for affix in affixes {
            let slot = affix.withUnsafeBufferPointer { key($0, length: length, atEnd: atEnd) }
            map[slot >> 6] |= 1 << UInt64(slot & 63)
        }
        return map
    }

    /// A 16-bit hash of the first (or last) `length` bytes; `bytes` has at least `length`.
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, length: Int, atEnd: Bool) -> Int {
        let start = atEnd ? bytes.count - length : 0
        var packed = UInt32(truncatingIfNeeded: length)
        for index in start..<(start + length) { packed = packed << 8 | UInt32(bytes[index]) }
        let mixed = packed &* 0x9E37_79B1
        return Int(mixed >> (32 - keyFilterBits))
    }

    @inline(__always)
    private static func hasKey(_ map: [UInt64], _ bytes: UnsafeBufferPointer<UInt8>, length: Int, atEnd: Bool) -> Bool {
        // An affix rule needs a longer word than the affix, which has at least `length` bytes.
        guard bytes.count > length else { return false }
        let slot = key(bytes, length: length, atEnd: atEnd)
        return map[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    // Filter sizes, in bits (log 2): small enough to stay in the L1 cache
    // next to the tokenizer's data (64 Kbit filters missed it on every word),
    // large enough that a false positive is rare: 2 and 0.5 percent for the
    // ~150 whole-word and ~20 affix rules of the lexicon.
    private static let wordFilterBits = 13
    private static let keyFilterBits = 12

    @inline(__always)
    private static func signature(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        guard count > 1 else { return count }
        var mixed = UInt32(truncatingIfNeeded: count) &* 0x9E37_79B1
        mixed = (mixed ^ UInt32(bytes[0])) &* 0x85EB_CA6B
        mixed = (mixed ^ UInt32(bytes[1])) &* 0xC2B2_AE35
        mixed = (mixed ^ UInt32(bytes[count - 1])) &* 0x27D4_EB2F
        return Int((mixed >> 16) ^ (mixed & 0xFFFF)) & (1 << wordFilterBits - 1)
    }

    @inline(__always)
    private func mayBeWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let slot = Self.signature(bytes)
        return wordFilter[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// The American form of a lower-case word, or nil when unchanged.
    /// `hasSeparator` says whether the word contains `-` or `/`.
    func fold(_ bytes: UnsafeBufferPointer<UInt8>, hasSeparator: Bool) -> [UInt8]? {
        if isEmpty || bytes.isEmpty { return nil }
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
        guard bytes.count >= max(shortestWord, 2), let first = bytes.first, let last = bytes.last else { return nil }
        if mayBeWord(bytes), let american = words[String(decoding: bytes, as: UTF8.self)] {
            return Array(american.utf8)
        }
        if last == UInt8(ascii: "s"), bytes.count > 3 {
            let singular = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
            if mayBeWord(singular), let american = words[String(decoding: singular, as: UTF8.self)] {
                return Array(american.utf8) + [UInt8(ascii: "s")]
            }
        }
        if Self.hasKey(prefixKeys, bytes, length: prefixKeyLength, atEnd: false),
           let (length, american) = prefixes.match(bytes, key: first, atEnd: false) {
            return american + bytes[length...]
        }
        if Self.hasKey(suffixKeys, bytes, length: suffixKeyLength, atEnd: true),
           let (length, american) = suffixes.match(bytes, key: last, atEnd: true) {
            return Array(bytes[..<(bytes.count - length)]) + american
        }
        return nil
    }
}
