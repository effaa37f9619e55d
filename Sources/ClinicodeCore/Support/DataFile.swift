import Foundation

/// A tab-separated data file from `Lexicons/` (or a user's file): lines
/// split into fields, with `#` comment lines and blank lines skipped and
/// line numbers kept for error messages.
public struct DataFile: Sendable {
    /// One data line.
    public struct Row: Sendable, Hashable {
        /// 1-based line number in the file.
        public var line: Int
        /// The tab-separated fields, trimmed of surrounding spaces and `\r`.
        public var fields: [String]

        /// Creates a row.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }

        /// The field at `index`, or an empty string when the row is shorter.
        public subscript(_ index: Int) -> String {
            index < fields.count ? fields[index] : ""
        }
    }

    /// Where the data came from (a path or a label).
    public let source: String
    /// The data rows in file order.
    public let rows: [Row]

    /// Parses text already in memory.
    public init(text: String, source: String) {
        self.source = source
        var rows: [Row] = []
        var lineNumber = 0
        // Split on the scalar "\n": as Characters, "\r\n" is one grapheme
        // and would never equal "\n", so CRLF files would read as one line.
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var scalars = Substring.UnicodeScalarView(rawLine)
            if scalars.last == "\r" { scalars.removeLast() }
            let line = Substring(scalars)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "#" { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append(Row(line: lineNumber, fields: fields))
        }
        self.rows = rows
    }

    /// Reads and parses a UTF-8 file.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError.unreadable(path: path)
        }
        self.init(text: String(decoding: data, as: UTF8.self), source: path)
    }
}

/// Why a data file could not be read.
public enum DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is missing or unreadable.
    case unreadable(path: String)
    /// A line has the wrong shape.
    case malformed(source: String, line: Int, reason: String)

    /// A message naming the file and line.
    public var description: String {
        switch self {
        case let .unreadable(path): return "cannot read data file '\(path)'"
        case let .malformed(source, line, reason): return "\(source):\(line): \(reason)"
        }
    }
}
