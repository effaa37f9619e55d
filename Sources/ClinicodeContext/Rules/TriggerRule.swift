/// One row of `triggers.tsv`, already tokenised.
public struct TriggerRule: Sendable, Hashable {
    /// The phrase as written in the lexicon.
    public var phrase: String
    /// The phrase's normalised tokens (the matching key).
    public var words: [String]
    /// What it asserts.
    public var kind: TriggerKind
    /// Which way its scope runs.
    public var direction: ScopeDirection

    /// Creates a rule.
    public init(phrase: String, words: [String], kind: TriggerKind, direction: ScopeDirection) {
        self.phrase = phrase
        self.words = words
        self.kind = kind
        self.direction = direction
    }
}

/// One row of `terminators.tsv`: a phrase that ends the scopes of some kinds.
public struct TerminatorRule: Sendable, Hashable {
    /// The phrase as written.
    public var phrase: String
    /// Its normalised tokens.
    public var words: [String]
    /// Bit set of `TriggerKind.bit` values whose scopes it ends.
    public var ends: UInt16

    /// Creates a rule.
    public init(phrase: String, words: [String], ends: UInt16) {
        self.phrase = phrase
        self.words = words
        self.ends = ends
    }
}
