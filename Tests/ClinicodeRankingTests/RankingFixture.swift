import ClinicodeCore
import ClinicodeText
import ClinicodeTerminology
import ClinicodeContext
import ClinicodeRanking
import Foundation

/// The real stages, built once from `Lexicons/` for every ranking test.
struct RankingFixture: Sendable {
    let analyzer: TextAnalyzer
    let terminology: Terminology
    let detector: ContextDetector
    let rules: RankingRules

    /// The package root (three levels above this file).
    static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    static let lexicons = packageRoot + "/Lexicons"

    static let shared: RankingFixture = {
        do {
            let analyzer = TextAnalyzer(rules: try TextRules(lexiconsDirectory: lexicons))
            let terminology = try Terminology.build(lexiconsDirectory: lexicons, analyzer: analyzer)
            let detector = ContextDetector(rules: try ContextRules(lexiconsDirectory: lexicons))
            return RankingFixture(
                analyzer: analyzer, terminology: terminology, detector: detector,
                rules: try RankingRules(lexiconsDirectory: lexicons))
        } catch {
            fatalError("cannot build the test fixture: \(error)")
        }
    }()

    /// A note through text, matcher and context.
    func document(_ text: String, id: String = "note") -> Document {
        var document = analyzer.analyze(id: id, text: text)
        terminology.annotate(&document)
        detector.annotate(&document)
        return document
    }

    func ranker(model: RankingModel = .zeroShot) -> Ranker {
        Ranker(terminology: terminology, model: model, rules: rules)
    }

    /// Ranks a note with the zero-shot model.
    func rank(_ text: String, setting: CareSetting = .outpatient, top: Int? = 30) -> NoteResult {
        ranker().rank(document(text), options: RankingOptions(setting: setting, top: top))
    }
}

extension NoteResult {
    /// The suggested codes, in rank order.
    var codes: [String] { suggestions.map(\.code.code) }

    /// The reason a code was excluded, if it was.
    func reason(_ code: String) -> ExclusionReason? {
        excluded.first { $0.code.code == code }?.reason
    }

    /// Whether any suggested code starts with the prefix.
    func suggests(prefix: String) -> Bool { codes.contains { $0.hasPrefix(prefix) } }

    /// Whether any excluded code starting with the prefix has the reason.
    func excludes(prefix: String, reason: ExclusionReason) -> Bool {
        excluded.contains { $0.code.code.hasPrefix(prefix) && $0.reason == reason }
    }
}
