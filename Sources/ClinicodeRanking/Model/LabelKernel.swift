import ClinicodeCore

/// One-vs-rest linear classifiers over the TF-IDF note vectors, kept in dual
/// form: a code's score for a note is a weighted sum of the note's kernel
/// values against the training notes (kernel ridge regression).
///
/// The dual form reuses the inverted index the neighbour vote already needs,
/// so it costs one small coefficient table (training notes x codes) instead
/// of a weight per word and code, and its exact leave-one-out scores come in
/// closed form, which keeps the fusion trained on honest inputs.
struct LabelKernel: Sendable {
    /// Exponent applied to the cosine similarity (sharpens towards near neighbours).
    var power: Float = 1
    /// Constant added to the kernel: an intercept shared by all codes' classifiers.
    var bias: Float = 1
    /// Label number of each column.
    var columns: [UInt32] = []
    /// Note-major table of dual coefficients: `coefficients[note * columns.count + column]`.
    var coefficients: [Float] = []

    /// Whether no classifier was learned.
    var isEmpty: Bool { columns.isEmpty }

    /// The kernel value for a cosine similarity.
    @inline(__always)
    func kernel(_ similarity: Float) -> Float {
        let s = max(0, similarity)
        return (power == 1 ? s : Float(pow(Double(s), Double(power)))) + bias
    }

    /// Scores of every column for a note, given its cosine similarity to each training note.
    func scores(similarities: [Float]) -> [Float] {
        let width = columns.count
        var result = [Float](repeating: 0, count: width)
        guard width > 0, coefficients.count == similarities.count * width else { return result }
        coefficients.withUnsafeBufferPointer { table in
            result.withUnsafeMutableBufferPointer { out in
                for (note, similarity) in similarities.enumerated() {
                    let k = kernel(similarity)
                    let base = note * width
                    for column in 0..<width { out[column] += k * table[base + column] }
                }
            }
        }
        return result
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(power)
        writer.write(bias)
        writer.write(columns)
        writer.write(coefficients)
    }

    init() {}

    init(from reader: inout BinaryReader, documentCount: Int, labelCount: Int) throws {
        power = try reader.readFloat()
        bias = try reader.readFloat()
        columns = try reader.readUInt32Array()
        coefficients = try reader.readFloatArray()
        guard power.isFinite, power > 0, bias.isFinite, columns.allSatisfy({ Int($0) < labelCount }),
            coefficients.count == (columns.isEmpty ? 0 : documentCount * columns.count)
        else { throw reader.corrupt("inconsistent label kernel") }
    }
}

import Foundation
