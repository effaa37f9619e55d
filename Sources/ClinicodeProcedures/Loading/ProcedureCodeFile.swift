import ClinicodeCore
import ClinicodeTerminology
import Foundation

/// Reads a licensed procedure code file (CPT, or any code system laid out
/// the same way) into a `CodeSystemSource`.
///
/// Accepted layouts, detected from the file itself:
/// - tab-separated `code<TAB>description`, with or without a header line;
/// - tab-separated with several descriptor columns (the AMA data files'
///   `code<TAB>long<TAB>medium<TAB>short`): the longest descriptor becomes the
///   title and the others synonyms, so both the formal and the short wording
///   match notes;
/// - a header naming its columns (`Concept Id<TAB>CPT Code<TAB>Descriptor`):
///   the column whose name contains "code" holds the code, numeric columns
///   are ignored;
/// - the fixed layout `code<space>descriptor`, one code per line.
///
/// Shorter wordings derived from the descriptors (`DescriptorTerms`: "Colonoscopy",
/// "Colonoscopy with biopsy") are added as synonyms unless `deriveTerms` is false.
///
/// Bad rows are skipped and returned as `LoadIssue`s with their line numbers;
/// a file that is not a code file at all (binary data, JSON, a clinical note,
/// mostly invalid rows) throws `ProcedureFileError.notACodeFile`.
public enum ProcedureCodeFile {
    /// Shortest accepted code (`P001` style systems).
    public static let minimumCodeLength = 4
    /// Longest accepted code.
    public static let maximumCodeLength = 7

    /// Loads the file at `path` as code system `system`.
    public static func load(
        path: String, system: CodeSystemID = .cpt, deriveTerms: Bool = true
    ) throws -> (source: CodeSystemSource, issues: [LoadIssue]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProcedureFileError.unreadable(path: path)
        }
        return try parse(bytes: [UInt8](data), source: path, system: system, deriveTerms: deriveTerms)
    }

    /// Parses file contents already in memory; `source` names them in issues and errors.
    public static func parse(
        bytes: [UInt8], source: String, system: CodeSystemID = .cpt, deriveTerms: Bool = true
    ) throws -> (source: CodeSystemSource, issues: [LoadIssue]) {
        let text = try decodeText(bytes, source: source)
        let lines = dataLines(text)
        guard !lines.isEmpty else { throw ProcedureFileError.notACodeFile(path: source, reason: "it is empty") }
        if let first = lines.first?.text.first, first == "{" || first == "[" {
            throw ProcedureFileError.notACodeFile(path: source, reason: "it looks like JSON; expected code<TAB>descriptor lines")
        }

        let tabbed = lines.filter { $0.text.contains("\t") }.count * 2 >= lines.count
        var columns = ColumnLayout.plain
        var rows = lines[...]
        if let header = headerLayout(lines[0].text, tabbed: tabbed) {
            columns = header
            rows = rows.dropFirst()
        }

        var codes: [CodeSystemSource.Code] = []
        var position: [String: Int] = [:]
        var terms: [CodeSystemSource.Term] = []
        var seenTerms = Set<String>()
        var issues: [LoadIssue] = []
        var valid = 0
        for line in rows {
            let parsed = tabbed ? columns.split(line.text) : fixedLayoutRow(line.text)
            guard isValidCode(parsed.code) else {
                let shown = parsed.code.isEmpty ? "an empty code" : "'\(parsed.code.prefix(20))'"
                issues.append(LoadIssue(source: source, line: line.number,
                                        reason: "\(shown) is not a code (expected \(minimumCodeLength)-\(maximumCodeLength) letters and digits)"))
                continue
            }
            guard !parsed.descriptors.isEmpty else {
                issues.append(LoadIssue(source: source, line: line.number, reason: "code \(parsed.code) has no descriptor"))
                continue
            }
            valid += 1
            let code = parsed.code.uppercased()
            // The longest descriptor is the most complete wording: it is the title.
            let ordered = parsed.descriptors.enumerated().sorted {
                $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset
            }.map(\.element)
            var wordings = ordered
            if let index = position[code] {
                // A repeated code adds its wording as synonyms (some files split descriptors).
                let title = codes[index].title
                wordings = ordered.filter { $0.lowercased() != title.lowercased() }
                if wordings.isEmpty {
                    issues.append(LoadIssue(source: source, line: line.number, reason: "duplicate row for code \(code)"))
                    continue
                }
            } else {
                position[code] = codes.count
                codes.append(CodeSystemSource.Code(code: code, title: ordered[0], billable: true, parent: nil, kind: .code))
                seenTerms.insert(code + "\t" + ordered[0].lowercased())
                wordings.removeFirst()
            }
            for wording in wordings where seenTerms.insert(code + "\t" + wording.lowercased()).inserted {
                terms.append(CodeSystemSource.Term(code: code, text: wording, kind: .synonym))
            }
        }
        guard valid > 0 else {
            let example = issues.first.map { " (line \($0.line): \($0.reason))" } ?? ""
            throw ProcedureFileError.notACodeFile(path: source, reason: "no line holds a code and a descriptor\(example)")
        }
        guard issues.count <= valid else {
            throw ProcedureFileError.notACodeFile(
                path: source,
                reason: "\(issues.count) of \(issues.count + valid) rows are not code<TAB>descriptor (first: line \(issues[0].line): \(issues[0].reason))")
        }
        if deriveTerms {
            for derived in DescriptorTerms.derive(titles: codes.map { ($0.code, $0.title) })
            where seenTerms.insert(derived.code + "\t" + derived.text.lowercased()).inserted {
                terms.append(CodeSystemSource.Term(code: derived.code, text: derived.text, kind: .synonym))
            }
        }
        return (CodeSystemSource(id: system, codes: codes, terms: terms), issues)
    }

    /// Whether `code` has the shape of a procedure code: 4-7 ASCII letters
    /// and digits with at least one digit (five digits, four digits and a letter, or `P0001`).
    public static func isValidCode(_ code: String) -> Bool {
        let utf8 = code.utf8
        guard utf8.count >= minimumCodeLength, utf8.count <= maximumCodeLength else { return false }
        var digits = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): continue
            default: return false
            }
        }
        return digits > 0
    }

    // MARK: Text

    /// UTF-8 (or, failing that, Latin-1, which older licensed files use);
    /// rejects binary data by its control bytes.
    static func decodeText(_ bytes: [UInt8], source: String) throws -> String {
        var control = 0
        for byte in bytes where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            if byte == 0 { control += bytes.count }  // any NUL byte: not text
            control += 1
        }
        if control * 100 > max(bytes.count, 1) {
            throw ProcedureFileError.notACodeFile(path: source, reason: "it holds binary data, not text")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        return String(body.map { Character(Unicode.Scalar($0)) })
    }

    /// Non-blank, non-comment lines with their 1-based numbers, `\r` removed.
    static func dataLines(_ text: String) -> [(number: Int, text: Substring)] {
        var result: [(number: Int, text: Substring)] = []
        var number = 0
        // "\r\n" is one Character in Swift: split on both line ends.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = raw[...]
            if line.last == "\r" { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "#" { continue }
            result.append((number, line))
        }
        return result
    }

    // MARK: Layout

    /// Which tab-separated columns hold the code and the descriptors.
    struct ColumnLayout {
        /// Column of the code.
        var code: Int
        /// Columns to ignore (identifiers), by header name.
        var ignored: Set<Int>

        /// Code first, every other column a descriptor.
        static let plain = ColumnLayout(code: 0, ignored: [])

        /// The code and descriptors of a tab-separated row.
        func split(_ line: Substring) -> (code: String, descriptors: [String]) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard code < fields.count else { return ("", []) }
            var descriptors: [String] = []
            for (index, field) in fields.enumerated() where index != code && !ignored.contains(index) {
                let wording = ProcedureCodeFile.cleaned(field)
                // Bare numbers are identifiers or counts, never wording.
                guard !wording.isEmpty, !wording.allSatisfy(\.isNumber) else { continue }
                descriptors.append(wording)
            }
            return (ProcedureCodeFile.cleaned(fields[code]), descriptors)
        }
    }

    /// The column layout a header line announces, or nil when the first line is data.
    static func headerLayout(_ line: Substring, tabbed: Bool) -> ColumnLayout? {
        let fields = tabbed ? line.split(separator: "\t", omittingEmptySubsequences: false).map { cleaned($0) }
            : [String(line.split(separator: " ").first ?? "")]
        guard let first = fields.first, !isValidCode(first) else { return nil }
        // A header is made of column names: letters, spaces and a little punctuation, no digits.
        guard fields.allSatisfy({ $0.allSatisfy { $0.isLetter || $0 == " " || $0 == "_" || $0 == "-" } }) else { return nil }
        let names = fields.map { $0.lowercased() }
        let isIdentifier = { (name: String) in name.contains("concept") || name.hasSuffix("id") }
        let code = names.firstIndex { $0.contains("code") && !isIdentifier($0) } ?? 0
        let ignored = Set(names.indices.filter { $0 != code && isIdentifier(names[$0]) })
        return ColumnLayout(code: code, ignored: ignored)
    }

    /// `code<space>descriptor`.
    static func fixedLayoutRow(_ line: Substring) -> (code: String, descriptors: [String]) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let end = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (String(trimmed), []) }
        let descriptor = cleaned(trimmed[end...])
        return (String(trimmed[..<end]), descriptor.isEmpty ? [] : [descriptor])
    }

    /// Trimmed, with runs of spaces collapsed and surrounding quotes removed.
    static func cleaned(_ field: Substring) -> String {
        var words = field.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if words.count >= 2, words.first == "\"", words.last == "\"" { words = String(words.dropFirst().dropLast()) }
        return words
    }
}
