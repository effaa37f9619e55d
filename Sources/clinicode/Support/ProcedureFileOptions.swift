import ArgumentParser
import Clinicode
import Foundation

/// `--cpt-file` and `--cpt-synonyms`: the user's licensed procedure file,
/// shared by `build-model` (compiled in) and `suggest` (for one run).
struct ProcedureFileOptions: ParsableArguments {
    @Option(name: .customLong("cpt-file"),
            help: "Your licensed CPT file (code<TAB>descriptor, AMA or fixed layout).")
    var cptFile: String?

    @Option(name: .customLong("cpt-synonyms"), help: "Extra code<TAB>synonym lines for the --cpt-file codes.")
    var cptSynonyms: String?

    func validate() throws {
        if cptSynonyms != nil, cptFile == nil { throw ValidationError("--cpt-synonyms needs --cpt-file") }
    }

    /// The user's CPT file (and synonyms) as a code system; skipped rows are
    /// reported as warnings, a file that is not a code file is an error.
    func loadSources() throws -> [(source: CodeSystemSource, label: String)] {
        guard let cptFile else { return [] }
        var (source, issues) = try ProcedureCodeFile.load(path: cptFile)
        if let cptSynonyms {
            let merged = source.addingSynonyms(try SynonymFile.load(path: cptSynonyms), source: cptSynonyms)
            source = merged.source
            issues += merged.issues
        }
        for issue in issues.prefix(10) { StandardError.print("warning: \(issue)") }
        if issues.count > 10 { StandardError.print("warning: ... and \(issues.count - 10) more skipped rows") }
        // The label is the file name only: it records which file, not its content.
        let label = URL(fileURLWithPath: cptFile).lastPathComponent
        return [(source, "\(source.id.rawValue) from \(label) (\(source.codes.count) codes)")]
    }

    /// Builds a model from a Lexicons folder plus these files.
    func buildModel(lexiconsDirectory: String) throws -> ClinicodeModel {
        let extra = try loadSources()
        return try ClinicodeModel.build(
            lexiconsDirectory: lexiconsDirectory, extraSources: extra.map(\.source),
            extraSourceLabels: extra.map(\.label))
    }
}
