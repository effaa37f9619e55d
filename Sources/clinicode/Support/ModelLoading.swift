import Clinicode
import ArgumentParser
import Foundation

/// Finds and loads the model for a command, reporting failures as one
/// `error:` line and exit status 1 (a model problem is not a usage error).
enum ModelLoading {
    /// The model named by `--model`, `$CLINICODE_MODEL` or the default location.
    static func load(explicitPath: String?, verbose: Bool) throws -> ClinicodeModel {
        try located(explicitPath: explicitPath, verbose: verbose) { try ClinicodeModel.load(path: $0) }
    }

    /// The pipeline of that model, and what `alongside` made meanwhile;
    /// `concurrently` for commands that will run on several threads (see
    /// `Pipeline.load(path:concurrently:alongside:)`).
    static func loadPipeline<Extra: Sendable>(
        explicitPath: String?, verbose: Bool, concurrently: Bool, alongside: @Sendable () -> Extra
    ) throws -> (pipeline: Pipeline, extra: Extra) {
        try located(explicitPath: explicitPath, verbose: verbose) {
            try Pipeline.load(path: $0, concurrently: concurrently, alongside: alongside)
        }
    }

    private static func located<Loaded>(
        explicitPath: String?, verbose: Bool, _ load: (String) throws -> Loaded
    ) throws -> Loaded {
        do {
            let location = try ModelLocator().locate(explicitPath: explicitPath)
            let started = Date()
            let loaded = try load(location.path)
            if verbose {
                let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                StandardError.print("model: \(location.path) (from \(location.origin), loaded in \(milliseconds) ms)")
            }
            return loaded
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
    }
}
