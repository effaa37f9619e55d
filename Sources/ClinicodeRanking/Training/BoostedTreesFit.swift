import Foundation

/// Fits `BoostedTrees` on top of the logistic fusion: gradient boosting of
/// the logistic loss (Newton leaf values, L2-regularised), with splits chosen
/// on per-feature quantile bins so each level costs one pass over the rows.
enum BoostedTreesFit {
    /// Trees, depth, shrinkage: chosen by 5-fold cross-validation within the CodiEsp train split
    /// (MAP with 0 / 20 / 40 / 80 / 150 / 300 trees: 0.383 / 0.390 / 0.392 / 0.391 / 0.390 / 0.389;
    /// with the lexical-precision inputs, `Scripts/cross-validate.sh`: 40 trees 0.4006, 80 trees 0.4007).
    /// Tried and dropped (cross-validation 0.4074 with this pointwise loss): a LambdaRank gradient
    /// of average precision within each note, blended into each tree's target and calibrated after
    /// (ranking share 1 / 0.5 / 0.2: 0.4050 / 0.4076 / 0.4068; share 0.5 with 100 trees: 0.4055),
    /// and bagging (5 boosted models on 80% of the notes each, averaged: 0.4073). The ranking
    /// objective helps the linear fusion instead (`LinearRankingFit`). Re-tuned on top of it
    /// (cross-validation 0.4084 as is): 20 / 60 / 80 trees 0.4088 / 0.4079 / 0.4081, depth 4
    /// 0.4084, rate 0.05 with 80 / 120 trees 0.4087 / 0.4084: all noise, so unchanged.
    static let treeCount = 40
    static let depth = 3
    static let learningRate = 0.1
    /// Leaf-value regularisation and the least hessian a child may have (a few confident rows).
    static let l2 = 1.0
    static let minimumHessian = 5.0
    /// Candidate split points per feature.
    static let binCount = 32

    /// Trees whose margins, added to `weights · row`, lower the logistic loss on `rows`.
    static func fit(rows: [[Double]], targets: [Double], weights: [Double],
                    treeCount: Int = treeCount, depth: Int = depth) -> BoostedTrees {
        let n = rows.count
        let width = CandidateFeatures.count
        guard n > 0, treeCount > 0, depth > 0 else { return BoostedTrees() }
        // Quantile cut points per feature (bin b holds values <= cuts[b]).
        var cuts = [[Float]](repeating: [], count: width)
        let stride = max(1, n / 20_000)
        for feature in 0..<width {
            var sample: [Float] = []
            for row in Swift.stride(from: 0, to: n, by: stride) { sample.append(Float(rows[row][feature])) }
            sample.sort()
            var chosen: [Float] = []
            for step in 1..<binCount {
                let value = sample[min(sample.count - 1, step * sample.count / binCount)]
                if chosen.last != value { chosen.append(value) }
            }
            if chosen.last == sample.last { chosen.removeLast() }
            cuts[feature] = chosen
        }
        var bins = [UInt8](repeating: 0, count: n * width)
        for row in 0..<n {
            for feature in 0..<width {
                let value = Float(rows[row][feature])
                var bin = 0
                for cut in cuts[feature] where value > cut { bin += 1 }
                bins[row * width + feature] = UInt8(bin)
            }
        }
        var margin = rows.map { row in zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 } }
        var trees = BoostedTrees()
        trees.depth = depth
        let inner = (1 << depth) - 1, leaves = 1 << depth
        var gradient = [Double](repeating: 0, count: n), hessian = [Double](repeating: 0, count: n)
        var node = [Int](repeating: 0, count: n)
        for _ in 0..<treeCount {
            for row in 0..<n {
                let p = 1 / (1 + exp(-margin[row]))
                gradient[row] = p - targets[row]
                hessian[row] = max(1e-6, p * (1 - p))
                node[row] = 0
            }
            var treeFeatures = [UInt32](repeating: 0, count: inner)
            var treeThresholds = [Float](repeating: .greatestFiniteMagnitude, count: inner)
            for level in 0..<depth {
                let first = (1 << level) - 1, count = 1 << level
                // Histograms: [node][feature][bin] -> (gradient, hessian).
                var histogram = [Double](repeating: 0, count: count * width * binCount * 2)
                bins.withUnsafeBufferPointer { b in
                    histogram.withUnsafeMutableBufferPointer { h in
                        for row in 0..<n {
                            let base = (node[row] - first) * width * binCount * 2
                            let g = gradient[row], s = hessian[row]
                            for feature in 0..<width {
                                let slot = base + (feature * binCount + Int(b[row * width + feature])) * 2
                                h[slot] += g
                                h[slot + 1] += s
                            }
                        }
                    }
                }
                for local in 0..<count {
                    var bestGain = 0.0, bestFeature = 0, bestThreshold = Float.greatestFiniteMagnitude
                    for feature in 0..<width where !cuts[feature].isEmpty {
                        let base = (local * width + feature) * binCount * 2
                        var totalG = 0.0, totalH = 0.0
                        for bin in 0...cuts[feature].count {
                            totalG += histogram[base + bin * 2]
                            totalH += histogram[base + bin * 2 + 1]
                        }
                        let parent = totalG * totalG / (totalH + l2)
                        var leftG = 0.0, leftH = 0.0
                        for bin in 0..<cuts[feature].count {
                            leftG += histogram[base + bin * 2]
                            leftH += histogram[base + bin * 2 + 1]
                            let rightG = totalG - leftG, rightH = totalH - leftH
                            guard leftH >= minimumHessian, rightH >= minimumHessian else { continue }
                            let gain = leftG * leftG / (leftH + l2) + rightG * rightG / (rightH + l2) - parent
                            if gain > bestGain {
                                bestGain = gain
                                bestFeature = feature
                                bestThreshold = cuts[feature][bin]
                            }
                        }
                    }
                    treeFeatures[first + local] = UInt32(bestFeature)
                    treeThresholds[first + local] = bestThreshold
                }
                for row in 0..<n {
                    let current = node[row]
                    let value = Float(rows[row][Int(treeFeatures[current])])
                    node[row] = value <= treeThresholds[current] ? 2 * current + 1 : 2 * current + 2
                }
            }
            var leafG = [Double](repeating: 0, count: leaves), leafH = [Double](repeating: 0, count: leaves)
            for row in 0..<n {
                leafG[node[row] - inner] += gradient[row]
                leafH[node[row] - inner] += hessian[row]
            }
            let values = (0..<leaves).map { Float(-learningRate * leafG[$0] / (leafH[$0] + l2)) }
            for row in 0..<n { margin[row] += Double(values[node[row] - inner]) }
            trees.features += treeFeatures
            trees.thresholds += treeThresholds
            trees.values += values
        }
        return trees
    }
}
