/// The tokenizer's facts about the non-ASCII scalars notes use most
/// (Latin letters with accents, Greek `μ` and `α`, `°`, `®`, `×`, bullets,
/// typographic quotes and dashes), worked out once from the Unicode
/// properties and then read from a table.
///
/// Asking the standard library for a scalar's properties costs a table
/// search of its own (a few hundred nanoseconds), and the tokenizer asks
/// several times per scalar (its class where it starts, in its word's
/// segment, after the word before it): a note's few non-ASCII scalars cost
/// about as much as a few hundred ASCII words. The table is built the first
/// time a non-ASCII scalar is met, from the same functions it stands in
/// for, so every answer is the same.
enum CommonScalarFacts {
    /// Bits of one entry beside the class (its raw value, the low three bits).
    private static let uppercase: UInt8 = 1 << 3
    private static let lowercase: UInt8 = 1 << 4
    private static let symbol: UInt8 = 1 << 5

    /// The ranges in the table: Latin-1 to Cyrillic, and General Punctuation.
    private static let first: ClosedRange<UInt32> = 0x80...0x3FF
    private static let second: ClosedRange<UInt32> = 0x2000...0x206F

    private static let table: [UInt8] = (Array(first) + Array(second)).map { value in
        let scalar = Unicode.Scalar(value)!
        var entry = ScalarClass.classifyByProperties(scalar).rawValue
        if scalar.properties.isUppercase { entry |= uppercase }
        if scalar.properties.isLowercase { entry |= lowercase }
        if Tokenizer.isSymbolByCategory(scalar) { entry |= symbol }
        return entry
    }

    /// The table entry of `value`, nil outside the table's ranges.
    @inline(__always)
    private static func entry(_ value: UInt32) -> UInt8? {
        if first.contains(value) { return table[Int(value &- first.lowerBound)] }
        if second.contains(value) { return table[first.count + Int(value &- second.lowerBound)] }
        return nil
    }

    /// The class of `scalar`, nil outside the table.
    static func scalarClass(_ scalar: Unicode.Scalar) -> ScalarClass? {
        entry(scalar.value).map { ScalarClass(rawValue: $0 & 7)! }
    }

    /// Whether `scalar` is upper-case, nil outside the table.
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool? {
        entry(scalar.value).map { $0 & uppercase != 0 }
    }

    /// Whether `scalar` is lower-case, nil outside the table.
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool? {
        entry(scalar.value).map { $0 & lowercase != 0 }
    }

    /// Whether `scalar` is a symbol (`Tokenizer.isSymbol`), nil outside the table.
    static func isSymbol(_ scalar: Unicode.Scalar) -> Bool? {
        entry(scalar.value).map { $0 & symbol != 0 }
    }
}
