/// A candidate's mention strengths (0...1, in the order met), held inline up
/// to four: an array was one more allocation (and free) per candidate of every
/// note, and most candidates have one or two mentions. The noisy-OR's missing
/// share is kept as the weights come, multiplied in the same order as a pass
/// over them would, so `Candidate.lexicalScore` is the same to the bit.
struct MentionWeights: ExpressibleByArrayLiteral {
    /// Number of weights.
    private(set) var count = 0
    /// The product of `1 - min(0.95, weight)` over the weights, in order.
    private(set) var missing = 1.0
    private var first: (Double, Double, Double, Double) = (0, 0, 0, 0)
    /// Weights past the first four (rare: no allocation until then).
    private var rest: [Double] = []

    init() {}

    init(arrayLiteral elements: Double...) {
        for element in elements { append(element) }
    }

    var isEmpty: Bool { count == 0 }

    /// The weight at `index` (0..<count).
    subscript(index: Int) -> Double {
        precondition(index >= 0 && index < count, "mention weight index out of range")
        switch index {
        case 0: return first.0
        case 1: return first.1
        case 2: return first.2
        case 3: return first.3
        default: return rest[index - 4]
        }
    }

    mutating func append(_ weight: Double) {
        switch count {
        case 0: first.0 = weight
        case 1: first.1 = weight
        case 2: first.2 = weight
        case 3: first.3 = weight
        default: rest.append(weight)
        }
        count += 1
        missing *= 1 - min(0.95, weight)
    }

    /// Appends another candidate's weights, in their order.
    mutating func append(contentsOf other: MentionWeights) {
        for index in 0..<other.count { append(other[index]) }
    }
}
