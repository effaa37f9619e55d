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

    @OptionGroup var procedureFiles: ProcedureFileOptions

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
            model = try procedureFiles.buildModel(lexiconsDirectory: lexiconsDirectory)
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
}
