import Foundation

/// The LambdaRank gradient of average precision: within each note, every
/// (gold, non-gold) pair of candidates pulls the gold one up and pushes the
/// other down, by the RankNet gradient of their score difference weighted by
/// how much average precision would change if the two swapped places in the
/// note's current ranking. MAP only sees the order within a note, which the
/// pooled pointwise loss does not aim at.
enum LambdaGradient {
    /// One training note's candidate rows (contiguous) and its number of gold codes.
    struct Note {
        var rows: Range<Int>
        var goldCount: Int
    }

    /// Adds each row's gradient and hessian of the pairwise loss (at `margin`)
    /// to `gradient` and `hessian`. Cost per note: gold rows × rows.
    static func accumulate(
        notes: [Note], margin: [Double], targets: [Double],
        gradient: inout [Double], hessian: inout [Double]
    ) {
        for note in notes where note.goldCount > 0 && note.rows.count > 1 {
            let rows = note.rows.sorted { margin[$0] > margin[$1] || (margin[$0] == margin[$1] && $0 < $1) }
            let n = rows.count
            // Over positions 1...n (index p): gold candidates at or above p,
            // and the sum of 1/q over gold positions q at or above p.
            var goldAbove = [Double](repeating: 0, count: n + 1)
            var inverseRanks = [Double](repeating: 0, count: n + 1)
            var goldPositions: [Int] = [], otherPositions: [Int] = []
            for (index, row) in rows.enumerated() {
                let p = index + 1
                let isGold = targets[row] > 0.5
                goldAbove[p] = goldAbove[p - 1] + (isGold ? 1 : 0)
                inverseRanks[p] = inverseRanks[p - 1] + (isGold ? 1 / Double(p) : 0)
                if isGold { goldPositions.append(p) } else { otherPositions.append(p) }
            }
            guard !goldPositions.isEmpty, !otherPositions.isEmpty else { continue }
            let scale = 1 / Double(note.goldCount)
            for a in goldPositions {
                let i = rows[a - 1]
                let precisionHere = goldAbove[a] / Double(a)
                for b in otherPositions {
                    let j = rows[b - 1]
                    // Change of AP (times the gold count) if the gold at a and the other at b swap.
                    let change = b > a
                        ? goldAbove[b] / Double(b) - precisionHere - (inverseRanks[b] - inverseRanks[a])
                        : (goldAbove[b] + 1) / Double(b) - precisionHere + (inverseRanks[a - 1] - inverseRanks[b])
                    let weight = abs(change) * scale
                    guard weight > 0 else { continue }
                    let rho = 1 / (1 + exp(margin[i] - margin[j]))
                    let pull = rho * weight, curvature = rho * (1 - rho) * weight
                    gradient[i] -= pull
                    gradient[j] += pull
                    hessian[i] += curvature
                    hessian[j] += curvature
                }
            }
        }
    }
}
