/// Precision, recall and their harmonic mean; each is 0 when undefined.
public struct PrecisionRecallF1: Sendable, Hashable, Codable {
    /// Precision.
    public var precision: Double
    /// Recall.
    public var recall: Double
    /// F1.
    public var f1: Double

    /// Creates a triple from its values.
    public init(precision: Double, recall: Double, f1: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
    }

    /// From counts of true positives, false positives and false negatives,
    /// with `score.py`'s convention: a 0/0 ratio is 0.
    public init(truePositives tp: Int, falsePositives fp: Int, falseNegatives fn: Int) {
        let p = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
        let r = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
        self.init(precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0)
    }
}

/// Recall over the first `depth` ranked codes of every gold document, pooled
/// (micro): found gold codes / all gold codes.
public struct RecallAtDepth: Sendable, Hashable, Codable {
    /// How many ranked codes per document count.
    public var depth: Int
    /// The pooled recall.
    public var recall: Double

    /// Creates a record.
    public init(depth: Int, recall: Double) {
        self.depth = depth
        self.recall = recall
    }
}
