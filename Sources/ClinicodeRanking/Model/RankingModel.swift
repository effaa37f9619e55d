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
    /// One-vs-rest classifiers over the note vectors (dual form).
    var kernel = LabelKernel()
    /// Trees adding log-odds to the logistic fusion (empty: logistic alone).
    var trees = BoostedTrees()
    /// Per code: how often coders chose it when the wording supported it.
    var lexicalPrecision = LexicalPrecision()

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
    /// Per label: its column in `kernel`, or -1 (built at decode time).
    private(set) var kernelColumn: [Int32] = []
    /// Per label: its category's labels, most frequent first (built at decode time).
    private(set) var categoryLabels: [CategoryKey: [Int]] = [:]
    /// Per label: training notes coded with any label of its category, summed over labels.
    private(set) var categoryTotals: [CategoryKey: UInt32] = [:]

    mutating func rebuildLookup() {
        labelLookup = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        kernelColumn = [Int32](repeating: -1, count: labels.count)
        for (column, label) in kernel.columns.enumerated() { kernelColumn[Int(label)] = Int32(column) }
        var groups: [CategoryKey: [Int]] = [:]
        var totals: [CategoryKey: UInt32] = [:]
        // Counts may not be known yet while training builds the tables.
        let counts = labelCounts.count == labels.count ? labelCounts : [UInt32](repeating: 0, count: labels.count)
        for (label, code) in labels.enumerated() {
            let key = CategoryKey(code)
            groups[key, default: []].append(label)
            totals[key, default: 0] += counts[label]
        }
        for key in groups.keys {
            groups[key]!.sort { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        }
        categoryLabels = groups
        categoryTotals = totals
    }

    /// Share of its category's training codings that used this label (which child coders choose).
    /// Leaving a training note out removes its own codings from both counts.
    func childShare(_ label: Int, leaveOut: LeaveOut? = nil) -> Double {
        let key = CategoryKey(labels[label])
        var total = Double(categoryTotals[key] ?? 0)
        var count = Double(labelCounts[label])
        if let leaveOut {
            if leaveOut.labels.contains(label) { count -= 1 }
            total -= Double(leaveOut.labels.filter { CategoryKey(labels[$0]) == key }.count)
        }
        return total > 0 ? max(0, count) / total : 0
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
        writer.write(UInt32(4))  // section format version
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
        kernel.encode(to: &writer)
        trees.encode(to: &writer)
        lexicalPrecision.encode(to: &writer)
    }

    /// Reads a model written by `encode(to:)`.
    public init(from reader: inout BinaryReader) throws {
        // Earlier versions fused different features: their weights would mean nothing now.
        guard try reader.readUInt32() == 4 else { throw reader.corrupt("ranking model from another version: retrain it") }
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
        kernel = try LabelKernel(from: &reader, documentCount: documentCount, labelCount: labels.count)
        trees = try BoostedTrees(from: &reader, featureCount: CandidateFeatures.count)
        lexicalPrecision = try LexicalPrecision(from: &reader)
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

/// A code's category (system and first three characters): the level at
/// which lexical matching is usually right even when the child is wrong.
struct CategoryKey: Hashable, Sendable {
    var system: CodeSystemID
    var category: Substring

    init(_ code: CodeReference) {
        system = code.system
        category = code.code.prefix(3)
    }
}
