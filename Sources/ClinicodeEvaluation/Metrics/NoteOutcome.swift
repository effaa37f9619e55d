/// How one gold document fared, at code level.
public struct NoteOutcome: Sendable, Hashable, Codable {
    /// The document identifier.
    public var id: String
    /// Whether the document was processed (a note existed for it).
    public var hasNote: Bool
    /// Average precision over its full ranking.
    public var averagePrecision: Double
    /// Gold codes found in the top k, in rank order.
    public var hits: [String]
    /// Gold codes not in the top k, in gold order.
    public var missed: [String]
    /// Codes in the top k that are not gold, in rank order.
    public var spurious: [String]
    /// 1-based rank of each missed code in the full ranking, or nil when not ranked at all.
    public var missedRanks: [Int?]

    /// Creates an outcome.
    public init(id: String, hasNote: Bool, averagePrecision: Double, hits: [String],
                missed: [String], spurious: [String], missedRanks: [Int?]) {
        self.id = id
        self.hasNote = hasNote
        self.averagePrecision = averagePrecision
        self.hits = hits
        self.missed = missed
        self.spurious = spurious
        self.missedRanks = missedRanks
    }
}
