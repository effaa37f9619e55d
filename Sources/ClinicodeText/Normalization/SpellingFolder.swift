/// Folds British spellings to American ones (`oedema` -> `edema`,
/// `haematoma` -> `hematoma`) on already lower-cased words, from the rules
/// in `Lexicons/text/spelling-variants.tsv`.
///
/// Whole-word rules are tried first (also with a plural `s`), then the
/// longest matching prefix rule, then the longest matching suffix rule.
/// Hyphen- and slash-separated parts are folded one by one.
///
/// Runs on every word of every note, so it works on UTF-8 bytes and never
/// builds a `String`: a `SpellingFilter` rules out nearly every word before
/// any table is touched (the normaliser asks it on the registers it
/// lower-cases short words into), whole words are found in a `WordTable`,
/// and affix rules live in flat arrays bucketed by their first (prefix) or
/// last (suffix) byte.
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
    /// Rules out nearly every word before any table is touched.
    let filter: SpellingFilter
    private let prefixes: AffixTable
    private let suffixes: AffixTable

    init(rules: [TextRules.SpellingRule]) {
        var british: [String] = []
        var americans: [[UInt8]] = []
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
            case .prefix: prefixes.append((bytes, american))
            case .suffix: suffixes.append((bytes, american))
            }
        }
        words = WordTable(british)
        self.americans = americans
        filter = SpellingFilter(words: british.map { Array($0.utf8) }, prefixes: prefixes.map(\.british),
                                suffixes: suffixes.map(\.british))
        self.prefixes = AffixTable(prefixes, keyedByLast: false)
        self.suffixes = AffixTable(suffixes, keyedByLast: true)
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
        // Nearly always no rule may apply to any part: then nothing is built.
        var partStart = 0
        var mayFold = false
        for index in 0...bytes.count
        where index == bytes.count || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "/") {
            if filter.mayFold(UnsafeBufferPointer(rebasing: bytes[partStart..<index])) {
                mayFold = true
                break
            }
            partStart = index + 1
        }
        guard mayFold else { return nil }
        // Fold each part of a hyphenated or slashed word on its own.
        var result: [UInt8] = []
        var changed = false
        partStart = 0
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
        guard filter.mayFold(bytes), let first = bytes.first, let last = bytes.last else { return nil }
        let count = bytes.count
        if let id = words.id(of: bytes) { return americans[Int(id)] }
        if last == UInt8(ascii: "s"), count > 3, let id = words.id(of: UnsafeBufferPointer(rebasing: bytes[..<(count - 1)])) {
            return americans[Int(id)] + [UInt8(ascii: "s")]
        }
        if let (length, american) = prefixes.match(bytes, key: first, atEnd: false) {
            return american + bytes[length...]
        }
        if let (length, american) = suffixes.match(bytes, key: last, atEnd: true) {
            return Array(bytes[..<(count - length)]) + american
        }
        return nil
    }
}
