/// Runs one note through every stage: text analysis, term matching, context,
/// ranking and the procedure rules.
///
/// Immutable and `Sendable`: one pipeline serves any number of threads.
public struct Pipeline: Sendable {
    /// The model the stages were built from.
    public let model: ClinicodeModel
    private let analyzer: TextAnalyzer
    private let detector: ContextDetector
    private let ranker: Ranker
    private let procedureCoder: ProcedureCoder
    /// Whether the model holds codes of a procedure system: the procedure
    /// rules then read the ranker's evidence and excluded codes.
    private let codesProcedures: Bool

    /// Prepares the stages of a model.
    public init(model: ClinicodeModel) {
        self.init(model: model, analyzer: nil, detector: nil)
    }

    /// Loads a model file and prepares its stages. `concurrently` (for runs
    /// on several threads) checks and decodes the terminology on one thread
    /// while the rest of the model and the text and context stages are made
    /// on another; errors are the same either way.
    public static func load(path: String, concurrently: Bool) throws -> Pipeline {
        try load(path: path, concurrently: concurrently) {}.pipeline
    }

    /// Loads a model file as `load(path:concurrently:)` does, and makes
    /// something else meanwhile: with `concurrently`, `alongside` runs on the
    /// load's second thread once that thread's (smaller) share of the load is
    /// done, e.g. listing a run's input files; otherwise after the load. When
    /// the load fails, `alongside` may or may not have run.
    public static func load<Extra: Sendable>(
        path: String, concurrently: Bool, alongside: @Sendable () -> Extra
    ) throws -> (pipeline: Pipeline, extra: Extra) {
        let extra = ResultBox<Extra>()
        let loaded = try ClinicodeModel.loadStages(path: path, concurrently: concurrently) {
            extra.value = alongside()
        }
        guard let made = extra.value else { preconditionFailure("alongside runs before a load returns") }
        return (Pipeline(model: loaded.model, analyzer: loaded.analyzer, detector: loaded.detector), made)
    }

    /// Carries `alongside`'s result from the thread that made it; written
    /// once, read after that thread has been joined.
    private final class ResultBox<Value>: @unchecked Sendable {
        var value: Value?
    }

    /// The stages of a model, with the text and context stages given when already made from it.
    private init(model: ClinicodeModel, analyzer: TextAnalyzer?, detector: ContextDetector?) {
        self.model = model
        let analyzer = analyzer ?? TextAnalyzer(rules: model.textRules)
        self.analyzer = analyzer
        self.detector = detector ?? ContextDetector(rules: model.contextRules)
        ranker = Ranker(
            terminology: model.terminology, model: model.rankingModel, rules: model.rankingRules,
            catalogTable: model.rankingCatalog)
        procedureCoder = ProcedureCoder(rules: model.procedureRules, terminology: model.terminology, analyzer: analyzer)
        codesProcedures = !Set(model.terminology.systems).isDisjoint(with: model.procedureRules.procedureSystems)
    }

    /// The note with tokens, sentences, sections, mentions and their assertions.
    public func annotate(id: String, text: String) -> Document {
        var document = analyzer.analyze(id: id, text: text)
        model.terminology.annotate(&document)
        detector.annotate(&document)
        return document
    }

    /// Ranked code suggestions (and exclusions) for a note.
    public func suggest(id: String, text: String, options: RankingOptions = RankingOptions()) -> NoteResult {
        suggest(annotate(id: id, text: text), options: options)
    }

    /// Ranked code suggestions for several notes, in order: the same results
    /// as `suggest(id:text:options:)` note by note. Each stage runs over all
    /// the notes before the next starts, so a stage's tables (vocabulary,
    /// term index, phrase tables, code records) stay in the processor's
    /// cache from one note to the next instead of being evicted by the
    /// other stages in between.
    public func suggest(_ notes: [(id: String, text: String)], options: RankingOptions = RankingOptions()) -> [NoteResult] {
        var documents = notes.map { analyzer.analyze(id: $0.id, text: $0.text) }
        for index in documents.indices { model.terminology.annotate(&documents[index]) }
        for index in documents.indices { detector.annotate(&documents[index]) }
        return documents.map { suggest($0, options: options) }
    }

    /// Ranked code suggestions for an already annotated note.
    public func suggest(_ document: Document, options: RankingOptions = RankingOptions()) -> NoteResult {
        var options = options
        if codesProcedures { options.detail = .full }  // the procedure rules read evidence and exclusions
        var result = ranker.rank(document, options: options)
        procedureCoder.apply(to: &result, document: document)
        return result
    }
}
