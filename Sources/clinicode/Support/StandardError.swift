import Foundation

/// Messages for the user on standard error, one line each.
enum StandardError {
    /// Writes `line` and a newline to stderr (unbuffered, so it interleaves
    /// sensibly with progress on a terminal).
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// An `error: ...` line.
    static func error(_ message: String) {
        print("error: " + message)
    }
}
