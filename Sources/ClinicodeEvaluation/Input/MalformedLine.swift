/// A line of an input file that could not be used, with the reason.
public struct MalformedLine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// What is wrong with it.
    public var reason: String

    /// Creates a record.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
}
