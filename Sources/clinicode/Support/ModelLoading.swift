import Clinicode
import ArgumentParser
import Foundation

/// Finds and loads the model for a command, reporting failures as one
/// `error:` line and exit status 1 (a model problem is not a usage error).
enum ModelLoading {
    /// The model named by `--model`, `$CLINICODE_MODEL` or the default
    /// location; `concurrently` for commands that will run on several
    /// threads (see `ClinicodeModel.load(path:concurrently:)`).
    static func load(explicitPath: String?, verbose: Bool, concurrently: Bool = false) throws -> ClinicodeModel {
        do {
            let location = try ModelLocator().locate(explicitPath: explicitPath)
            let started = Date()
            let model = try ClinicodeModel.load(path: location.path, concurrently: concurrently)
            if verbose {
                let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                StandardError.print("model: \(location.path) (from \(location.origin), loaded in \(milliseconds) ms)")
            }
            return model
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
    }
}
