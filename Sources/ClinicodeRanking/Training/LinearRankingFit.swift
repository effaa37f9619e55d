import Foundation

/// Refines the logistic fusion weights towards each note's ranking: Adam
/// steps on a blend of the pooled logistic loss and the LambdaRank
/// (average-precision) pairwise loss within notes, started from the
/// logistic fit. The margins' scale is recalibrated afterwards.
enum LinearRankingFit {
    /// Share of the ranking gradient in each step (the rest is the logistic
    /// one), the number of steps and their size: chosen by `Scripts/cross-validate.sh`
    /// within the CodiEsp train split (pointwise fusion only: 0.4074; share 1 / 0.5,
    /// 300 steps of 0.01: 0.4092 / 0.4090; share 1 with 1000 steps or steps of 0.03:
    /// worse on the first fold, 0.4059 / 0.4069 against 0.4129, so stopped). A short
    /// refinement from the logistic fit: pushed further, the ranking loss overfits.
    static let rankingShare = 1.0
    static let steps = 300
    static let rate = 0.01

    /// The weights after `steps` Adam steps from `initial`, calibrated; `initial` when there is nothing to rank.
    static func refine(rows: [[Double]], targets: [Double], notes: [LambdaGradient.Note], weights initial: [Double]) -> [Double] {
        let width = CandidateFeatures.count
        guard rankingShare > 0, steps > 0, !rows.isEmpty, initial.count == width else { return initial }
        var weights = initial
        var first = [Double](repeating: 0, count: width), second = [Double](repeating: 0, count: width)
        let beta1 = 0.9, beta2 = 0.999, l2 = 1e-4
        let pointScale = (1 - rankingShare) / Double(rows.count)
        let rankScale = rankingShare / Double(max(1, notes.count))
        var margin = [Double](repeating: 0, count: rows.count)
        var rankGradient = [Double](repeating: 0, count: rows.count), rankHessian = rankGradient
        var gradient = [Double](repeating: 0, count: width)
        for step in 1...steps {
            for (index, row) in rows.enumerated() {
                var sum = 0.0
                for feature in 0..<min(width, row.count) { sum += row[feature] * weights[feature] }
                margin[index] = sum
                rankGradient[index] = 0
                rankHessian[index] = 0  // unused here: plain gradient steps
            }
            LambdaGradient.accumulate(notes: notes, margin: margin, targets: targets, gradient: &rankGradient, hessian: &rankHessian)
            for index in 0..<width { gradient[index] = 0 }
            for (index, row) in rows.enumerated() {
                let error = pointScale * (1 / (1 + exp(-margin[index])) - targets[index]) + rankScale * rankGradient[index]
                guard error != 0 else { continue }
                for feature in 0..<min(width, row.count) { gradient[feature] += error * row[feature] }
            }
            for index in 0..<width {
                let g = gradient[index] + (index == 0 ? 0 : l2 * weights[index])
                first[index] = beta1 * first[index] + (1 - beta1) * g
                second[index] = beta2 * second[index] + (1 - beta2) * g * g
                let correctedFirst = first[index] / (1 - pow(beta1, Double(step)))
                let correctedSecond = second[index] / (1 - pow(beta2, Double(step)))
                weights[index] -= rate * correctedFirst / (correctedSecond.squareRoot() + 1e-8)
            }
        }
        // Back to calibrated log-odds, which the trees' pointwise gradient assumes.
        let margins = rows.map { row in zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 } }
        let (slope, offset) = PlattCalibration.fit(margins: margins, targets: targets)
        weights = weights.map { $0 * slope }
        weights[0] += offset  // feature 0 is the constant 1
        return weights
    }
}
