import Foundation

/// Everything the engine needs at run time, decoded from one model file:
/// each stage's rules, the terminology and the ranking statistics.
///
/// Nothing under `Lexicons/` is read at run time; `build` compiles the
/// Lexicons into this value and `write` stores it. Building twice from the
/// same inputs yields the same bytes.
public struct ClinicodeModel: Sendable {
    /// Tokeniser, sentence and section rules.
    public var textRules: TextRules
    /// Code systems and the term index.
    public var terminology: Terminology {
        didSet { rankingCatalog = nil }
    }
    /// Negation, uncertainty, history and experiencer rules.
    public var contextRules: ContextRules
    /// Coding rules the ranker applies.
    public var rankingRules: RankingRules {
        didSet { rankingCatalog = nil }
    }
    /// Procedure rules: performed/not-performed cues, most complete description.
    public var procedureRules: ProcedureRules
    /// Learned ranking statistics (`RankingModel.zeroShot` when untrained).
    public var rankingModel: RankingModel
    /// Versions and input fingerprint.
    public var metadata: ModelMetadata
    /// What the ranker works out per code from `terminology` and
    /// `rankingRules`, read in place from the model file (see `CatalogTable`).
    /// Nil for a model built in memory, a file without the section, or once
    /// either of those changes: the ranker then works it out per code on first use.
    public private(set) var rankingCatalog: CatalogTable?

    /// Assembles a model from its parts.
    public init(textRules: TextRules, terminology: Terminology, contextRules: ContextRules,
                rankingRules: RankingRules, procedureRules: ProcedureRules, rankingModel: RankingModel,
                metadata: ModelMetadata) {
        self.textRules = textRules
        self.terminology = terminology
        self.contextRules = contextRules
        self.rankingRules = rankingRules
        self.procedureRules = procedureRules
        self.rankingModel = rankingModel
        self.metadata = metadata
    }

    // MARK: Loading

    /// Memory-maps and decodes a model file. A missing, foreign, truncated,
    /// corrupt or incompatible file throws a `ModelError` naming the file
    /// (`ModelVersionMismatch` when another engine version wrote it).
    public static func load(path: String) throws -> ClinicodeModel {
        try ClinicodeModel(archive: ModelArchive(path: path))
    }

    /// Decodes a model held in memory (e.g. one just built).
    public init(serialized bytes: [UInt8], source: String = "<memory>") throws {
        try self.init(archive: ModelArchive(serialized: bytes, source: source))
    }

    /// Decodes every section of a validated archive.
    public init(archive: ModelArchive) throws {
        let sections = try Sections(archive: archive)
        let terminology = try Self.decode(ModelSection.terminology, from: archive) { try Terminology(from: &$0) }
        try self.init(sections, terminology: terminology, archive: archive)
    }

    /// Every section but the terminology, decoded (the metadata checked first).
    private struct Sections {
        var metadata: ModelMetadata
        var textRules: TextRules
        var contextRules: ContextRules
        var rankingRules: RankingRules
        var procedureRules: ProcedureRules
        var rankingModel: RankingModel

        init(archive: ModelArchive) throws {
            var metaReader = try archive.section(ModelSection.metadata)
            metadata = try ModelMetadata(from: &metaReader, path: archive.source)
            guard metadata.engineVersion == ClinicodeVersion.string else {
                throw ModelVersionMismatch(path: archive.source, found: metadata.engineVersion, expected: ClinicodeVersion.string)
            }
            textRules = try ClinicodeModel.decode(ModelSection.text, from: archive) { try TextRules(from: &$0) }
            contextRules = try ClinicodeModel.decode(ModelSection.context, from: archive) { try ContextRules(from: &$0) }
            rankingRules = try ClinicodeModel.decode(ModelSection.rankingRules, from: archive) { try RankingRules(from: &$0) }
            procedureRules = try ClinicodeModel.decode(ModelSection.procedures, from: archive) { try ProcedureRules(from: &$0) }
            rankingModel = try ClinicodeModel.decode(ModelSection.rankingModel, from: archive) { try RankingModel(from: &$0) }
        }
    }

    private init(_ sections: Sections, terminology: Terminology, archive: ModelArchive) throws {
        metadata = sections.metadata
        textRules = sections.textRules
        self.terminology = terminology
        contextRules = sections.contextRules
        rankingRules = sections.rankingRules
        procedureRules = sections.procedureRules
        rankingModel = sections.rankingModel
        // Derived from the sections above, so optional: a file without it (or
        // with another layout of it) is ranked the same, only slower to warm up.
        if archive.hasSection(ModelSection.rankingCatalog) {
            let codeCount = terminology.codeCount
            rankingCatalog = try Self.decode(ModelSection.rankingCatalog, from: archive) {
                try CatalogTable(from: &$0, owner: archive, codeCount: codeCount)
            }
        }
    }

    /// Loads a model file as `load(path:)` does, and (`concurrently`, for
    /// commands that run on several threads anyway: start-up is the serial
    /// part of `suggest --jobs N`) checks and decodes the terminology on
    /// this thread while a second one checks and decodes the rest (the
    /// smaller share), makes the text and context stages from their rules,
    /// so `Pipeline` need not, and then runs `alongside`. Without
    /// `concurrently`, `alongside` runs after the load. Any problem is
    /// reported as `load(path:)` reports it.
    static func loadStages(path: String, concurrently: Bool, alongside: @Sendable () -> Void = {}) throws -> (
        model: ClinicodeModel, analyzer: TextAnalyzer?, detector: ContextDetector?
    ) {
        guard concurrently else {
            let model = try load(path: path)
            alongside()
            return (model, nil, nil)
        }
        let archive = try ModelArchive(path: path, verifyingChecksums: false)
        let halves = LoadHalves()
        WorkerThreads.run(2) { half in
            if half == 0 {
                halves.terminology = Result {
                    try archive.verify(sections: [ModelSection.terminology])
                    return try decode(ModelSection.terminology, from: archive) { try Terminology(from: &$0) }
                }
            } else {
                halves.sections = Result {
                    try archive.verify(sections: archive.sectionNames.filter { $0 != ModelSection.terminology })
                    let sections = try Sections(archive: archive)
                    return (sections, TextAnalyzer(rules: sections.textRules), ContextDetector(rules: sections.contextRules))
                }
                alongside()
            }
        }
        guard case let .success(terminology)? = halves.terminology, case let .success(rest)? = halves.sections else {
            // Checked again one section after another, so the error is the one a serial load gives.
            return (try load(path: path), nil, nil)
        }
        return (try ClinicodeModel(rest.sections, terminology: terminology, archive: archive), rest.analyzer, rest.detector)
    }

    /// What the two threads of `loadStages(path:concurrently:alongside:)` made: each
    /// writes its own slot, and both are read after `WorkerThreads.run` returns.
    private final class LoadHalves: @unchecked Sendable {
        var terminology: Result<Terminology, any Error>?
        var sections: Result<(sections: Sections, analyzer: TextAnalyzer, detector: ContextDetector), any Error>?
    }

    fileprivate static func decode<T>(_ name: String, from archive: ModelArchive,
                                  _ body: (inout BinaryReader) throws -> T) throws -> T {
        var reader = try archive.section(name)
        do {
            return try body(&reader)
        } catch let ModelError.corrupt(path, detail) {
            // Usually a stage format changed since the model was built.
            throw ModelError.corrupt(
                path: path, detail: detail + " (if clinicode was updated, rebuild the model with `clinicode build-model`)")
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError.corrupt(path: archive.source, detail: "section '\(name)': \(error)")
        }
    }

    // MARK: Building

    /// Compiles a zero-shot model from a Lexicons directory (and optional
    /// extra code systems, e.g. the user's CPT file from `ProcedureCodeFile`;
    /// `extraSourceLabels` name them in the metadata). Errors name the
    /// offending data file and line.
    public static func build(lexiconsDirectory: String, extraSources: [CodeSystemSource] = [],
                             extraSourceLabels: [String] = []) throws -> ClinicodeModel {
        let textRules = try TextRules(lexiconsDirectory: lexiconsDirectory)
        let analyzer = TextAnalyzer(rules: textRules)
        let terminology = try Terminology.build(
            lexiconsDirectory: lexiconsDirectory, analyzer: analyzer, extraSources: extraSources)
        let contextRules = try ContextRules(lexiconsDirectory: lexiconsDirectory)
        let rankingRules = try RankingRules(lexiconsDirectory: lexiconsDirectory)
        let procedureRules = try ProcedureRules(lexiconsDirectory: lexiconsDirectory, analyzer: analyzer)
        let metadata = ModelMetadata(
            lexiconsFingerprint: try LexiconsFingerprint.compute(directory: lexiconsDirectory),
            extraSources: extraSourceLabels)
        return ClinicodeModel(
            textRules: textRules, terminology: terminology, contextRules: contextRules,
            rankingRules: rankingRules, procedureRules: procedureRules, rankingModel: .zeroShot, metadata: metadata)
    }

    /// This model with a different ranking model (e.g. after training).
    public func replacingRankingModel(_ model: RankingModel, trainedNotes: Int) -> ClinicodeModel {
        var copy = self
        copy.rankingModel = model
        copy.metadata.trainedNotes = trainedNotes
        return copy
    }

    // MARK: Writing

    /// The model file's bytes.
    public func serialized() -> [UInt8] {
        archiveBuilder().serialized()
    }

    /// Writes the model file atomically.
    public func write(toPath path: String) throws {
        try archiveBuilder().write(toPath: path)
    }

    private func archiveBuilder() -> ModelArchiveBuilder {
        var builder = ModelArchiveBuilder()
        func add(_ name: String, _ encode: (inout BinaryWriter) -> Void) {
            var writer = BinaryWriter()
            encode(&writer)
            builder.add(section: name, writer.bytes)
        }
        add(ModelSection.metadata) { metadata.encode(to: &$0) }
        add(ModelSection.text) { textRules.encode(to: &$0) }
        add(ModelSection.terminology) { terminology.encode(to: &$0) }
        add(ModelSection.context) { contextRules.encode(to: &$0) }
        add(ModelSection.rankingRules) { rankingRules.encode(to: &$0) }
        add(ModelSection.procedures) { procedureRules.encode(to: &$0) }
        add(ModelSection.rankingModel) { rankingModel.encode(to: &$0) }
        // Worked out afresh from this model's terminology and rules, so it
        // always matches them (omitted in the unlikely case it does not fit).
        var catalog = BinaryWriter()
        if CatalogTable.encode(terminology: terminology, rules: rankingRules, to: &catalog) {
            builder.add(section: ModelSection.rankingCatalog, catalog.bytes)
        }
        return builder
    }
}
