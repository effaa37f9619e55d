import ArgumentParser
import Clinicode
import Foundation

/// `clinicode train`: learns ranking statistics from labelled notes and
/// writes a full model with them.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the ranker on labelled notes (CodiEsp layout) and write a model.",
        discussion: """
            Each --notes folder holds <doc_id>.txt notes; the --gold file paired with it \
            (in the same order) has 'doc_id<TAB>code' lines, codes in any case. Gold codes \
            missing from the model's terminology are counted and skipped.
            """
    )

    @Option(help: "A folder of <doc_id>.txt notes (repeatable; paired with --gold in order).")
    var notes: [String] = []

    @Option(help: "A 'doc_id<TAB>code' gold file for the matching --notes folder.")
    var gold: [String] = []

    @Option(help: "Where to write the trained model.")
    var output: String

    @Option(help: "The base model (default: $CLINICODE_MODEL, then Models/default.clinicode-model).")
    var model: String?

    @Option(help: "Notes annotated in parallel (default: one per core). The result is the same for any value.")
    var jobs: Int?

    func validate() throws {
        if notes.isEmpty { throw ValidationError("give at least one --notes DIR with its --gold FILE") }
        if notes.count != gold.count {
            throw ValidationError("give one --gold FILE for each --notes DIR (got \(notes.count) and \(gold.count))")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let base = try ModelLoading.load(explicitPath: model, verbose: false)
        var corpora: [LabelledCorpus] = []
        for (notesDirectory, goldFile) in zip(notes, gold) {
            do {
                corpora.append(try LabelledCorpus(notesDirectory: notesDirectory, goldFile: goldFile))
            } catch {
                StandardError.error("\(notesDirectory) + \(goldFile): \(error)")
                throw ExitCode.failure
            }
        }
        let started = Date()
        let (trained, summary) = base.trained(on: corpora, jobs: jobs)
        do {
            try trained.write(toPath: output)
        } catch {
            StandardError.error("\(output): cannot write the model: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print("trained on \(summary.notes) notes in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        print("gold codes used: \(summary.knownCodes); not in the terminology (skipped): \(summary.unknownCodes)")
        if summary.placeholderCodes > 0 {
            print("  used as their subcategory (cut before the 7th character, e.g. S01.20X): \(summary.placeholderCodes)")
        }
        if !summary.unknownExamples.isEmpty {
            print("  e.g. " + summary.unknownExamples.joined(separator: " "))
        }
        if summary.notesWithoutGold > 0 { print("notes without gold codes (skipped): \(summary.notesWithoutGold)") }
        if summary.goldRowsWithoutNote > 0 { print("gold rows without a note file: \(summary.goldRowsWithoutNote)") }
        print("wrote \(output)")
    }
}
