/// Turns a token's scalars into its matching key: NFKC, case-folded,
/// accents removed, typographic apostrophes and hyphens made ASCII, and
/// British spellings folded to American.
///
/// Pure-ASCII tokens (nearly all of an English note) skip ICU: lower-casing
/// the bytes is exactly what NFKC case folding does to ASCII.
struct Normalizer: Sendable {
    let spelling: SpellingFolder

    init(rules: TextRules) {
        spelling = SpellingFolder(rules: rules.spellingRules)
    }

    /// The normalised form of `scalars`. Spelling folding applies to words only.
    func normalize(_ scalars: ArraySlice<Unicode.Scalar>, foldSpelling: Bool) -> String {
        var ascii = true
        for scalar in scalars where scalar.value >= 0x80 {
            ascii = false
            break
        }
        let folded = ascii ? Self.lowercaseASCII(scalars) : Self.foldUnicode(scalars)
        if foldSpelling, let american = spelling.fold(folded) { return american }
        return folded
    }

    private static func lowercaseASCII(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count) { buffer in
            var index = 0
            for scalar in scalars {
                var byte = UInt8(truncatingIfNeeded: scalar.value)
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                buffer[index] = byte
                index += 1
            }
            return index
        }
    }

    private static func foldUnicode(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
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
            view.append(asciiEquivalent(of: scalar))
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
