import ClinicodeCore

/// The tokenizer's small decisions about words and marks: case flags,
/// ordinals, subtype names, symbols.
extension Tokenizer {
    static func caseFlags(upper: Int, lower: Int, firstIsUpper: Bool) -> Token.Flags {
        if upper >= 2 && lower == 0 { return .allCaps }
        if firstIsUpper { return .capitalized }
        return []
    }

    static func isOrdinalSuffix(_ tail: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
        guard tail.count == 2 else { return false }
        let first = tail[tail.startIndex].value | 0x20, second = tail[tail.startIndex + 1].value | 0x20
        switch (first, second) {
        case (0x73, 0x74), (0x6E, 0x64), (0x72, 0x64), (0x74, 0x68): return true  // st nd rd th
        default: return false
        }
    }

    /// The normalised form of the letter name `A`: kept upper case, so it is
    /// a word of its own and never the article `a` (a filler word to the
    /// matcher, which would read "hepatitis A" as plain "hepatitis").
    static let letterNameA = "A"

    /// A digit with a subtype letter (`3a`, `3b`, `2A`, `4c`: CKD stage 3a,
    /// von Willebrand type 2A, MI type 4c) is one name, not a number and a
    /// unit: split, `stage 3a` would read as `stage 3` plus the article `a`.
    static func isSubtypeName(_ token: Slice<UnsafeBufferPointer<Unicode.Scalar>>, split: Int) -> Bool {
        guard token.count == 2, split == token.startIndex + 1 else { return false }
        let letter = token[split].value | 0x20
        return letter >= 0x61 && letter <= 0x63  // a, b, c
    }

    /// Symbols (`+`, `-`, `%`, `#`, `>`, math and currency signs, emoji) as
    /// opposed to punctuation.
    static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2B, 0x2D, 0x25, 0x23, 0x3E, 0x3C, 0x3D, 0x7E, 0x5E, 0x24, 0x7C: return true
        case 0..<0x80: return false
        default: return isSymbolNonASCII(scalar)
        }
    }

    @inline(never)
    private static func isSymbolNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        CommonScalarFacts.isSymbol(scalar) ?? isSymbolByCategory(scalar)
    }

    /// Whether a scalar's general category is a symbol's.
    static func isSymbolByCategory(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }
}
