import ClinicodeCore
import ClinicodeText
import Foundation

/// Scores the context stage on a NegEx-style annotated file: tab-separated
/// `id, condition, sentence, negation (Negated|Affirmed), temporality
/// (Recent|Historical|Not particular), experiencer (Patient|Other|Family member)`
/// with a header line. The file is read where it lies; nothing is kept.
public struct NegexEvaluation: Sendable {
    /// One scored row.
    public struct Row: Sendable {
        /// Row identifier.
        public var id: String
        /// The target condition.
        public var condition: String
        /// The sentence.
        public var sentence: String
        /// Gold labels as written.
        public var goldNegated: Bool
        /// Gold historical.
        public var goldHistorical: Bool
        /// Gold experiencer is the patient.
        public var goldPatient: Bool
        /// The engine's assertion (nil when the condition was not found).
        public var predicted: Assertion?
    }

    /// Every scored row in file order.
    public private(set) var rows: [Row] = []
    /// Lines skipped because they had fewer than six fields.
    public private(set) var skippedLines = 0

    /// Scores `text` (the file's contents).
    public init(text: String, analyzer: TextAnalyzer, detector: ContextDetector) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: CharacterSet(charactersIn: " \r"))
            }
            if number == 0 && fields.first == "id" { continue }
            guard fields.count >= 6 else {
                skippedLines += 1
                continue
            }
            let document = analyzer.analyze(id: fields[0], text: fields[2])
            let predicted = TargetLocator.locate(fields[1], in: document, analyzer: analyzer)
                .map { detector.assertion(for: $0, in: document) }
            rows.append(Row(id: fields[0], condition: fields[1], sentence: fields[2],
                            goldNegated: fields[3].lowercased() == "negated",
                            goldHistorical: fields[4].lowercased() == "historical",
                            goldPatient: fields[5].lowercased() == "patient", predicted: predicted))
        }
    }

    /// Rows whose condition was not found in the sentence (scored as affirmed, recent, patient).
    public var notFound: Int { rows.filter { $0.predicted == nil }.count }

    /// Negation accuracy over all rows.
    public var negationAccuracy: Double {
        ratio(rows.filter { $0.goldNegated == isNegated($0) }.count, rows.count)
    }

    /// Precision, recall and F1 for Negated.
    public var negated: (precision: Double, recall: Double, f1: Double) {
        scores(gold: \.goldNegated, predicted: isNegated)
    }

    /// Precision, recall and F1 for Historical.
    public var historical: (precision: Double, recall: Double, f1: Double) {
        scores(gold: \.goldHistorical, predicted: { $0.predicted?.temporality == .historical })
    }

    /// Experiencer accuracy (patient versus anyone else).
    public var experiencerAccuracy: Double {
        ratio(rows.filter { $0.goldPatient == (($0.predicted?.experiencer ?? .patient) == .patient) }.count,
              rows.count)
    }

    /// A short report, one figure per line.
    public var report: String {
        let negation = negated
        let history = historical
        return """
            rows: \(rows.count) (condition not found: \(notFound), malformed lines skipped: \(skippedLines))
            negation accuracy: \(format(negationAccuracy))
            negated: precision \(format(negation.precision)) recall \(format(negation.recall)) F1 \(format(negation.f1))
            historical: precision \(format(history.precision)) recall \(format(history.recall)) F1 \(format(history.f1))
            experiencer accuracy: \(format(experiencerAccuracy))
            """
    }

    /// The rows the engine got wrong on negation, temporality or experiencer, one
    /// tab-separated line each (`kind, id, condition, sentence, cues`), for error analysis.
    /// `kind` is e.g. `FN-historical` (gold historical, predicted not) or `FP-negated`.
    public var errorLines: [String] {
        var lines: [String] = []
        for row in rows {
            let negated = isNegated(row)
            let historical = row.predicted?.temporality == .historical
            let patient = (row.predicted?.experiencer ?? .patient) == .patient
            var kinds: [String] = []
            if row.goldNegated != negated { kinds.append((negated ? "FP" : "FN") + "-negated") }
            if row.goldHistorical != historical { kinds.append((historical ? "FP" : "FN") + "-historical") }
            if row.goldPatient != patient { kinds.append("experiencer") }
            let cues = row.predicted.map { $0.triggers.map { "\($0.category.rawValue):\($0.text)" }
                .joined(separator: ",") } ?? "not-found"
            for kind in kinds {
                lines.append([kind, row.id, row.condition, row.sentence, cues].joined(separator: "\t"))
            }
        }
        return lines
    }

    private func isNegated(_ row: Row) -> Bool { row.predicted?.negation == .negated }

    private func scores(gold: (Row) -> Bool, predicted: (Row) -> Bool) -> (precision: Double, recall: Double, f1: Double) {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        for row in rows {
            switch (gold(row), predicted(row)) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): break
            }
        }
        let precision = ratio(truePositives, truePositives + falsePositives)
        let recall = ratio(truePositives, truePositives + falseNegatives)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return (precision, recall, f1)
    }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }

    private func format(_ value: Double) -> String {
        let scaled = (value * 10000).rounded() / 10000
        return String(scaled)
    }
}
