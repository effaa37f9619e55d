import ArgumentParser
import Clinicode
import Foundation

/// `clinicode build-model`: compiles the Lexicons into a model file.
struct BuildModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-model",
        abstract: "Compile Lexicons/ into a model file (default: Models/default.clinicode-model).",
        discussion: """
            The model holds every stage's rules and the terminology, so nothing reads \
            Lexicons/ at run time. Building twice from the same Lexicons gives the same bytes. \
            The result is zero-shot; `clinicode train` adds learned ranking statistics.
            """
    )

    @Option(help: "The Lexicons folder (default: Lexicons/ of the source tree around the current directory).")
    var lexicons: String?

    @Option(help: "Where to write the model (default: Models/default.clinicode-model of the source tree).")
    var output: String?

    @Option(name: .customLong("cpt-file"),
            help: "Your licensed CPT file (code<TAB>descriptor, AMA or fixed layout) to compile in.")
    var cptFile: String?

    @Option(name: .customLong("cpt-synonyms"), help: "Extra code<TAB>synonym lines for the --cpt-file codes.")
    var cptSynonyms: String?

    func validate() throws {
        if cptSynonyms != nil, cptFile == nil { throw ValidationError("--cpt-synonyms needs --cpt-file") }
    }

    func run() throws {
        let root = PackageRoot.find()
        guard let lexiconsDirectory = lexicons ?? root.map({ $0 + "/Lexicons" }) else {
            throw ValidationError("cannot find a Lexicons folder above the current directory; pass --lexicons DIR")
        }
        guard let outputPath = output ?? root.map({ $0 + "/" + ModelLocator.defaultRelativePath }) else {
            throw ValidationError("cannot find the source tree's Models folder; pass --output PATH")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: lexiconsDirectory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            StandardError.error("\(lexiconsDirectory): no such Lexicons folder")
            throw ExitCode.failure
        }
        let started = Date()
        let model: ClinicodeModel
        do {
            let extra = try loadProcedureSources()
            model = try ClinicodeModel.build(
                lexiconsDirectory: lexiconsDirectory, extraSources: extra.map(\.source),
                extraSourceLabels: extra.map(\.label))
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
        let bytes = model.serialized()
        do {
            let folder = URL(fileURLWithPath: outputPath).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
        } catch {
            StandardError.error("\(outputPath): cannot write the model: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let seconds = Date().timeIntervalSince(started)
        print("wrote \(outputPath): \(bytes.count) bytes, systems "
            + model.terminology.systems.map(\.rawValue).joined(separator: ", ")
            + ", lexicons \(model.metadata.lexiconsFingerprint), \(String(format: "%.1f", seconds)) s")
    }

    /// The user's CPT file (and synonyms) as a code system; skipped rows are
    /// reported as warnings, a file that is not a code file is an error.
    private func loadProcedureSources() throws -> [(source: CodeSystemSource, label: String)] {
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
}
