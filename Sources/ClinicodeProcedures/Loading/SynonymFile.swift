import ClinicodeCore
import ClinicodeTerminology
import Foundation

/// A user's own synonyms for any code system: `code<TAB>synonym` per line,
/// optional header `code<TAB>synonym`, `#` comments allowed. Each synonym
/// becomes a term the matcher finds in notes, exactly like a title.
public enum SynonymFile {
    /// The synonyms of the file, in file order; bad rows are skipped.
    public static func load(path: String) throws -> [(code: String, synonym: String)] {
        try read(path: path).synonyms
    }

    /// The synonyms and the rows skipped (with line numbers). A file with no
    /// usable row, or more bad rows than good ones, is rejected.
    public static func read(path: String) throws -> (synonyms: [(code: String, synonym: String)], issues: [LoadIssue]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProcedureFileError.unreadable(path: path)
        }
        let text = try ProcedureCodeFile.decodeText([UInt8](data), source: path)
        var synonyms: [(code: String, synonym: String)] = []
        var issues: [LoadIssue] = []
        for (offset, line) in ProcedureCodeFile.dataLines(text).enumerated() {
            let fields = line.text.split(separator: "\t", omittingEmptySubsequences: false).map { ProcedureCodeFile.cleaned($0) }
            if offset == 0, fields[0].lowercased() == "code" { continue }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty, !fields[0].contains(" ") else {
                issues.append(LoadIssue(source: path, line: line.number, reason: "expected code<TAB>synonym"))
                continue
            }
            synonyms.append((fields[0].uppercased(), fields[1]))
        }
        guard !synonyms.isEmpty else {
            throw ProcedureFileError.notACodeFile(path: path, reason: "no code<TAB>synonym line")
        }
        guard issues.count <= synonyms.count else {
            throw ProcedureFileError.notACodeFile(
                path: path, reason: "\(issues.count) of \(issues.count + synonyms.count) rows are not code<TAB>synonym")
        }
        return (synonyms, issues)
    }
}

extension CodeSystemSource {
    /// This source with extra synonyms merged in as `.synonym` terms.
    /// Synonyms of codes the system lacks are skipped and reported (the
    /// terminology would otherwise refuse the whole source; an issue's `line`
    /// is the entry's 1-based position in `synonyms`); repeats are dropped.
    public func addingSynonyms(
        _ synonyms: [(code: String, synonym: String)], source label: String = "synonyms"
    ) -> (source: CodeSystemSource, issues: [LoadIssue]) {
        var result = self
        var known: [String: String] = [:]
        for code in codes { known[code.code.uppercased()] = code.code }
        var seen = Set(terms.map { $0.code.uppercased() + "\t" + $0.text.lowercased() })
        for code in codes { seen.insert(code.code.uppercased() + "\t" + code.title.lowercased()) }
        var issues: [LoadIssue] = []
        for (position, entry) in synonyms.enumerated() {
            let code = entry.code.uppercased()
            guard let match = known[code] else {
                issues.append(LoadIssue(source: label, line: position + 1, reason: "\(id.rawValue) has no code '\(entry.code)'"))
                continue
            }
            guard seen.insert(code + "\t" + entry.synonym.lowercased()).inserted else { continue }
            result.terms.append(Term(code: match, text: entry.synonym, kind: .synonym))
        }
        return (result, issues)
    }
}
