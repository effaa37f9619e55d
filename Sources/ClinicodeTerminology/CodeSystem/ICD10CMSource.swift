import ClinicodeCore
import Foundation

extension CodeSystemSource {
    /// The folder under `Lexicons/` that holds ICD-10-CM.
    public static let icd10cmSubdirectory = "icd10cm"

    /// Reads ICD-10-CM from `Lexicons/icd10cm/`: `codes.tsv`, `terms.tsv`,
    /// `notes.tsv` (see that folder's README) and the curated `synonyms.tsv`
    /// (`code<TAB>phrase`, optional). Errors name the file and line.
    public static func icd10cm(lexiconsDirectory: String) throws -> CodeSystemSource {
        let folder = (lexiconsDirectory as NSString).appendingPathComponent(icd10cmSubdirectory)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

        var codes: [Code] = []
        let codeFile = try TabularFile(path: path("codes.tsv"))
        codes.reserveCapacity(codeFile.rows.count)
        for row in codeFile.rows {
            guard row.fields.count >= 5, !row[0].isEmpty else {
                throw DataFileError.malformed(source: codeFile.source, line: row.line, reason: "expected code, kind, billable, parent, title")
            }
            guard let kind = Kind(icdName: row[1]) else {
                throw DataFileError.malformed(source: codeFile.source, line: row.line, reason: "unknown kind '\(row[1])'")
            }
            codes.append(Code(
                code: row[0], title: row[4], billable: row[2] == "1",
                parent: row[3].isEmpty ? nil : row[3], kind: kind))
        }

        var terms: [Term] = []
        let termFile = try TabularFile(path: path("terms.tsv"))
        for row in termFile.rows where row[1] == "inclusion" {
            guard !row[0].isEmpty, !row[2].isEmpty else {
                throw DataFileError.malformed(source: termFile.source, line: row.line, reason: "expected code, type, text")
            }
            terms.append(Term(code: row[0], text: row[2], kind: .inclusion))
        }
        let synonymPath = path("synonyms.tsv")
        if FileManager.default.fileExists(atPath: synonymPath) {
            let synonymFile = try TabularFile(path: synonymPath)
            for row in synonymFile.rows {
                guard !row[0].isEmpty, !row[1].isEmpty else {
                    throw DataFileError.malformed(source: synonymFile.source, line: row.line, reason: "expected code<TAB>phrase")
                }
                terms.append(Term(code: row[0].uppercased(), text: row[1], kind: .synonym))
            }
        }

        var notes: [Note] = []
        let noteFile = try TabularFile(path: path("notes.tsv"))
        for row in noteFile.rows {
            guard let kind = NoteKind(name: row[1]) else {
                throw DataFileError.malformed(source: noteFile.source, line: row.line, reason: "unknown note type '\(row[1])'")
            }
            let refs = row[3].split(separator: ",").compactMap { CodeRange(String($0)) }
            notes.append(Note(code: row[0], kind: kind, text: row[2], refs: refs))
        }
        return CodeSystemSource(id: .icd10cm, codes: codes, terms: terms, notes: notes)
    }
}

extension CodeSystemSource.Kind {
    init?(icdName: String) {
        switch icdName {
        case "chapter": self = .chapter
        case "block": self = .block
        case "category": self = .category
        case "code": self = .code
        // A 7th-character expansion (`S52.502A`). Length does not tell one:
        // `E11.3211` and `Z86.0100` are codes of seven characters of their own.
        case "extension": self = .seventhCharacter
        default: return nil
        }
    }
}
