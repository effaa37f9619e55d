/// A row of a user's code or synonym file that was skipped, with where and why.
///
/// Loading goes on past bad rows (a licensed file of thousands of codes
/// should not fail on one stray line); the caller prints the issues.
public struct LoadIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file the row came from.
    public var source: String
    /// 1-based line number.
    public var line: Int
    /// What is wrong with it.
    public var reason: String

    /// Creates an issue.
    public init(source: String, line: Int, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    /// `path:line: reason`, the shape compilers use so editors can jump to it.
    public var description: String { "\(source):\(line): \(reason)" }
}

/// Why a user's procedure code (or synonym) file was rejected as a whole.
public enum ProcedureFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Missing or unreadable.
    case unreadable(path: String)
    /// Readable, but not a code file (binary data, JSON, a note, mostly bad rows).
    case notACodeFile(path: String, reason: String)

    /// A message naming the file and what is wrong.
    public var description: String {
        switch self {
        case let .unreadable(path):
            return "cannot read '\(path)'"
        case let .notACodeFile(path, reason):
            return "'\(path)' is not a procedure code file: \(reason)"
        }
    }
}
