/// The figures at one level of detail: full codes, or categories (code prefixes).
public struct LevelMetrics: Sendable, Hashable, Codable {
    /// Characters of the code compared (nil: the whole code).
    public var prefix: Int?
    /// The cut-off for the set metrics.
    public var k: Int
    /// Gold documents (each scored, including those nothing was predicted for).
    public var documents: Int
    /// Gold documents with at least one predicted code.
    public var documentsPredicted: Int
    /// Distinct (document, code) gold pairs at this level.
    public var goldCodes: Int
    /// Mean over gold documents of average precision over the full ranking (CodiEsp MAP).
    public var meanAveragePrecision: Double
    /// Pooled precision, recall and F1 over the top k of each document.
    public var micro: PrecisionRecallF1
    /// Per-code precision, recall and F1 at k, averaged over every code in gold or in a top k.
    public var macro: PrecisionRecallF1
    /// Pooled recall at several depths.
    public var recallAtDepths: [RecallAtDepth]

    /// Creates a record.
    public init(prefix: Int?, k: Int, documents: Int, documentsPredicted: Int, goldCodes: Int,
                meanAveragePrecision: Double, micro: PrecisionRecallF1, macro: PrecisionRecallF1,
                recallAtDepths: [RecallAtDepth]) {
        self.prefix = prefix
        self.k = k
        self.documents = documents
        self.documentsPredicted = documentsPredicted
        self.goldCodes = goldCodes
        self.meanAveragePrecision = meanAveragePrecision
        self.micro = micro
        self.macro = macro
        self.recallAtDepths = recallAtDepths
    }

    /// Pooled recall at `depth`, when it was computed.
    public func recall(at depth: Int) -> Double? {
        recallAtDepths.first { $0.depth == depth }?.recall
    }
}
