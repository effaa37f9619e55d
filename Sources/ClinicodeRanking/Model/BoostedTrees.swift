import ClinicodeCore

/// Small regression trees whose summed outputs are log-odds added to the
/// logistic fusion: they learn the interactions a linear fusion cannot (for
/// example, that a neighbour vote matters only when the category is named).
///
/// Trees are stored flat: node `i` splits on `features[i]` at `thresholds[i]`
/// (values `<=` go left to `2i+1`, others right to `2i+2`); every tree is a
/// complete binary tree of `depth` levels and leaves hold `values`.
struct BoostedTrees: Sendable {
    /// Levels of splits per tree.
    var depth = 0
    /// Per tree, per inner node (breadth-first): the feature it splits on.
    var features: [UInt32] = []
    /// Per tree, per inner node: the split threshold.
    var thresholds: [Float] = []
    /// Per tree, per leaf: the log-odds it adds.
    var values: [Float] = []

    /// Inner nodes per tree.
    var innerCount: Int { (1 << depth) - 1 }
    /// Number of trees.
    var treeCount: Int { depth == 0 ? 0 : values.count >> depth }

    /// Summed log-odds of every tree for a feature vector.
    func margin(_ vector: [Double]) -> Double {
        guard depth > 0 else { return 0 }
        let inner = innerCount, leaves = 1 << depth
        var sum = 0.0
        for tree in 0..<treeCount {
            var node = 0
            for _ in 0..<depth {
                let index = tree * inner + node
                let feature = Int(features[index])
                node = Float(feature < vector.count ? vector[feature] : 0) <= thresholds[index] ? 2 * node + 1 : 2 * node + 2
            }
            sum += Double(values[tree * leaves + node - inner])
        }
        return sum
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(UInt32(depth))
        writer.write(features)
        writer.write(thresholds)
        writer.write(values)
    }

    init() {}

    init(from reader: inout BinaryReader, featureCount: Int) throws {
        depth = Int(try reader.readUInt32())
        features = try reader.readUInt32Array()
        thresholds = try reader.readFloatArray()
        values = try reader.readFloatArray()
        guard depth <= 8, features.count == thresholds.count,
            depth == 0 ? values.isEmpty && features.isEmpty : values.count % (1 << depth) == 0
                && features.count == treeCount * innerCount,
            features.allSatisfy({ Int($0) < featureCount }), values.allSatisfy(\.isFinite)
        else { throw reader.corrupt("inconsistent boosted trees") }
    }
}
