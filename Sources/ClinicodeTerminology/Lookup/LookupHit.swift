import ClinicodeCore

/// One ranked code for a looked-up phrase.
public struct LookupHit: Sendable, Hashable {
    /// The code (billable where the hierarchy allows).
    public var code: CodeReference
    /// Its official title.
    public var title: String
    /// Relevance 0...1.
    public var score: Double
    /// Whether the code is billable.
    public var billable: Bool
    /// The lexicon term whose wording matched best (normalised).
    public var term: String
    /// The code that term belongs to, when the hit was reached by expanding
    /// it to a billable descendant (`S52.5` -> `S52.502A`); nil otherwise.
    public var expandedFrom: CodeReference?

    /// Creates a hit.
    public init(code: CodeReference, title: String, score: Double, billable: Bool, term: String, expandedFrom: CodeReference? = nil) {
        self.code = code
        self.title = title
        self.score = score
        self.billable = billable
        self.term = term
        self.expandedFrom = expandedFrom
    }
}
