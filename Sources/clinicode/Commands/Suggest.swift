import ArgumentParser
import Clinicode
import Foundation

/// `clinicode suggest`: ranked codes with evidence for notes in files,
/// folders, standard input or a JSON Lines stream.
struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest ranked ICD-10-CM (and CPT) codes for clinical notes, with evidence.",
        discussion: """
            Inputs are text files (one note each; the note id is the file stem), folders \
            (every *.txt in them, sorted), or '-' / nothing for standard input. With \
            --input jsonl each line is {"id": ..., "text": ...} and gives one output line, \
            in order, as soon as it is processed. Unreadable inputs are reported on stderr \
            and the rest still processed; the exit status is then 1.
            """
    )

    @Argument(help: "Note files, folders of *.txt notes, or '-' for standard input (the default).")
    var inputs: [String] = []

    @Option(help: "Output format: table, jsonl or tsv (id, rank, code, score, title).")
    var format: SuggestionFormat = .table

    @Option(help: "Return the N best codes per note.")
    var top: Int?

    @Option(name: .customLong("min-score"), help: "Return codes scoring at least S (0...1).")
    var minScore: Double?

    @Option(help: "Care setting: outpatient (uncertain diagnoses not coded) or inpatient.")
    var setting: String = CareSetting.outpatient.rawValue

    @Option(help: "Code system: icd10cm, cpt or all.")
    var system: SystemChoice = .all

    @Option(help: "Model file (default: $CLINICODE_MODEL, then Models/default.clinicode-model).")
    var model: String?

    @Option(help: "Input kind: text (a note per file) or jsonl ({\"id\", \"text\"} per line).")
    var input: InputKind = .text

    @Option(help: "Notes processed in parallel (default: one per core). Output is the same for any value.")
    var jobs: Int?

    @Option(name: .customLong("max-note-bytes"), help: "Largest note accepted, in bytes.")
    var maxNoteBytes: Int = 10 * 1024 * 1024

    @Flag(help: "Report the model used and show the start of bad input lines.")
    var verbose = false

    @OptionGroup(title: "Procedure codes for this run (slower than a model built with them)")
    var procedureFiles: ProcedureFileOptions

    @Option(help: "The Lexicons folder to build from with --cpt-file (default: Lexicons/ of the source tree).")
    var lexicons: String?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let minScore, !(0...1).contains(minScore) { throw ValidationError("--min-score must be between 0 and 1") }
        if CareSetting(rawValue: setting) == nil {
            throw ValidationError("--setting must be one of: "
                + CareSetting.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxNoteBytes < 1 { throw ValidationError("--max-note-bytes must be at least 1") }
    }

    func run() throws {
        OutputSink.ignoreBrokenPipeSignal()
        AllocatorTuning.applyForBatch()
        let pipeline = try loadPipeline()
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
            let sources = inputs.isEmpty ? ["-"] : inputs
            switch input {
            case .text: try runText(sources, &runner)
            case .jsonl: for source in sources { try runJSONL(source, &runner) }
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
        // way out (about 0.5% of a run over 2,751 notes).
        Foundation.exit(EXIT_SUCCESS)
    }

    /// The pipeline of the model to run: the located one (loaded on two
    /// threads when the run uses several), or with `--cpt-file` one built
    /// from Lexicons plus the user's file for this run (keeping a trained
    /// ranking model named by `--model`).
    private func loadPipeline() throws -> Pipeline {
        guard procedureFiles.cptFile != nil else {
            return try ModelLoading.loadPipeline(explicitPath: model, verbose: verbose,
                                                 concurrently: (jobs ?? BatchRunner.defaultJobs) > 1)
        }
        return Pipeline(model: try buildModel())
    }

    /// The model built from Lexicons plus the user's `--cpt-file`.
    private func buildModel() throws -> ClinicodeModel {
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

    /// One note per file; a folder contributes its *.txt files, sorted.
    /// All arguments form one list, so even single-file arguments are
    /// processed in parallel.
    private func runText(_ sources: [String], _ runner: inout SuggestRunner) throws(OutputSink.Closed) {
        var items: [NoteInput] = []
        for source in sources {
            if source == "-" {
                do {
                    let (text, warnings) = try runner.loader.loadStandardInput()
                    items.append(.note(id: "stdin", text: text, warnings: warnings))
                } catch {
                    items.append(.failure(id: "stdin", line: nil, label: "<stdin>", message: error.reason))
                }
            } else {
                items += expand(source, suffix: ".txt")
            }
        }
        var start = 0
        while start < items.count {
            let end = min(start + runner.chunkSize, items.count)
            try runner.run(Array(items[start..<end]))
            start = end
        }
    }

    /// One note per line of each JSON Lines stream (a folder contributes its *.jsonl files).
    private func runJSONL(_ source: String, _ runner: inout SuggestRunner) throws(OutputSink.Closed) {
        if source == "-" {
            try drain(descriptor: 0, label: "<stdin>", &runner)
            return
        }
        for item in expand(source, suffix: ".jsonl") {
            guard case let .file(path, _, _) = item else { try runner.run([item]); continue }
            let descriptor = open(path, O_RDONLY)
            if descriptor < 0 {
                try runner.run([.failure(id: nil, line: nil, label: path, message: String(cString: strerror(errno)))])
                continue
            }
            defer { close(descriptor) }
            try drain(descriptor: descriptor, label: path, &runner)
        }
    }

    private func drain(descriptor: Int32, label: String, _ runner: inout SuggestRunner) throws(OutputSink.Closed) {
        var stream = JSONLinesStream(
            descriptor: descriptor, label: label, maxLineBytes: 2 * maxNoteBytes + 4096)
        while true {
            let chunk = stream.nextChunk(maxLines: runner.chunkSize)
            if chunk.isEmpty { return }
            try runner.run(chunk)
        }
    }

    /// A path as inputs: a file as itself, a folder as its files with
    /// `suffix` in name order, anything else as a failure to report.
    private func expand(_ path: String, suffix: String) -> [NoteInput] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return [.failure(id: Self.stem(path), line: nil, label: path, message: "no such file or directory")]
        }
        guard isDirectory.boolValue else { return [.file(path: path, id: Self.stem(path))] }
        guard let entries = FolderListing.entries(of: path, suffix: suffix) else {
            return [.failure(id: nil, line: nil, label: path, message: "cannot list folder")]
        }
        if entries.isEmpty {
            return [.failure(id: nil, line: nil, label: path, message: "folder has no *\(suffix) files")]
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        return entries.map { .file(path: base + $0.name, id: $0.stem, regular: $0.regular) }
    }

    /// A file name without its folder and last extension.
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
