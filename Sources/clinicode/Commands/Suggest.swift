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
        try SuggestJob(self).run()
    }

    /// A file name without its folder and last extension.
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
