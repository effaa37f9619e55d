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
    /// Whether its scope ends at a comma: a procedure cue ("s/p",
    /// "appendectomy") speaks of its own list item, so in "PMH: HTN, HLD,
    /// s/p appendectomy" it must not reach HTN and HLD.
    public var staysInClause: Bool

    /// Creates a rule.
    public init(
        phrase: String, words: [String], kind: TriggerKind, direction: ScopeDirection, staysInClause: Bool = false
    ) {
        self.phrase = phrase
        self.words = words
        self.kind = kind
        self.direction = direction
        self.staysInClause = staysInClause
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
