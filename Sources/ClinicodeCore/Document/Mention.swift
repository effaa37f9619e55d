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
///
/// Equality and hashing leave out `codeIDs`, a look-up cache beside `codes`.
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
    /// The ids the matching terminology gives the first of `codes` (see
    /// `CodeIDs`): the matcher had them, and the ranker would otherwise find
    /// each again from its code string. Empty for mentions made elsewhere.
    public var codeIDs = CodeIDs()

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

    /// Equal when every field but the `codeIDs` cache is.
    public static func == (lhs: Mention, rhs: Mention) -> Bool {
        lhs.span == rhs.span && lhs.tokens == rhs.tokens && lhs.sentence == rhs.sentence && lhs.termID == rhs.termID
            && lhs.term == rhs.term && lhs.codes == rhs.codes && lhs.coverage == rhs.coverage && lhs.source == rhs.source
            && lhs.assertion == rhs.assertion
    }

    /// Hashes every field but the `codeIDs` cache.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(span)
        hasher.combine(tokens)
        hasher.combine(sentence)
        hasher.combine(termID)
        hasher.combine(term)
        hasher.combine(codes)
        hasher.combine(coverage)
        hasher.combine(source)
        hasher.combine(assertion)
    }
}

extension Mention {
    /// The ids of a mention's first few codes in the terminology that
    /// matched it (its `codeID(of:)`), held inline: an array per mention
    /// would cost an allocation. A hint, not a fact: whoever reads an id
    /// checks that it names the code it stands beside (`codes` may have
    /// been changed since, or the reader may use another terminology).
    public struct CodeIDs: Sendable, Hashable {
        /// How many codes keep their id (the ranker reads a mention's first three).
        public static let capacity = 3
        /// The ids, -1 where unknown.
        private var first: Int32 = -1, second: Int32 = -1, third: Int32 = -1

        /// No ids known.
        public init() {}

        /// The ids of the first `capacity` codes, in order (any further ones are dropped).
        public init(_ ids: some Sequence<Int>) {
            for (position, id) in ids.prefix(Self.capacity).enumerated() { self[position] = id }
        }

        /// The id of the code at `position` in `Mention.codes`, when known.
        public subscript(position: Int) -> Int? {
            get {
                let id: Int32
                switch position {
                case 0: id = first
                case 1: id = second
                case 2: id = third
                default: return nil
                }
                return id < 0 ? nil : Int(id)
            }
            set {
                let id = newValue.flatMap { $0 >= 0 && $0 <= Int(Int32.max) ? Int32($0) : nil } ?? -1
                switch position {
                case 0: first = id
                case 1: second = id
                case 2: third = id
                default: break
                }
            }
        }
    }
}
