import Clinicode

/// Runs one text through each stage in turn — text analysis, the term
/// matcher, the context detector, then ranking — and checks the
/// `Invariants` after each, so a violation names the stage that broke it.
public struct StageChecker: Sendable {
    private let analyzer: TextAnalyzer
    private let terminology: Terminology
    private let detector: ContextDetector
    private let pipeline: Pipeline

    /// The stages of `model`.
    public init(model: ClinicodeModel) {
        analyzer = TextAnalyzer(rules: model.textRules)
        terminology = model.terminology
        detector = ContextDetector(rules: model.contextRules)
        pipeline = Pipeline(model: model)
    }

    /// The model named by `path`, or else `$CLINICODE_MODEL`, or else the
    /// package's default model (found from this file's location).
    public static func loadModel(path: String?) throws -> ClinicodeModel {
        let root = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(4)
            .joined(separator: "/")
        let location = try ModelLocator(currentDirectory: root).locate(explicitPath: path)
        return try ClinicodeModel.load(path: location.path)
    }

    /// The problems found for `text`, each prefixed with its stage.
    public func check(_ text: String) -> [String] {
        var document = analyzer.analyze(id: "fuzz", text: text)
        var problems = Invariants.violations(in: document, text: text).map { "text: " + $0 }
        if !problems.isEmpty { return problems }
        terminology.annotate(&document)
        problems = Invariants.violations(in: document, text: text).map { "matcher: " + $0 }
        if !problems.isEmpty { return problems }
        detector.annotate(&document)
        problems = Invariants.violations(in: document, text: text).map { "context: " + $0 }
        if !problems.isEmpty { return problems }
        for span in document.sentences.prefix(3).map(\.span) {
            let assertion = detector.assertion(for: span, in: document)
            for trigger in assertion.triggers where trigger.span.end > document.scalars.count || trigger.span.start < 0 {
                problems.append("context: assertion(for:) trigger outside the text")
            }
        }
        let result = pipeline.suggest(document)
        problems += Invariants.violations(in: result, scalarCount: document.scalars.count).map { "ranking: " + $0 }
        return problems
    }
}
