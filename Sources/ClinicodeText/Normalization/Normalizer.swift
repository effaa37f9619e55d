/// Turns a token's scalars into its matching key: NFKC, case-folded,
/// accents removed, typographic apostrophes and hyphens made ASCII, and
/// British spellings folded to American.
///
/// Pure-ASCII tokens (nearly all of an English note) skip ICU: lower-casing
/// the bytes is exactly what NFKC case folding does to ASCII. Tokens whose
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
    /// The normalised form of every one-scalar ASCII token (punctuation,
    /// single digits and letters, a fifth of a note's tokens), made once.
    private let asciiSingles: [String]

    init(rules: TextRules) {
        spelling = SpellingFolder(rules: rules.spellingRules)
        var bytes: [UInt8] = []
        var starts = [0]
        for value in Self.latinRange {
            let folded = [Unicode.Scalar(value)!].withUnsafeBufferPointer { Self.foldUnicode($0) }
            bytes += folded.utf8
            starts.append(bytes.count)
        }
        latinBytes = bytes
        latinStart = starts
        // No spelling rule applies to one letter (`SpellingFolder` needs two).
        asciiSingles = (0..<128).map { value in
            let byte = UInt8(value)
            return String(decoding: [byte &- 0x41 < 26 ? byte | 0x20 : byte], as: UTF8.self)
        }
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

    /// The normalised form of `scalars`. Spelling folding applies to words only.
    func normalize(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, foldSpelling: Bool) -> String {
        let count = scalars.count
        if count == 1, scalars[0].value < 0x80 { return asciiSingles[Int(scalars[0].value)] }
        var isASCII = true
        var american: [UInt8]?
        // Lower-case ASCII straight into the string's storage (inline up to
        // 15 bytes: no allocation for nearly every token) and check the
        // spelling rules on those bytes.
        let ascii = String(unsafeUninitializedCapacity: count) { buffer in
            var hasSeparator = false
            for index in 0..<count {
                let value = scalars[index].value
                if value >= 0x80 {
                    isASCII = false
                    return 0
                }
                var byte = UInt8(truncatingIfNeeded: value)
                if byte &- 0x41 < 26 { byte |= 0x20 }
                hasSeparator = hasSeparator || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
                buffer[index] = byte
            }
            if foldSpelling {
                american = spelling.fold(UnsafeBufferPointer(rebasing: buffer[..<count]), hasSeparator: hasSeparator)
            }
            return count
        }
        if isASCII { return american.map { String(decoding: $0, as: UTF8.self) } ?? ascii }
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
