/// Turns a token's scalars into its matching key: NFKC, case-folded,
/// accents removed, typographic apostrophes and hyphens made ASCII, and
/// British spellings folded to American.
///
/// Pure-ASCII tokens (nearly all of an English note) skip ICU: lower-casing
/// the bytes is exactly what NFKC case folding does to ASCII. Short ones
/// (up to 15 bytes) are lower-cased into two registers that are checked
/// against the spelling rules and become the string's inline form, with no
/// buffer, no UTF-8 validation and no allocation. Tokens whose
/// other scalars are all Latin letters (U+0080..<U+0250: `Ménière`,
/// `Sjögren`, `Straße`) skip it too, through a table of per-scalar folds
/// that ICU itself fills when the normaliser is made; anything else
/// (combining marks, full-width forms, other scripts) goes through ICU.
struct Normalizer: Sendable {
    let spelling: SpellingFolder
    // The folded UTF-8 of scalar `v` in `latinRange` is
    // `latinBytes[latinStart[v - 0x80]..<latinStart[v - 0x80 + 1]]`.
    private let latinBytes: [UInt8]
    private let latinStart: [Int]
    private static let latinRange: Range<UInt32> = 0x80..<0x250
    private let smallStrings = SmallASCIIString()
    // A copy of `spelling.filter`, asked for every word without touching the folder.
    private let spellingFilter: SpellingFilter

    init(rules: TextRules) {
        spelling = SpellingFolder(rules: rules.spellingRules)
        spellingFilter = spelling.filter
        (latinBytes, latinStart) = Self.latinFolds(batched: true)
    }

    /// The folds of the scalars of `latinRange`, back to back as UTF-8,
    /// and where each starts (one more start than scalars).
    ///
    /// Batched, the scalars go through ICU together, each followed by
    /// U+0000, which every fold keeps and which composes and reorders with
    /// nothing: one pass rather than one per scalar (each with its own
    /// buffers and string), which cost about 2.6M instructions at start-up.
    /// Unbatched (and if the batch does not come back in as many parts),
    /// one scalar at a time; a test checks that both agree.
    static func latinFolds(batched: Bool) -> (bytes: [UInt8], starts: [Int]) {
        var bytes: [UInt8] = []
        var starts = [0]
        if batched {
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(2 * latinRange.count)
            for value in latinRange {
                scalars.append(Unicode.Scalar(value)!)
                scalars.append("\u{0}")
            }
            let folded = scalars.withUnsafeBufferPointer { Self.foldUnicode($0) }
            let parts = Array(folded.utf8).split(separator: 0, omittingEmptySubsequences: false)
            // The last separator leaves an empty part after it.
            if parts.count == latinRange.count + 1 {
                for part in parts.dropLast() {
                    bytes += part
                    starts.append(bytes.count)
                }
                return (bytes, starts)
            }
            starts = [0]
        }
        for value in latinRange {
            let folded = [Unicode.Scalar(value)!].withUnsafeBufferPointer { Self.foldUnicode($0) }
            bytes += folded.utf8
            starts.append(bytes.count)
        }
        return (bytes, starts)
    }

    /// The fold of a token whose scalars are all ASCII or in `latinRange`,
    /// as UTF-8; nil when some scalar is outside the table.
    private func foldLatin(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(scalars.count * 2)
        for scalar in scalars {
            let value = scalar.value
            if value < 0x80 {
                output.append(UInt8(truncatingIfNeeded: value &- 0x41 < 26 ? value | 0x20 : value))
            } else if Self.latinRange.contains(value) {
                let index = Int(value - 0x80)
                output += latinBytes[latinStart[index]..<latinStart[index + 1]]
            } else {
                return nil
            }
        }
        return output
    }

    /// The normalised form of a word made only of ASCII letters (nearly
    /// every word of a note): its lower-cased bytes, spelling-folded. The
    /// tokenizer has already checked the scalars, so nothing is re-checked.
    func normalizeLetters(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> String {
        let count = scalars.count
        guard count <= SmallASCIIString.capacity else { return normalize(scalars, foldSpelling: true) }
        // Lower-cased straight into two registers, which are the string's
        // inline form; the spelling rules are ruled out on the same registers.
        // Four scalars are packed at a time: overlapping reads cover a
        // length that is not a multiple of four, never past the word.
        let base = UnsafeRawPointer(scalars.baseAddress!)
        var low: UInt64 = 0
        var high: UInt64 = 0
        if count >= 8 {
            low = UInt64(Self.pack4(base)) | UInt64(Self.pack4(base + 16)) << 32
            if count > 8 {
                let last = UInt64(Self.pack4(base + 4 * (count - 8))) | UInt64(Self.pack4(base + 4 * (count - 4))) << 32
                high = last >> UInt64(8 * (16 - count))
            }
        } else if count >= 4 {
            low = UInt64(Self.pack4(base)) | UInt64(Self.pack4(base + 4 * (count - 4))) << UInt64(8 * (count - 4))
        } else {
            for index in 0..<count { low |= UInt64(scalars[index].value | 0x20) << UInt64(8 * index) }
        }
        return packedASCII(low: low, high: high, count: count, foldSpelling: true, hasSeparator: false)
    }

    /// The normalised form of a word of `count` (1...15) ASCII letters
    /// already lower-cased and packed little-endian in `low` (bytes 0-7)
    /// and `high` (bytes 8-14), zero above `count`, its last (up to) eight
    /// bytes in `last`: spelling-folded.
    @inline(__always)
    func normalizePackedLetters(low: UInt64, high: UInt64, last: UInt64, count: Int) -> String {
        if spellingFilter.mayFold(low: low, last: last, count: count) {
            return foldedASCII(low: low, high: high, count: count, hasSeparator: false)
        }
        return smallStrings.make(low: low, high: high, count: count)
    }

    /// The normalised form of a one-scalar ASCII mark (punctuation or a
    /// symbol, about a fifth of a note's tokens): the byte itself, which no
    /// fold changes (spelling rules apply to words only).
    @inline(__always)
    func normalizeMark(_ value: UInt32) -> String {
        smallStrings.make(low: UInt64(value), high: 0, count: 1)
    }

    /// The normalised form of a number of `count` (1...8) ASCII digits
    /// packed little-endian in `bytes`: the digits themselves (no fold
    /// changes a digit; spelling rules apply to words only).
    @inline(__always)
    func normalizeDigits(_ bytes: UInt64, count: Int) -> String {
        smallStrings.make(low: bytes, high: 0, count: count)
    }

    /// Four ASCII letter scalars at `scalars`, lower-cased, as four bytes (the first lowest).
    @inline(__always)
    private static func pack4(_ scalars: UnsafeRawPointer) -> UInt32 {
        // `Unicode.Scalar` is layout-compatible with its `UInt32` value.
        let first = scalars.load(as: UInt32.self), second = scalars.load(fromByteOffset: 4, as: UInt32.self)
        let third = scalars.load(fromByteOffset: 8, as: UInt32.self), fourth = scalars.load(fromByteOffset: 12, as: UInt32.self)
        return (first | second << 8 | third << 16 | fourth << 24) | 0x2020_2020
    }

    /// The string of `count` ASCII bytes packed in two words, spelling-folded when asked.
    @inline(__always)
    private func packedASCII(low: UInt64, high: UInt64, count: Int, foldSpelling: Bool, hasSeparator: Bool) -> String {
        if foldSpelling && (hasSeparator || spellingFilter.mayFold(low: low, high: high, count: count)) {
            return foldedASCII(low: low, high: high, count: count, hasSeparator: hasSeparator)
        }
        return smallStrings.make(low: low, high: high, count: count)
    }

    /// `packedASCII` for a word the spelling filter passed on (a few in a
    /// hundred): out of line, so the common path stays small.
    @inline(never)
    private func foldedASCII(low: UInt64, high: UInt64, count: Int, hasSeparator: Bool) -> String {
        if let american = spelling.fold(low: low, high: high, count: count, hasSeparator: hasSeparator) {
            return String(decoding: american, as: UTF8.self)
        }
        return smallStrings.make(low: low, high: high, count: count)
    }

    /// The normalised form of `scalars`. Spelling folding applies to words only.
    func normalize(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, foldSpelling: Bool) -> String {
        let count = scalars.count
        if count <= SmallASCIIString.capacity {
            var low: UInt64 = 0
            var high: UInt64 = 0
            var hasSeparator = false
            var isASCII = true
            for index in 0..<count {
                let value = scalars[index].value
                if value >= 0x80 {
                    isASCII = false
                    break
                }
                let byte = value &- 0x41 < 26 ? value | 0x20 : value
                hasSeparator = hasSeparator || byte == 0x2D || byte == 0x2F  // - /
                if index < 8 { low |= UInt64(byte) << UInt64(8 * index) } else { high |= UInt64(byte) << UInt64(8 * (index - 8)) }
            }
            if isASCII {
                return packedASCII(low: low, high: high, count: count, foldSpelling: foldSpelling, hasSeparator: hasSeparator)
            }
        } else {
            // Long ASCII tokens: lower-cased into a buffer, the string made once from the final bytes.
            let ascii = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer -> String? in
                var hasSeparator = false
                for index in 0..<count {
                    let value = scalars[index].value
                    if value >= 0x80 { return nil }
                    var byte = UInt8(truncatingIfNeeded: value)
                    if byte &- 0x41 < 26 { byte |= 0x20 }
                    hasSeparator = hasSeparator || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
                    buffer[index] = byte
                }
                let bytes = UnsafeBufferPointer(buffer)
                if foldSpelling, let american = spelling.fold(bytes, hasSeparator: hasSeparator) {
                    return String(decoding: american, as: UTF8.self)
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            if let ascii { return ascii }
        }
        if let latin = foldLatin(scalars) {
            let replacement = foldSpelling
                ? latin.withUnsafeBufferPointer { spelling.fold($0, hasSeparator: $0.contains { $0 == 0x2D || $0 == 0x2F }) }
                : nil
            return String(decoding: replacement ?? latin, as: UTF8.self)
        }
        var unicode = Self.foldUnicode(scalars)
        guard foldSpelling else { return unicode }
        let replacement = unicode.withUTF8 { bytes in
            spelling.fold(bytes, hasSeparator: bytes.contains { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") })
        }
        return replacement.map { String(decoding: $0, as: UTF8.self) } ?? unicode
    }

    /// The normalised form of a string taken as one token.
    func normalize(_ text: String, foldSpelling: Bool) -> String {
        Array(text.unicodeScalars).withUnsafeBufferPointer { normalize($0, foldSpelling: foldSpelling) }
    }

    private static func foldUnicode(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> String {
        var utf16: [UInt16] = []
        utf16.reserveCapacity(scalars.count + 4)
        for scalar in scalars {
            utf16.append(contentsOf: UTF16.encode(scalar)!)
        }
        guard let caseFolded = ICU.nfkcCaseFold(utf16), let stripped = ICU.stripAccents(caseFolded) else {
            // ICU failed (should not happen): keep the text rather than lose the token.
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view).lowercased()
        }
        var view = String.UnicodeScalarView()
        for scalar in Unicode.Scalar.decode(utf16: stripped) {
            switch scalar.value {
            // Letters that carry no combining mark to strip but still spell
            // a Latin sequence (`hæmorrhage`, `œdema`).
            case 0xE6: view.append(contentsOf: "ae".unicodeScalars)
            case 0x153: view.append(contentsOf: "oe".unicodeScalars)
            case 0xF8: view.append("o")
            case 0x142: view.append("l")
            case 0x111, 0xF0: view.append("d")
            case 0xFE: view.append(contentsOf: "th".unicodeScalars)
            case 0x131: view.append("i")
            default: view.append(asciiEquivalent(of: scalar))
            }
        }
        return String(view)
    }

    /// Typographic apostrophes and hyphens, which NFKC keeps, folded to ASCII
    /// so `Crohn’s` matches `Crohn's` and `non‑small` matches `non-small`.
    @inline(__always)
    static func asciiEquivalent(of scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2018, 0x2019, 0x02BC, 0x00B4, 0x2032: return "'"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63, 0xFF0D: return "-"
        default: return scalar
        }
    }
}

extension Unicode.Scalar {
    /// Decodes UTF-16 into scalars, replacing unpaired surrogates.
    static func decode(utf16 units: [UInt16]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.append(scalar)
            case .emptyInput: break loop
            case .error: result.append("\u{FFFD}")
            }
        }
        return result
    }
}
