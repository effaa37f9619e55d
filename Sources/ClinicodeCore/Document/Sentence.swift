/// A sentence (or list item, or heading line) of a note.
public struct Sentence: Hashable, Sendable {
    /// The text it covers.
    public var span: TextSpan
    /// Indices of its tokens in `Document.tokens`.
    public var tokens: Range<Int>
    /// Index of its section in `Document.sections`.
    public var section: Int

    /// Creates a sentence.
    public init(span: TextSpan, tokens: Range<Int>, section: Int) {
        self.span = span
        self.tokens = tokens
        self.section = section
    }
}
