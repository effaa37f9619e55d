/// Folds British spellings to American ones (`oedema` -> `edema`,
/// `haematoma` -> `hematoma`) on already lower-cased ASCII words, from the
/// rules in `Lexicons/text/spelling-variants.tsv`.
///
/// Whole-word rules are tried first (also with a plural `s`), then the
/// longest matching prefix rule, then the longest matching suffix rule.
/// Hyphen- and slash-separated parts are folded one by one.
struct SpellingFolder: Sendable {
    private typealias Affix = (british: [UInt8], american: [UInt8])

    private let words: [String: String]
    // Affix rules bucketed by their first (prefix) or last (suffix) byte,
    // longest first, so a token pays for a handful of comparisons at most.
    private let prefixes: [[Affix]]
    private let suffixes: [[Affix]]
    let isEmpty: Bool

    init(rules: [TextRules.SpellingRule]) {
        var words: [String: String] = [:]
        var prefixes = [[Affix]](repeating: [], count: 128)
        var suffixes = [[Affix]](repeating: [], count: 128)
        for rule in rules {
            let british = Array(rule.british.utf8), american = Array(rule.american.utf8)
            guard let first = british.first, let last = british.last, first < 128, last < 128 else { continue }
            switch rule.scope {
            case .word: words[rule.british] = words[rule.british] ?? rule.american
            case .prefix: prefixes[Int(first)].append((british, american))
            case .suffix: suffixes[Int(last)].append((british, american))
            }
        }
        self.words = words
        self.prefixes = prefixes.map { $0.sorted { $0.british.count > $1.british.count } }
        self.suffixes = suffixes.map { $0.sorted { $0.british.count > $1.british.count } }
        isEmpty = rules.isEmpty
    }

    /// The American form of a lower-case ASCII word, or nil when unchanged.
    func fold(_ word: String) -> String? {
        if isEmpty || word.isEmpty { return nil }
        if let whole = foldPart(word) { return whole }
        let utf8 = word.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }) else { return nil }
        // Fold each part of a hyphenated or slashed word on its own.
        var changed = false
        var result = ""
        var partStart = utf8.startIndex
        var index = utf8.startIndex
        while true {
            let atEnd = index == utf8.endIndex
            if atEnd || utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "/") {
                let part = String(word[partStart..<index])
                if let folded = foldPart(part) {
                    result += folded
                    changed = true
                } else {
                    result += part
                }
                if atEnd { break }
                result.unicodeScalars.append(Unicode.Scalar(utf8[index]))
                partStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        return changed ? result : nil
    }

    private func foldPart(_ part: String) -> String? {
        if let american = words[part] { return american }
        let bytes = Array(part.utf8)
        guard let first = bytes.first, let last = bytes.last else { return nil }
        if last == UInt8(ascii: "s"), bytes.count > 3, let american = words[String(part.dropLast())] {
            return american + "s"
        }
        if first < 128 {
            for rule in prefixes[Int(first)] where bytes.count > rule.british.count && bytes.starts(with: rule.british) {
                return String(decoding: rule.american + bytes[rule.british.count...], as: UTF8.self)
            }
        }
        if last < 128 {
            for rule in suffixes[Int(last)]
            where bytes.count > rule.british.count && bytes.suffix(rule.british.count).elementsEqual(rule.british) {
                return String(decoding: bytes[..<(bytes.count - rule.british.count)] + rule.american, as: UTF8.self)
            }
        }
        return nil
    }
}
