import ClinicodeCore
import Foundation

/// What training learned from coded notes: code priors, term -> code
/// associations, TF-IDF vectors of the training notes (for nearest-neighbour
/// votes) and the weights that fuse these with the lexical evidence.
///
/// The zero-shot model is empty: the ranker then scores from the lexicon alone.
public struct RankingModel: Sendable {
    /// The model with nothing learned.
    public static let zeroShot = RankingModel()

    /// Number of training notes.
    public internal(set) var documentCount: Int = 0
    /// Codes seen in training (billable form), indexed by label number.
    public internal(set) var labels: [CodeReference] = []
    /// Per label: training notes coded with it.
    var labelCounts: [UInt32] = []
    /// Word hash -> (training note, normalised TF-IDF weight); a row's length is the word's document frequency.
    var noteVectors = HashedRows()
    /// Per training note: its label numbers (`labelOffsets[d]..<labelOffsets[d+1]` of `noteLabels`).
    var labelOffsets: [UInt32] = [0]
    var noteLabels: [UInt32] = []
    /// Evidence feature hash (mention term or mention code) -> (label, notes with both).
    var associations = HashedRows()
    /// Per association key: notes with the feature.
    var featureTotals: [Float] = []
    /// Logistic fusion weights over `CandidateFeatures` (empty: zero-shot formula).
    var fusionWeights: [Double] = []

    /// Creates an empty (zero-shot) model.
    public init() {}

    /// Whether anything was learned.
    public var isTrained: Bool { documentCount > 0 && !fusionWeights.isEmpty }

    /// Number of distinct codes learned.
    public var learnedCodeCount: Int { labels.count }

    /// Index of a label, if learned.
    func labelIndex(_ code: CodeReference) -> Int? {
        labelLookup[code]
    }

    /// Label lookup built at decode time (small: one entry per learned code).
    private(set) var labelLookup: [CodeReference: Int] = [:]

    mutating func rebuildLookup() {
        labelLookup = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The labels of training note `document`.
    @inline(__always)
    func labels(ofNote document: Int) -> Range<Int> {
        Int(labelOffsets[document])..<Int(labelOffsets[document + 1])
    }

    /// Inverse document frequency of a word over the training notes, given its document frequency.
    @inline(__always)
    func idf(documentFrequency: Int) -> Double {
        log(Double(documentCount + 1) / Double(documentFrequency + 1)) + 1
    }

    /// Writes the model into a model section.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(UInt32(1))  // section format version
        writer.write(documentCount)
        writer.write(labels.map(\.system.rawValue))
        writer.write(labels.map(\.code))
        writer.write(labelCounts)
        noteVectors.encode(to: &writer)
        writer.write(labelOffsets)
        writer.write(noteLabels)
        associations.encode(to: &writer)
        writer.write(featureTotals)
        writer.write(UInt64(fusionWeights.count))
        for weight in fusionWeights { writer.write(weight) }
    }

    /// Reads a model written by `encode(to:)`.
    public init(from reader: inout BinaryReader) throws {
        guard try reader.readUInt32() == 1 else { throw reader.corrupt("unknown ranking-model version") }
        documentCount = try reader.readInt()
        let systems = try reader.readStringArray(), codes = try reader.readStringArray()
        guard systems.count == codes.count, documentCount >= 0 else { throw reader.corrupt("ranking label table mismatch") }
        labels = zip(systems, codes).map { CodeReference(system: CodeSystemID(rawValue: $0), code: $1) }
        labelCounts = try reader.readUInt32Array()
        noteVectors = try HashedRows(from: &reader)
        labelOffsets = try reader.readUInt32Array()
        noteLabels = try reader.readUInt32Array()
        associations = try HashedRows(from: &reader)
        featureTotals = try reader.readFloatArray()
        let weightCount = try reader.readUInt64()
        guard weightCount <= 64 else { throw reader.corrupt("bad fusion weight count") }
        fusionWeights = try (0..<weightCount).map { _ in try reader.readDouble() }
        guard labelCounts.count == labels.count, labelOffsets.count == documentCount + 1,
            labelOffsets.last.map({ Int($0) == noteLabels.count }) ?? false,
            noteLabels.allSatisfy({ Int($0) < labels.count }),
            noteVectors.values.allSatisfy({ Int($0) < documentCount }),
            associations.values.allSatisfy({ Int($0) < labels.count }),
            featureTotals.count == associations.count
        else { throw reader.corrupt("inconsistent ranking model") }
        rebuildLookup()
    }
}
