/// Folds British spellings to American ones (`oedema` -> `edema`,
/// `haematoma` -> `hematoma`) on already lower-cased words, from the rules
/// in `Lexicons/text/spelling-variants.tsv`.
///
/// Whole-word rules are tried first (also with a plural `s`), then the
/// longest matching prefix rule, then the longest matching suffix rule.
/// Hyphen- and slash-separated parts are folded one by one.
///
/// Runs on every word of every note, so it works on UTF-8 bytes and only
/// builds a `String` when a rule may apply: a 64 Kbit filter over (length,
/// first, second, last byte) rules out nearly every word before the
/// dictionary is touched.
struct SpellingFolder: Sendable {
    private typealias Affix = (british: [UInt8], american: [UInt8])

    private let words: [String: String]
    private let wordFilter: [UInt64]
    // Affix rules bucketed by their first (prefix) or last (suffix) byte,
    // longest first, so a word pays for a handful of comparisons at most.
    private let prefixes: [[Affix]]
    private let suffixes: [[Affix]]
    private let isEmpty: Bool

    init(rules: [TextRules.SpellingRule]) {
        var words: [String: String] = [:]
        var filter = [UInt64](repeating: 0, count: 1024)
        var prefixes = [[Affix]](repeating: [], count: 128)
        var suffixes = [[Affix]](repeating: [], count: 128)
        for rule in rules {
            let british = Array(rule.british.utf8), american = Array(rule.american.utf8)
            guard let first = british.first, let last = british.last, first < 128, last < 128 else { continue }
            switch rule.scope {
            case .word:
                if words[rule.british] == nil { words[rule.british] = rule.american }
                let slot = british.withUnsafeBufferPointer { Self.signature($0) }
                filter[slot >> 6] |= 1 << UInt64(slot & 63)
            case .prefix: prefixes[Int(first)].append((british, american))
            case .suffix: suffixes[Int(last)].append((british, american))
            }
        }
        self.words = words
        wordFilter = filter
        self.prefixes = prefixes.map { $0.sorted { $0.british.count > $1.british.count } }
        self.suffixes = suffixes.map { $0.sorted { $0.british.count > $1.british.count } }
        isEmpty = rules.isEmpty
    }

    @inline(__always)
    private static func signature(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        guard count > 1 else { return count }
        var mixed = UInt32(truncatingIfNeeded: count) &* 0x9E37_79B1
        mixed = (mixed ^ UInt32(bytes[0])) &* 0x85EB_CA6B
        mixed = (mixed ^ UInt32(bytes[1])) &* 0xC2B2_AE35
        mixed = (mixed ^ UInt32(bytes[count - 1])) &* 0x27D4_EB2F
        return Int((mixed >> 16) ^ (mixed & 0xFFFF))
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

    /// Whether `bytes` starts (or, with `atEnd`, ends) with `affix`.
    @inline(__always)
    private static func has(_ affix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> Bool {
        let count = affix.count
        guard bytes.count > count else { return false }
        let offset = atEnd ? bytes.count - count : 0
        return affix.withUnsafeBufferPointer { affix in
            var index = 0
            while index < count {
                if bytes[offset + index] != affix[index] { return false }
                index += 1
            }
            return true
        }
    }

    private func foldPart(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let first = bytes.first, let last = bytes.last else { return nil }
        if mayBeWord(bytes), let american = words[String(decoding: bytes, as: UTF8.self)] {
            return Array(american.utf8)
        }
        if last == UInt8(ascii: "s"), bytes.count > 3 {
            let singular = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
            if mayBeWord(singular), let american = words[String(decoding: singular, as: UTF8.self)] {
                return Array(american.utf8) + [UInt8(ascii: "s")]
            }
        }
        if first < 128 {
            for rule in prefixes[Int(first)] where Self.has(rule.british, in: bytes, atEnd: false) {
                return rule.american + bytes[rule.british.count...]
            }
        }
        if last < 128 {
            for rule in suffixes[Int(last)] where Self.has(rule.british, in: bytes, atEnd: true) {
                return Array(bytes[..<(bytes.count - rule.british.count)]) + rule.american
            }
        }
        return nil
    }
}
