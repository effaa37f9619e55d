/// The coarse class of a Unicode scalar, as the tokenizer sees it.
enum ScalarClass: UInt8 {
    case letter, digit, space, newline
    /// Combining marks, joiners, variation selectors: they extend the previous token.
    case extend
    /// Punctuation and symbols.
    case other

    /// Classifies a scalar; ASCII takes a branch-only fast path.
    @inline(__always)
    init(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            // Letters first, with arithmetic rather than a range switch: most scalars are letters.
            if (value | 0x20) &- 0x61 < 26 {
                self = .letter
            } else if value &- 0x30 < 10 {
                self = .digit
            } else if value == 0x20 {
                self = .space
            } else if value &- 0x0A < 4 {
                self = .newline
            } else if value < 0x20 || value == 0x7F {
                self = .space
            } else {
                self = .other
            }
            return
        }
        self = Self.classifyNonASCII(scalar)
    }

    // Never inlined: Unicode properties are resilient stdlib types whose
    // metadata lookups and stack allocations would otherwise run in the
    // prologue of every caller, for every token, even on pure ASCII.
    @inline(never)
    private static func classifyNonASCII(_ scalar: Unicode.Scalar) -> ScalarClass {
        CommonScalarFacts.scalarClass(scalar) ?? classifyByProperties(scalar)
    }

    /// The class of a non-ASCII scalar from its Unicode properties.
    static func classifyByProperties(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar.value {
        case 0x85, 0x2028, 0x2029: return .newline
        case 0x200D, 0x200C, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F, 0xE0100...0xE01EF, 0x00AD:
            return .extend
        default: break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .extend
        case .decimalNumber: return .digit
        case .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .format,
             .surrogate, .unassigned, .privateUse:
            return .space
        default: break
        }
        if properties.isWhitespace { return .space }
        if properties.isAlphabetic { return .letter }
        return .other
    }

    /// Whether the class can be part of a word or number.
    @inline(__always) var isAlphanumeric: Bool { self == .letter || self == .digit }
}

extension Unicode.Scalar {
    /// Whether the scalar is an upper-case letter (ASCII fast path).
    @inline(__always) var isUpperLetter: Bool {
        value < 0x80 ? (value >= 0x41 && value <= 0x5A) : Self.isUppercaseNonASCII(self)
    }

    /// Whether the scalar is a lower-case letter (ASCII fast path).
    @inline(__always) var isLowerLetter: Bool {
        value < 0x80 ? (value >= 0x61 && value <= 0x7A) : Self.isLowercaseNonASCII(self)
    }

    @inline(never)
    private static func isUppercaseNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        CommonScalarFacts.isUppercase(scalar) ?? scalar.properties.isUppercase
    }

    @inline(never)
    private static func isLowercaseNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        CommonScalarFacts.isLowercase(scalar) ?? scalar.properties.isLowercase
    }
}
