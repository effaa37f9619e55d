/// What to compute.
public struct EvaluationOptions: Sendable, Hashable {
    /// Cut-off for precision, recall and F1 (top k codes of each document).
    public var k: Int
    /// Category level: characters of the dotless code compared (nil: no category level).
    public var categoryPrefix: Int?
    /// Depths at which pooled recall is reported.
    public var recallDepths: [Int]

    /// Creates options; the defaults are k = 10, category prefix 3, recall at 1, 5, 10 and 20.
    public init(k: Int = 10, categoryPrefix: Int? = 3, recallDepths: [Int] = [1, 5, 10, 20]) {
        self.k = max(1, k)
        self.categoryPrefix = categoryPrefix.flatMap { $0 > 0 ? $0 : nil }
        self.recallDepths = recallDepths
    }
}
