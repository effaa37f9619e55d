import Foundation

/// Fits `LabelKernel`: kernel ridge regression of every code's 0/1 column
/// on the training notes' kernel matrix, all codes at once through one
/// matrix inverse, with the kernel's sharpness and the ridge strength chosen
/// by exact leave-one-out MAP over the training notes themselves.
///
/// With `M = (K + λI)⁻¹` the dual coefficients are `α = M Y`, and the
/// leave-one-out prediction of note i is `y_i − α_i / M_ii` (the classic
/// closed form for linear smoothers), so tuning needs no held-out notes and
/// the fusion learns from the scores a note would get if it were unseen.
enum KernelRidgeFit {
    /// Kernel exponents tried.
    static let powers: [Float] = [0.5, 1]
    /// Intercept strengths tried.
    static let biases: [Float] = [0.1, 1]
    /// Ridge strengths tried.
    static let ridges: [Double] = [0.01, 0.03, 0.1, 0.3, 1]
    /// Codes need this many training notes to get a classifier (one suffices: cross-validation within train preferred it).
    static let minimumNotes = 1

    /// The fitted kernel and each training note's leave-one-out scores (note-major, per column).
    struct Result {
        var kernel: LabelKernel
        var leaveOutScores: [Float]
        var leaveOutMAP: Double
    }

    /// Fits the classifiers. `similarity` is the training notes' cosine matrix
    /// (row-major, n x n); `noteLabels` the label numbers of each note;
    /// `labelCounts` the notes per label.
    static func fit(similarity: [Float], noteLabels: [[Int]], labelCounts: [UInt32]) -> Result? {
        let n = noteLabels.count
        guard n >= 3, similarity.count == n * n else { return nil }
        let columns = labelCounts.indices.filter { Int(labelCounts[$0]) >= minimumNotes }
        guard !columns.isEmpty else { return nil }
        var columnOf = [Int](repeating: -1, count: labelCounts.count)
        for (column, label) in columns.enumerated() { columnOf[label] = column }
        // Per column: the notes that carry it (the sparse 0/1 matrix Y).
        var positives = [[Int]](repeating: [], count: columns.count)
        for (note, labels) in noteLabels.enumerated() {
            for label in labels where columnOf[label] >= 0 { positives[columnOf[label]].append(note) }
        }
        var best: Result? = nil
        let grid = powers.flatMap { power in biases.map { (power, $0) } }
        for (power, bias) in grid {
            var kernel = LabelKernel()
            kernel.power = power
            kernel.bias = bias
            var matrix = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    // Symmetrised: the two directions differ only by rounding.
                    let s = i == j ? 1 : (similarity[i * n + j] + similarity[j * n + i]) / 2
                    matrix[i * n + j] = Double(kernel.kernel(s))
                }
            }
            for ridge in ridges {
                var system = matrix
                for i in 0..<n { system[i * n + i] += ridge }
                guard let inverse = SymmetricInverse.invert(system, size: n) else { continue }
                let (coefficients, leaveOut) = solve(inverse: inverse, size: n, positives: positives)
                let score = meanAveragePrecision(leaveOut, noteLabels: noteLabels, columnOf: columnOf, width: columns.count)
                if best == nil || score > best!.leaveOutMAP {
                    kernel.columns = columns.map(UInt32.init)
                    kernel.coefficients = coefficients
                    best = Result(kernel: kernel, leaveOutScores: leaveOut, leaveOutMAP: score)
                }
            }
        }
        return best
    }

    /// Dual coefficients `α = M Y` and leave-one-out scores `y − α / diag(M)`, note-major.
    private static func solve(inverse: [Double], size n: Int, positives: [[Int]]) -> ([Float], [Float]) {
        let width = positives.count
        var coefficients = [Float](repeating: 0, count: n * width)
        var leaveOut = [Float](repeating: 0, count: n * width)
        for (column, notes) in positives.enumerated() {
            for i in 0..<n {
                var sum = 0.0
                for j in notes { sum += inverse[i * n + j] }
                coefficients[i * width + column] = Float(sum)
                leaveOut[i * width + column] = Float(-sum / inverse[i * n + i])
            }
            for j in notes { leaveOut[j * width + column] += 1 }
        }
        return (coefficients, leaveOut)
    }

    /// MAP of ranking the kernel's columns for each note by its leave-one-out
    /// scores (codes without a column count as missed).
    static func meanAveragePrecision(_ scores: [Float], noteLabels: [[Int]], columnOf: [Int], width: Int) -> Double {
        var total = 0.0
        for (note, labels) in noteLabels.enumerated() where !labels.isEmpty {
            let row = Array(scores[(note * width)..<((note + 1) * width)])
            let gold = Set(labels.compactMap { columnOf[$0] >= 0 ? columnOf[$0] : nil })
            // Only the top of the ranking matters for MAP in practice.
            let ranked = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(100)
            var hits = 0, sum = 0.0
            for (rank, column) in ranked.enumerated() where gold.contains(column) {
                hits += 1
                sum += Double(hits) / Double(rank + 1)
            }
            total += sum / Double(labels.count)
        }
        return total / Double(max(1, noteLabels.count))
    }
}

/// Inverse of a symmetric positive-definite matrix by Cholesky factorisation.
enum SymmetricInverse {
    /// The inverse (row-major), or nil when the matrix is not positive definite.
    static func invert(_ matrix: [Double], size n: Int) -> [Double]? {
        var lower = matrix
        // A = L Lᵀ, L stored in the lower triangle.
        let ok = lower.withUnsafeMutableBufferPointer { l -> Bool in
            for j in 0..<n {
                var diagonal = l[j * n + j]
                for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
                guard diagonal > 1e-12 else { return false }
                let root = diagonal.squareRoot()
                l[j * n + j] = root
                for i in (j + 1)..<max(j + 1, n) {
                    var sum = l[i * n + j]
                    for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                    l[i * n + j] = sum / root
                }
            }
            return true
        }
        guard ok else { return nil }
        // W = L⁻¹ (lower triangular), row by row.
        var inverseLower = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            inverseLower.withUnsafeMutableBufferPointer { w in
                for i in 0..<n {
                    w[i * n + i] = 1 / l[i * n + i]
                    for j in 0..<i {
                        var sum = 0.0
                        for k in j..<i { sum -= l[i * n + k] * w[k * n + j] }
                        w[i * n + j] = sum / l[i * n + i]
                    }
                }
            }
        }
        // A⁻¹ = Wᵀ W.
        var result = [Double](repeating: 0, count: n * n)
        inverseLower.withUnsafeBufferPointer { w in
            result.withUnsafeMutableBufferPointer { r in
                for k in 0..<n {
                    let row = k * n
                    for i in 0...k {
                        let factor = w[row + i]
                        if factor == 0 { continue }
                        for j in 0...i { r[i * n + j] += factor * w[row + j] }
                    }
                }
                for i in 0..<n { for j in 0..<i { r[j * n + i] = r[i * n + j] } }
            }
        }
        return result
    }
}
