import Clinicode
import Foundation

/// Finds the Clinicode source tree (the folder holding `Lexicons/` and
/// `Package.swift`) for commands that build from it.
enum PackageRoot {
    /// The nearest folder at or above the current directory, then above the
    /// executable, that holds `Lexicons/` and `Package.swift`.
    static func find() -> String? {
        var starts = [FileManager.default.currentDirectoryPath]
        if let executable = ExecutablePath.current() {
            starts.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        for start in starts {
            var directory = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                let lexicons = directory.appendingPathComponent("Lexicons").path
                let manifest = directory.appendingPathComponent("Package.swift").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: lexicons, isDirectory: &isDirectory), isDirectory.boolValue,
                   FileManager.default.fileExists(atPath: manifest) {
                    return directory.path
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }
}
