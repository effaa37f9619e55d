/// How one code fared over all gold documents, looking at the top k of each ranking.
public struct CodeTally: Sendable, Hashable, Codable {
    /// The code key (upper case, no dots; see `CodeKey`).
    public var code: String
    /// The code as written in the inputs (dots kept), for display.
    public var display: String
    /// Gold documents that have it.
    public var gold: Int
    /// Gold documents whose top k has it.
    public var predicted: Int
    /// Documents with it in both.
    public var truePositives: Int
    /// Documents with it in the top k but not in gold.
    public var falsePositives: Int
    /// Documents with it in gold but not in the top k.
    public var falseNegatives: Int

    /// Creates a tally.
    public init(code: String, display: String, gold: Int = 0, predicted: Int = 0,
                truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.code = code
        self.display = display
        self.gold = gold
        self.predicted = predicted
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// This code's own precision, recall and F1.
    public var scores: PrecisionRecallF1 {
        PrecisionRecallF1(truePositives: truePositives, falsePositives: falsePositives, falseNegatives: falseNegatives)
    }
}
