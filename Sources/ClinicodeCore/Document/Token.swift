/// One token of a note, with its place in the original text and the folded
/// form every later stage compares.
public struct Token: Hashable, Sendable {
    /// What sort of token this is.
    public enum Kind: UInt8, Sendable, Hashable, Codable {
        /// Letters, possibly with digits or inner hyphens/slashes (`T2DM`, `COVID-19`, `s/p`).
        case word
        /// A number, possibly decimal or a ratio (`2.5`, `140/90`).
        case number
        /// Punctuation (`.`, `,`, `:`, `(`...).
        case punctuation
        /// Other symbols (`+`, `-` as a finding, `%`, `#`, `>`).
        case symbol
        /// A list enumerator at the start of a line (`1.`, `2)`, `a.`).
        case enumerator
    }

    /// Surface facts about a token that the stages use for decisions.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        /// Creates flags from their raw bits.
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Every letter is upper case and there are at least two letters (`HTN`, `HPI`).
        @inlinable public static var allCaps: Flags { Flags(rawValue: 1 << 0) }
        /// First letter upper case, the rest not all upper case.
        @inlinable public static var capitalized: Flags { Flags(rawValue: 1 << 1) }
        /// The token is the first on its line.
        @inlinable public static var startsLine: Flags { Flags(rawValue: 1 << 2) }
        /// Whitespace (or the end of text) follows the token.
        @inlinable public static var spaceAfter: Flags { Flags(rawValue: 1 << 3) }
        /// The token contains at least one digit.
        @inlinable public static var hasDigit: Flags { Flags(rawValue: 1 << 4) }
        /// A blank line (or the start of the text) precedes the token.
        @inlinable public static var startsParagraph: Flags { Flags(rawValue: 1 << 5) }
    }

    /// Where the token is in the original text (Unicode scalar offsets).
    public var span: TextSpan
    /// The normalised form: NFKC, case-folded, accents removed, British
    /// spellings folded to American (`Ménière` -> `meniere`, `oedema` -> `edema`).
    public var normalized: String
    /// The token's kind.
    public var kind: Kind
    /// Surface facts.
    public var flags: Flags

    /// Creates a token.
    @inlinable
    public init(span: TextSpan, normalized: String, kind: Kind, flags: Flags = []) {
        self.span = span
        self.normalized = normalized
        self.kind = kind
        self.flags = flags
    }
}
