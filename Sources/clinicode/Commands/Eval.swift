import ArgumentParser
import Clinicode
import Foundation

/// `clinicode eval`: runs the suggest pipeline over a folder of notes and
/// scores the rankings against gold codes (CodiEsp layout), with the same
/// definitions as the shared `score.py` (MAP over each gold document's full
/// ranking; notes without gold left out; gold without a note scored 0).
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score code suggestions for a folder of notes against gold codes.",
        discussion: """
            Notes are the *.txt files of --notes (the note id is the file stem); gold is \
            doc_id<TAB>code lines (case and dots ignored). Reports MAP, micro and macro \
            P/R/F1 at k, recall at 1/5/10/20, the same at category level (the first --prefix \
            characters of the code), and throughput. Malformed gold lines, gold for missing \
            notes and notes without gold are reported on stderr and never stop the run.
            """
    )

    @Option(help: "Folder of *.txt notes.")
    var notes: String

    @Option(help: "Gold codes: doc_id<TAB>code per line.")
    var gold: String

    @Option(help: "Model file (default: $CLINICODE_MODEL, then Models/default.clinicode-model).")
    var model: String?

    @Option(help: "Care setting for every note: outpatient or inpatient.")
    var setting: String = CareSetting.outpatient.rawValue

    @Option(help: "Per-note settings file (note_id<TAB>outpatient|inpatient); overrides --setting for the notes it names.")
    var settings: String?

    @Option(help: "Cut-off for precision, recall and F1.")
    var k: Int = 10

    @Option(help: "Category level: compare the first N characters of the dotless code.")
    var prefix: Int = 3

    @Option(help: "Output format: text or json.")
    var format: EvalFormat = .text

    @Option(help: "Write the per-code table and each note's missed and spurious codes (with evidence) to FILE.")
    var errors: String?

    @Option(help: "Write a self-contained HTML report to FILE.")
    var report: String?

    @Option(help: "Write the rankings to FILE as doc_id<TAB>code<TAB>score lines, best first (score.py's PRED layout).")
    var predictions: String?

    @Option(help: "Notes processed in parallel (default: one per core).")
    var jobs: Int?

    @Option(help: "Ranking depth: codes ranked per note (MAP looks at the whole ranking).")
    var top: Int = 100

    @Option(help: "Code system: icd10cm, cpt or all.")
    var system: SystemChoice = .all

    @Option(name: .customLong("max-note-bytes"), help: "Largest note accepted, in bytes.")
    var maxNoteBytes: Int = 10 * 1024 * 1024

    @Flag(help: ArgumentHelp(
        "Let a gold code that is not a final code of the model's code set match its best-ranked descendant.",
        discussion: "For gold coded under an older release (CodiEsp's 2018 R51, M54.5; codes missing their 7th character). Off by default: exact matching is what score.py computes."))
    var crosswalk = false

    /// What became of one note.
    private enum NoteRun: Sendable {
        case done(EvaluatedNote, bytes: Int)
        case failed(String)
    }

    /// `--format` values.
    enum EvalFormat: String, CaseIterable, ExpressibleByArgument {
        case text, json
    }

    func validate() throws {
        if k < 1 { throw ValidationError("--k must be at least 1") }
        if prefix < 1 { throw ValidationError("--prefix must be at least 1") }
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxNoteBytes < 1 { throw ValidationError("--max-note-bytes must be at least 1") }
        if CareSetting(rawValue: setting) == nil {
            throw ValidationError("--setting must be one of: " + CareSetting.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        AllocatorTuning.applyForBatch()
        var goldStandard: GoldStandard
        do {
            goldStandard = try GoldStandard(path: gold)
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
        if goldStandard.documents.isEmpty {
            StandardError.error("\(gold): no usable doc_id<TAB>code lines"
                + (goldStandard.malformed.isEmpty ? "" : " (\(goldStandard.malformed.count) malformed)"))
            throw ExitCode.failure
        }
        let files = try noteFiles()
        let perNoteSettings = try readSettings()
        let model = try ModelLoading.load(explicitPath: model, verbose: false)
        let pipeline = Pipeline(model: model)
        let defaultSetting = CareSetting(rawValue: setting) ?? .outpatient
        let keepNotes = errors != nil || report != nil

        // Run the notes in chunks so the progress line moves and memory stays
        // bounded to what the reports need.
        let batch = BatchRunner(jobs: jobs)
        let loader = NoteFileLoader(maxBytes: maxNoteBytes)
        let (top, systems) = (top, system.systems)
        var ranked = RankedPredictions()
        var rankingLines = ""
        var kept: [EvaluatedNote] = []
        var failures = 0, bytes = 0
        var progress = EvaluationProgress(total: files.count)
        let started = Date()
        let chunkSize = max(16, batch.jobs * 8)
        for chunkStart in stride(from: 0, to: files.count, by: chunkSize) {
            let chunk = Array(files[chunkStart..<min(chunkStart + chunkSize, files.count)])
            let outcomes = batch.map(chunk) { file -> NoteRun in
                let text: String
                do {
                    text = try loader.load(path: file.path).text
                } catch let failure as NoteFileLoader.Failure {
                    return .failed(failure.reason)
                } catch {
                    return .failed("\(error)")
                }
                let options = RankingOptions(
                    setting: perNoteSettings[file.id] ?? defaultSetting, top: top, systems: systems)
                let result = pipeline.suggest(id: file.id, text: text, options: options)
                return .done(EvaluatedNote(id: file.id, text: text, result: result), bytes: text.utf8.count)
            }
            for (file, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case let .done(note, size):
                    bytes += size
                    ranked.set(document: note.id, codes: note.result.suggestions.map { $0.code.code })
                    if predictions != nil {
                        for suggestion in note.result.suggestions {
                            rankingLines += "\(note.id)\t\(suggestion.code.code)\t\(String(format: "%.4f", suggestion.score))\n"
                        }
                    }
                    if keepNotes { kept.append(note) }
                case let .failed(reason):
                    failures += 1
                    StandardError.error("\(file.path): \(reason)")
                }
            }
            progress.update(done: chunkStart + chunk.count)
        }
        let seconds = Date().timeIntervalSince(started)
        progress.finish()

        if crosswalk {
            let current = model.terminology.systems.flatMap { model.terminology.billableCodes(in: $0) }.map(\.code)
            let (crosswalked, replaced) = CodeSetCrosswalk(currentCodes: current).apply(to: goldStandard, rankings: ranked)
            goldStandard = crosswalked
            StandardError.print("crosswalk: \(replaced) gold codes outside the model's code set matched by a ranked descendant")
        }
        var evaluation = Evaluator(options: EvaluationOptions(k: k, categoryPrefix: prefix))
            .evaluate(gold: goldStandard, predictions: ranked)
        evaluation.throughput = Throughput(notes: ranked.documents.count, bytes: bytes, seconds: seconds, jobs: batch.jobs)
        for warning in evaluation.warnings { StandardError.print("warning: " + warning) }
        if let predictions { try write(rankingLines, to: predictions) }
        let titles = keepNotes ? Self.titles(of: evaluation, in: model.terminology) : [:]
        if let errors { try write(ErrorListing(report: evaluation, notes: kept, titles: titles).render(), to: errors) }
        if let report { try write(HTMLReport(report: evaluation, notes: kept, titles: titles).render(), to: report) }
        switch format {
        case .text: print(evaluation.renderText(), terminator: "")
        case .json: print(evaluation.renderJSON())
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// Titles of the codes in the per-code table that the terminology knows,
    /// trying the spelling as given and the ICD-10 dotted form of the key.
    private static func titles(of evaluation: EvaluationReport, in terminology: Terminology) -> [String: String] {
        var titles: [String: String] = [:]
        for row in evaluation.perCode {
            let key = row.code
            let dotted = key.count > 3 ? String(key.prefix(3)) + "." + String(key.dropFirst(3)) : key
            for spelling in [row.display, dotted] {
                if let title = terminology.title(of: CodeReference(system: .icd10cm, code: spelling)) {
                    titles[key] = title
                    break
                }
            }
        }
        return titles
    }

    /// The *.txt files of `--notes`, sorted, with their ids (file stems).
    private func noteFiles() throws -> [(path: String, id: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: notes, isDirectory: &isDirectory), isDirectory.boolValue else {
            StandardError.error("--notes \(notes): not a folder")
            throw ExitCode.failure
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: notes) else {
            StandardError.error("--notes \(notes): cannot list folder")
            throw ExitCode.failure
        }
        let texts = names.filter { $0.hasSuffix(".txt") && !$0.hasPrefix(".") }.sorted()
        if texts.isEmpty {
            StandardError.error("--notes \(notes): folder has no *.txt files")
            throw ExitCode.failure
        }
        let base = notes.hasSuffix("/") ? notes : notes + "/"
        return texts.map { (base + $0, String($0.dropLast(4))) }
    }

    /// `--settings` as a map from note id to setting; bad lines are reported and skipped.
    private func readSettings() throws -> [String: CareSetting] {
        guard let settings else { return [:] }
        let file: DataFile
        do {
            file = try DataFile(path: settings)
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
        var map: [String: CareSetting] = [:]
        for row in file.rows {
            if let value = CareSetting(rawValue: row[1].lowercased()) {
                map[row[0]] = value
            } else if row.line > 1 || row[1] != "setting" {
                StandardError.print("warning: \(settings):\(row.line): expected note_id<TAB>outpatient|inpatient")
            }
        }
        return map
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            StandardError.error("cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}
