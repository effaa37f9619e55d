/// One note as it flows through the pipeline: the original text and what
/// each stage found in it.
///
/// Text fills `tokens`, `sentences` and `sections`; the matcher adds
/// `mentions` (and `wordHashes`); the context stage fills each mention's `assertion`.
public struct Document: Sendable {
    /// The note's identifier (file stem or JSONL `id`).
    public let id: String
    /// The original text, untouched.
    public let text: String
    /// The text as Unicode scalars: every offset in the document indexes this.
    public let scalars: [Unicode.Scalar]
    /// Tokens in text order.
    public var tokens: [Token] = [] {
        // Hashes of other tokens would be wrong, not merely missing.
        didSet { wordHashes = [] }
    }
    /// Per token, `NoteWordHash` (namespace `word`) of its normalised form
    /// for words and numbers and 0 for other tokens, as the matcher worked
    /// it out for the ranker; empty before matching and whenever `tokens`
    /// is changed.
    public var wordHashes: [UInt64] = []
    /// Sentences in text order; their token ranges partition `tokens`.
    public var sentences: [Sentence] = []
    /// Sections in text order; index 0 may be a `.none` preamble.
    public var sections: [Section] = []
    /// Concept mentions in text order.
    public var mentions: [Mention] = []
    /// Problems met while reading the note (e.g. invalid UTF-8 replaced).
    public var warnings: [String] = []

    /// Creates a document with no annotations yet.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
        self.scalars = text.unicodeScalarArray
    }

    /// The original surface of a span.
    public func surface(_ span: TextSpan) -> String {
        let lower = max(0, min(span.start, scalars.count))
        let upper = max(lower, min(span.end, scalars.count))
        return String(scalars: scalars[lower..<upper])
    }

    /// The section a sentence belongs to.
    public func section(ofSentence index: Int) -> Section {
        sections[sentences[index].section]
    }
}
