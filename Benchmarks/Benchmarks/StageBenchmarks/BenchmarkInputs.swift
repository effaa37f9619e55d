import Clinicode
import Foundation
import SyntheticNotes

/// What every stage benchmark runs over: a fixed sample of notes (the real
/// CodiEsp background notes when the shared corpus is present, read in
/// place, else deterministic synthetic notes) and the engine model.
///
/// Paths resolve from this file, so the benchmarks work from any directory.
struct BenchmarkInputs: Sendable {
    /// The notes one benchmark iteration processes.
    let notes: [(id: String, text: String)]
    /// Where the notes came from (printed with the results).
    let origin: String
    /// Total UTF-8 bytes of `notes`.
    let bytes: Int
    /// The model file the pipeline benchmarks load.
    let modelPath: String
    /// The decoded model.
    let model: ClinicodeModel

    /// Notes per iteration: enough to average over note lengths, few enough
    /// that an iteration stays well under a second.
    static let sampleSize = Int(ProcessInfo.processInfo.environment["CLINICODE_BENCH_NOTES"] ?? "") ?? 200

    /// The engine package root (`Benchmarks/..`).
    static let engineRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // StageBenchmarks, Benchmarks, Benchmarks package, root
        return url.path
    }()

    /// The shared CodiEsp background notes, relative to the engine root.
    static let corpusDirectory = engineRoot + "/../shared/corpora/codiesp/background/notes"

    /// Loads the notes and the model (building a model into a temporary
    /// file when the repository has none yet).
    static func load() -> BenchmarkInputs {
        let (notes, origin) = loadNotes()
        let modelPath = locateModel()
        let model: ClinicodeModel
        do {
            model = try ClinicodeModel.load(path: modelPath)
        } catch {
            fatalError("cannot load model \(modelPath): \(error)")
        }
        let bytes = notes.reduce(0) { $0 + $1.text.utf8.count }
        print("StageBenchmarks: \(notes.count) notes (\(bytes) bytes) from \(origin); model \(modelPath)")
        return BenchmarkInputs(notes: notes, origin: origin, bytes: bytes, modelPath: modelPath, model: model)
    }

    private static func loadNotes() -> ([(id: String, text: String)], String) {
        let directory = ProcessInfo.processInfo.environment["CLINICODE_BENCH_CORPUS"] ?? corpusDirectory
        if let names = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            let files = names.filter { $0.hasSuffix(".txt") }.sorted().prefix(sampleSize)
            let notes = files.compactMap { name -> (id: String, text: String)? in
                guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
                return (id: String(name.dropLast(4)), text: String(decoding: data, as: UTF8.self))
            }
            if !notes.isEmpty { return (notes, directory) }
        }
        let generator = SyntheticNoteGenerator()
        let notes = (0..<sampleSize).map { (id: "synthetic-\($0)", text: generator.note($0)) }
        return (notes, "synthetic notes (seed \(generator.seed))")
    }

    /// `$CLINICODE_MODEL`, else the committed default model, else a model
    /// built now from `Lexicons/` and written to a temporary file.
    private static func locateModel() -> String {
        if let path = ProcessInfo.processInfo.environment["CLINICODE_MODEL"], !path.isEmpty { return path }
        let committed = engineRoot + "/Models/default.clinicode-model"
        if FileManager.default.isReadableFile(atPath: committed) { return committed }
        let built = NSTemporaryDirectory() + "/clinicode-bench-\(getpid()).clinicode-model"
        do {
            try ClinicodeModel.build(lexiconsDirectory: engineRoot + "/Lexicons").write(toPath: built)
        } catch {
            fatalError("no model at \(committed) and cannot build one from Lexicons/: \(error)")
        }
        return built
    }
}
