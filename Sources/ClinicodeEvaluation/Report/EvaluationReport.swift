/// Everything an evaluation found: input counts and problems, figures at code
/// and category level, per-code and per-note detail, and throughput.
public struct EvaluationReport: Sendable, Hashable, Codable {
    /// The cut-off for the set metrics.
    public var k: Int
    /// The gold file.
    public var goldSource: String
    /// Documents predictions were made for (notes processed).
    public var notes: Int
    /// Documents named in the gold.
    public var goldDocuments: Int
    /// Distinct (document, code) gold pairs.
    public var goldCodes: Int
    /// Gold documents with no note: scored with an empty ranking (AP 0), as score.py does.
    public var goldDocumentsWithoutNote: [String]
    /// Notes without gold: left out of every figure, as score.py does.
    public var notesWithoutGold: [String]
    /// Unusable gold lines.
    public var malformedGoldLines: [MalformedLine]
    /// Gold lines repeating a code of the same document.
    public var duplicateGoldLines: Int
    /// Figures on whole codes.
    public var codeLevel: LevelMetrics
    /// Figures on categories (code prefixes), when asked for.
    public var categoryLevel: LevelMetrics?
    /// Per-code tallies at k, most frequent gold codes first.
    public var perCode: [CodeTally]
    /// Per gold document outcomes, in gold order.
    public var perNote: [NoteOutcome]
    /// Display spelling of code keys (dots kept).
    public var displayForms: [String: String]
    /// Processing speed, when measured.
    public var throughput: Throughput?

    /// Creates a report.
    public init(
        k: Int, goldSource: String, notes: Int, goldDocuments: Int, goldCodes: Int,
        goldDocumentsWithoutNote: [String], notesWithoutGold: [String],
        malformedGoldLines: [MalformedLine], duplicateGoldLines: Int,
        codeLevel: LevelMetrics, categoryLevel: LevelMetrics?,
        perCode: [CodeTally], perNote: [NoteOutcome], displayForms: [String: String] = [:],
        throughput: Throughput? = nil
    ) {
        self.k = k
        self.goldSource = goldSource
        self.notes = notes
        self.goldDocuments = goldDocuments
        self.goldCodes = goldCodes
        self.goldDocumentsWithoutNote = goldDocumentsWithoutNote
        self.notesWithoutGold = notesWithoutGold
        self.malformedGoldLines = malformedGoldLines
        self.duplicateGoldLines = duplicateGoldLines
        self.codeLevel = codeLevel
        self.categoryLevel = categoryLevel
        self.perCode = perCode
        self.perNote = perNote
        self.displayForms = displayForms
        self.throughput = throughput
    }

    /// The display spelling of a code key.
    public func display(_ key: String) -> String { displayForms[key] ?? key }

    /// Human-readable problems with the inputs, one per line (empty when all is well).
    public var warnings: [String] {
        var lines: [String] = []
        if !malformedGoldLines.isEmpty {
            let shown = malformedGoldLines.prefix(10).map(\.description).joined(separator: "; ")
            let more = malformedGoldLines.count > 10 ? "; ..." : ""
            lines.append("\(malformedGoldLines.count) malformed gold line(s) ignored: \(shown)\(more)")
        }
        if duplicateGoldLines > 0 {
            lines.append("\(duplicateGoldLines) duplicate gold line(s) ignored")
        }
        if !goldDocumentsWithoutNote.isEmpty {
            lines.append("\(goldDocumentsWithoutNote.count) gold document(s) have no note and score 0 "
                + "(as in score.py): \(Self.sample(goldDocumentsWithoutNote))")
        }
        if !notesWithoutGold.isEmpty {
            lines.append("\(notesWithoutGold.count) note(s) have no gold and are left out of every figure: "
                + Self.sample(notesWithoutGold))
        }
        return lines
    }

    private static func sample(_ ids: [String]) -> String {
        ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", ..." : "")
    }
}
