import ClinicodeCore

/// What the ranker needs to know about one code.
struct CatalogNode: Sendable {
    var code: CodeReference
    var title: String
    var billable: Bool
    var parent: CodeReference?
    var children: [CodeReference]
}

/// The ranker's view of the terminology: code hierarchy, Excludes1 notes,
/// word informativeness and loose retrieval. `Terminology` conforms; tests may
/// use small fakes.
protocol CodeCatalog: Sendable {
    /// The code's title, billability and neighbours.
    func node(_ code: CodeReference) -> CatalogNode?
    /// Whether an Excludes1 note of `code` (or of its ancestors) names `other`.
    func excludes(_ code: CodeReference, _ other: CodeReference) -> Bool
    /// Informativeness of a normalised word (hash from `WordHash`), about 0...10.
    func informativeness(_ wordHash: UInt64) -> Double
    /// Codes whose terms resemble the words of a sentence window (loose retrieval).
    func retrieve(_ document: Document, sentences: Range<Int>) -> [(code: CodeReference, score: Double)]
}
