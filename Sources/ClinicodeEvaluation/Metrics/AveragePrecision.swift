/// Average precision of one ranking, as CodiEsp's `score.py` computes it:
/// the sum of precision at the rank of every gold hit, divided by the number
/// of gold codes (so gold codes never ranked count as zero).
public enum AveragePrecision {
    /// AP of `ranking` (distinct codes, best first) against `gold`; 0 when `gold` is empty.
    public static func of(ranking: [String], gold: Set<String>) -> Double {
        guard !gold.isEmpty else { return 0 }
        var hits = 0
        var sum = 0.0
        for (index, code) in ranking.enumerated() where gold.contains(code) {
            hits += 1
            sum += Double(hits) / Double(index + 1)
        }
        return sum / Double(gold.count)
    }
}
