import Foundation

/// A `doc_id<TAB>code[<TAB>more...]` file (CodiEsp layout), read line by line
/// without ever failing: unusable lines are collected with their line numbers.
///
/// Blank lines and `#` comment lines are skipped. A first data line whose code
/// field has no digit (`note_id<TAB>code`) is taken as a header and skipped:
/// every code system we score (ICD-10, ICD-10-PCS, procedure codes) has digits.
public struct CodeListFile: Sendable {
    /// One usable line.
    public struct Entry: Sendable, Hashable {
        /// 1-based line number.
        public var line: Int
        /// The document identifier, trimmed.
        public var document: String
        /// The code as written, trimmed.
        public var code: String
    }

    /// Where the lines came from.
    public let source: String
    /// Usable lines, in file order.
    public let entries: [Entry]
    /// Unusable lines, in file order.
    public let malformed: [MalformedLine]
    /// Whether a header line was skipped.
    public let skippedHeader: Bool

    /// Parses text already in memory.
    public init(text: String, source: String) {
        self.source = source
        var entries: [Entry] = []
        var malformed: [MalformedLine] = []
        var skippedHeader = false
        var sawData = false
        var lineNumber = 0
        // Split on the byte, not the Character: "\r\n" is one Character in Swift.
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(String(decoding: rawLine, as: UTF8.self))
            if lineNumber == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            let isFirstData = !sawData
            sawData = true
            guard fields.count >= 2 else {
                malformed.append(MalformedLine(line: lineNumber, reason: "expected doc_id<TAB>code, found no tab"))
                continue
            }
            let document = fields[0].trimmingCharacters(in: .whitespaces)
            let code = fields[1].trimmingCharacters(in: .whitespaces)
            if isFirstData, !code.isEmpty, !code.contains(where: \.isNumber) {
                skippedHeader = true
                continue
            }
            if let problem = Self.problem(document: document, code: code) {
                malformed.append(MalformedLine(line: lineNumber, reason: problem))
                continue
            }
            entries.append(Entry(line: lineNumber, document: document, code: code))
        }
        self.entries = entries
        self.malformed = malformed
        self.skippedHeader = skippedHeader
    }

    /// Reads a UTF-8 file; throws only when the file cannot be read at all.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationInputError.unreadable(path: path)
        }
        self.init(text: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Why a (document, code) pair is unusable, or nil when it is fine.
    private static func problem(document: String, code: String) -> String? {
        if document.isEmpty { return "empty document identifier" }
        if code.isEmpty { return "empty code" }
        let allowed = code.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-")
        }
        if !allowed { return "code '\(code)' has characters other than letters, digits, '.' and '-'" }
        if !code.contains(where: \.isNumber) { return "code '\(code)' has no digit" }
        return nil
    }
}

/// Why an evaluation input could not be read at all.
public enum EvaluationInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is missing or unreadable.
    case unreadable(path: String)

    /// A message naming the file.
    public var description: String {
        switch self {
        case let .unreadable(path): return "cannot read '\(path)'"
        }
    }
}
