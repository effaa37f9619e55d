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
        var text = text
        // Byte-level: lexicon files are megabytes, and Character-level
        // splitting was most of `build-model`'s time. Splitting on the byte
        // 0x0A also keeps CRLF files apart (as a Character, "\r\n" never
        // equals "\n").
        self.rows = text.withUTF8 { Self.parse($0) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [Row] {
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let tab = UInt8(ascii: "\t"), space = UInt8(ascii: " "), hash = UInt8(ascii: "#")
        var rows: [Row] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            let next = lineEnd + 1
            if lineStart == bytes.count, lineEnd == bytes.count, lineNumber > 0 || bytes.isEmpty { break }
            lineNumber += 1
            var end = lineEnd
            if end > lineStart, bytes[end - 1] == carriageReturn { end -= 1 }
            let isBlank = (lineStart..<end).allSatisfy { bytes[$0] == space || bytes[$0] == tab }
            if !isBlank, bytes[lineStart] != hash {
                var fields: [String] = []
                var fieldStart = lineStart
                for index in lineStart...end where index == end || bytes[index] == tab {
                    var lower = fieldStart, upper = index
                    while lower < upper, bytes[lower] == space { lower += 1 }
                    while upper > lower, bytes[upper - 1] == space { upper -= 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self))
                    fieldStart = index + 1
                }
                rows.append(Row(line: lineNumber, fields: fields))
            }
            lineStart = next
        }
        return rows
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
