import ArgumentParser
import Clinicode
import Foundation

/// The settings of one `clinicode suggest` run, as plain values: filled in
/// by the argument parser (`Suggest`) or, for the common invocations, by
/// `init?(commonArguments:)` without it.
struct SuggestJob {
    var inputs: [String] = []
    var format: SuggestionFormat = .table
    var top: Int?
    var minScore: Double?
    var setting: String = CareSetting.outpatient.rawValue
    var system: SystemChoice = .all
    var model: String?
    var input: InputKind = .text
    var jobs: Int?
    var maxNoteBytes: Int = 10 * 1024 * 1024
    var verbose = false
    /// `nil` when no procedure file was given (always so on the fast path).
    var procedureFiles: ProcedureFileOptions?
    var lexicons: String?

    init(_ command: Suggest) {
        inputs = command.inputs
        format = command.format
        top = command.top
        minScore = command.minScore
        setting = command.setting
        system = command.system
        model = command.model
        input = command.input
        jobs = command.jobs
        maxNoteBytes = command.maxNoteBytes
        verbose = command.verbose
        procedureFiles = command.procedureFiles.cptFile == nil ? nil : command.procedureFiles
        lexicons = command.lexicons
    }

    /// The settings of `suggest` arguments (after the program name) that
    /// use only plain inputs and valid `--format`, `--jobs`, `--model`,
    /// `--top`, `--input`, `--system` and `--verbose`, each at most once;
    /// `nil` for anything else, which goes to the argument parser with its
    /// messages. The parser's first use looks up protocol conformances
    /// across the whole binary: about 15% of the instructions of a
    /// one-note run.
    init?(commonArguments arguments: ArraySlice<String>) {
        guard arguments.first == "suggest" else { return nil }
        var seen: Set<String> = []
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else { inputs.append(argument); continue }
            guard seen.insert(argument).inserted else { return nil }
            if argument == "--verbose" { verbose = true; continue }
            guard let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
            switch argument {
            case "--format": guard let parsed = SuggestionFormat(rawValue: value) else { return nil }; format = parsed
            case "--input": guard let parsed = InputKind(rawValue: value) else { return nil }; input = parsed
            case "--system": guard let parsed = SystemChoice(rawValue: value) else { return nil }; system = parsed
            case "--model": model = value
            case "--jobs": guard let count = Self.count(value) else { return nil }; jobs = count
            case "--top": guard let count = Self.count(value) else { return nil }; top = count
            default: return nil
            }
        }
    }

    /// A count of at least 1 written in plain digits, else `nil`.
    private static func count(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int(text), value >= 1 else { return nil }
        return value
    }

    func run() throws {
        OutputSink.ignoreBrokenPipeSignal()
        AllocatorTuning.applyForBatch()
        let sources = inputs.isEmpty ? ["-"] : inputs
        let loader = NoteFileLoader(maxBytes: maxNoteBytes)
        // Text files are listed while the model loads. Standard input (`-`)
        // is read only once it has loaded: a model error must not wait for
        // the end of the input.
        let listsAlongside = input == .text && !sources.contains("-")
        let (pipeline, listed) = try loadPipeline { () -> [NoteInput] in
            listsAlongside ? Self.textInputs(sources, loader: loader) : []
        }
        let listedInputs = input == .text && !listsAlongside ? Self.textInputs(sources, loader: loader) : listed
        let model = pipeline.model
        if let wanted = system.systems, wanted.isDisjoint(with: model.terminology.systems) {
            StandardError.print("warning: the model has no \(system.rawValue) codes"
                + (system == .cpt ? "; build one with `clinicode build-model --cpt-file FILE`" : ""))
        }
        let options = RankingOptions(
            setting: CareSetting(rawValue: setting) ?? .outpatient, top: top, minScore: minScore,
            systems: system.systems, detail: format.rankingDetail)
        let started = Date()
        var runner = SuggestRunner(
            pipeline: pipeline, options: options, formatter: format.formatter(verbose: verbose),
            maxNoteBytes: maxNoteBytes, jobs: jobs ?? BatchRunner.defaultJobs, verbose: verbose)
        do {
            switch input {
            case .text:
                try runner.run(listedInputs)
            case .jsonl:
                var streams = JSONLSource(sources, maxLineBytes: 2 * maxNoteBytes + 4096)
                try runner.run { streams.nextGroup(maxLines: SuggestRunner.groupSize) }
            }
        } catch {
            return  // The reader went away (`| head`): nothing more to do.
        }
        if verbose {
            let seconds = Date().timeIntervalSince(started)
            StandardError.print("processed \(runner.processed) inputs (\(runner.failures) failed) in "
                + String(format: "%.2f", seconds) + " s with \(runner.batch.jobs) jobs")
        }
        if runner.failures > 0 { throw ExitCode.failure }
        // All output is written: end the process here rather than free the
        // model, the pipeline and its per-code caches piece by piece on the
        // way out (about 0.5% of a run over 2,751 notes), or the list of
        // inputs (0.3 ms for 2,751 files).
        withExtendedLifetime(listedInputs) { Foundation.exit(EXIT_SUCCESS) }
    }

    /// The pipeline of the model to run, and what `alongside` made meanwhile:
    /// the located model (loaded on two threads when the run uses several,
    /// `alongside` on the second), or with `--cpt-file` one built from
    /// Lexicons plus the user's file for this run (keeping a trained ranking
    /// model named by `--model`).
    private func loadPipeline<Extra: Sendable>(
        alongside: @Sendable () -> Extra
    ) throws -> (pipeline: Pipeline, extra: Extra) {
        guard let procedureFiles else {
            return try ModelLoading.loadPipeline(explicitPath: model, verbose: verbose,
                                                 concurrently: (jobs ?? BatchRunner.defaultJobs) > 1,
                                                 alongside: alongside)
        }
        return (Pipeline(model: try buildModel(procedureFiles)), alongside())
    }

    /// The model built from Lexicons plus the user's `--cpt-file`.
    private func buildModel(_ procedureFiles: ProcedureFileOptions) throws -> ClinicodeModel {
        guard let lexiconsDirectory = lexicons ?? PackageRoot.find().map({ $0 + "/Lexicons" }) else {
            throw ValidationError("--cpt-file needs the Lexicons folder to build from; pass --lexicons DIR")
        }
        let built: ClinicodeModel
        do {
            built = try procedureFiles.buildModel(lexiconsDirectory: lexiconsDirectory)
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
        guard model != nil else { return built }
        let trained = try ModelLoading.load(explicitPath: model, verbose: verbose)
        return built.replacingRankingModel(trained.rankingModel, trainedNotes: trained.metadata.trainedNotes)
    }

    /// One note per file; a folder contributes its *.txt files, sorted, and
    /// `-` standard input (read here). All arguments form one list, so even
    /// single-file arguments are processed in parallel.
    private static func textInputs(_ sources: [String], loader: NoteFileLoader) -> [NoteInput] {
        var items: [NoteInput] = []
        for source in sources {
            if source == "-" {
                do {
                    let (text, warnings) = try loader.loadStandardInput()
                    items.append(.note(id: "stdin", text: text, warnings: warnings))
                } catch {
                    items.append(.failure(id: "stdin", line: nil, label: "<stdin>", message: error.reason))
                }
            } else {
                items += expand(source, suffix: ".txt")
            }
        }
        return items
    }

    /// A path as inputs: a file as itself, a folder as its files with
    /// `suffix` in name order, anything else as a failure to report.
    static func expand(_ path: String, suffix: String) -> [NoteInput] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return [.failure(id: Suggest.stem(path), line: nil, label: path, message: "no such file or directory")]
        }
        guard isDirectory.boolValue else { return [.file(path: path, id: Suggest.stem(path))] }
        guard let entries = FolderListing.entries(of: path, suffix: suffix) else {
            return [.failure(id: nil, line: nil, label: path, message: "cannot list folder")]
        }
        if entries.isEmpty {
            return [.failure(id: nil, line: nil, label: path, message: "folder has no *\(suffix) files")]
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        return entries.map { .file(path: base + $0.name, id: $0.stem, regular: $0.regular) }
    }
}
