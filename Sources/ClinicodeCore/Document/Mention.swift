/// Where a mention's match came from in the lexicon.
public enum MatchSource: UInt8, Sendable, Hashable, Codable {
    /// A code title.
    case title
    /// An inclusion term.
    case inclusion
    /// A curated or user synonym.
    case synonym
    /// Found through an abbreviation's expansion.
    case abbreviation
    /// A loose retrieval hit (TF-IDF window), not a lexicon term match.
    case retrieval
}

/// A concept found in a note: the text that names it, the codes it may mean,
/// and (once the context stage has run) its assertion.
public struct Mention: Sendable, Hashable {
    /// The covering span in the original text (first to last matched token).
    public var span: TextSpan
    /// Indices of the covered tokens in `Document.tokens` (first..<last+1;
    /// a discontinuous mention may skip tokens in between).
    public var tokens: Range<Int>
    /// Index of the sentence in `Document.sentences`.
    public var sentence: Int
    /// Identifier of the matched lexicon term in the model (stable within one model).
    public var termID: Int
    /// The matched lexicon term, normalised.
    public var term: String
    /// Candidate codes the term points to, best first.
    public var codes: [CodeReference]
    /// How completely the text covers the term, 0...1 (1 = every informative word).
    public var coverage: Double
    /// Where the term came from.
    public var source: MatchSource
    /// The context stage's verdict (defaults until that stage runs).
    public var assertion: Assertion

    /// Creates a mention.
    public init(
        span: TextSpan, tokens: Range<Int>, sentence: Int, termID: Int, term: String,
        codes: [CodeReference], coverage: Double = 1, source: MatchSource = .title,
        assertion: Assertion = Assertion()
    ) {
        self.span = span
        self.tokens = tokens
        self.sentence = sentence
        self.termID = termID
        self.term = term
        self.codes = codes
        self.coverage = coverage
        self.source = source
        self.assertion = assertion
    }
}
