import Foundation

/// Notes with gold codes in the CodiEsp layout: a folder of `<doc_id>.txt`
/// files and a `doc_id<TAB>code` file (codes in any case, with or without
/// the dot).
public struct LabelledCorpus: Sendable {
    /// One labelled note.
    public struct Note: Sendable {
        /// The file stem.
        public var id: String
        /// The note's text.
        public var text: String
        /// Gold codes as written in the gold file, in file order, deduplicated.
        public var codes: [String]
    }

    /// Notes that have at least one gold code, sorted by id.
    public var notes: [Note]
    /// Gold rows whose note file is missing.
    public var goldRowsWithoutNote: Int
    /// Note files with no gold code (left out of `notes`).
    public var notesWithoutGold: Int

    /// Reads a notes folder and its gold file. Unreadable files throw with
    /// the path; a malformed gold line throws with its line number.
    public init(notesDirectory: String, goldFile: String) throws {
        let gold = try DataFile(path: goldFile)
        var codesByNote: [String: [String]] = [:]
        for (index, row) in gold.rows.enumerated() {
            // An optional header line (`doc_id<TAB>code`).
            if index == 0, row[1].lowercased() == "code" { continue }
            guard row.fields.count >= 2, !row[0].isEmpty, !row[1].isEmpty else {
                throw DataFileError.malformed(source: gold.source, line: row.line, reason: "expected 'doc_id<TAB>code'")
            }
            var codes = codesByNote[row[0], default: []]
            if !codes.contains(row[1]) { codes.append(row[1]) }
            codesByNote[row[0]] = codes
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: notesDirectory)
            .filter { $0.hasSuffix(".txt") }.sorted()
        var notes: [Note] = []
        var seen = Set<String>()
        var withoutGold = 0
        for name in names {
            let id = String(name.dropLast(4))
            seen.insert(id)
            guard let codes = codesByNote[id] else { withoutGold += 1; continue }
            let path = notesDirectory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DataFileError.unreadable(path: path)
            }
            notes.append(Note(id: id, text: String(decoding: data, as: UTF8.self), codes: codes))
        }
        self.notes = notes
        notesWithoutGold = withoutGold
        goldRowsWithoutNote = codesByNote.filter { !seen.contains($0.key) }.reduce(0) { $0 + $1.value.count }
    }

    /// A gold code as the terminology writes it: upper case, with the dot
    /// after the category (`e119` and `e11.9` both give `E11.9`).
    public static func normalizedCode(_ raw: String) -> String {
        let upper = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if upper.contains(".") || upper.count <= 3 { return upper }
        return String(upper.prefix(3)) + "." + upper.dropFirst(3)
    }
}
