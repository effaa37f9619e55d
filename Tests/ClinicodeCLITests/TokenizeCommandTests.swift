import Foundation
import Testing

@Suite("clinicode tokenize")
struct TokenizeCommandTests {
    /// Parsed JSON lines of a run's stdout.
    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(value as? [String: Any])
        }
    }

    @Test func tokensSentencesAndSectionsOfANote() throws {
        let note = "CC: Ménière’s disease\n\nHPI: 2.5 mg b.i.d. for 🫀 palpitations. BP 140/90.\n"
        let path = try temporaryNoteFile(Array(note.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["tokenize", path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = try objects(result.stdout)
        let sections = lines.filter { $0["type"] as? String == "section" }
        #expect(sections.map { $0["kind"] as? String } == ["chief_complaint", "history_of_present_illness"])
        #expect(sections.map { $0["title"] as? String } == ["CC", "HPI"])
        let tokens = lines.filter { $0["type"] as? String == "token" }
        let scalars = Array(note.unicodeScalars)
        for token in tokens {
            let start = try #require(token["start"] as? Int), end = try #require(token["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == token["text"] as? String)
        }
        let meniere = try #require(tokens.first { ($0["text"] as? String)?.hasPrefix("Ménière") == true })
        #expect(meniere["normalized"] as? String == "meniere's")
        #expect(tokens.contains { $0["text"] as? String == "b.i.d." && $0["kind"] as? String == "word" })
        #expect(tokens.contains { $0["text"] as? String == "140/90" && $0["kind"] as? String == "number" })
        #expect(lines.filter { $0["type"] as? String == "sentence" }.count >= 4)
    }

    @Test func standardInputIsTheDefault() throws {
        let result = try runClinicode(["tokenize"], stdin: "Oedema.")
        #expect(result.status == 0)
        let tokens = try objects(result.stdout).filter { $0["type"] as? String == "token" }
        #expect(tokens.first?["normalized"] as? String == "edema")
    }

    @Test func missingFileIsAnError() throws {
        let result = try runClinicode(["tokenize", "/nonexistent/note.txt"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error: cannot read '/nonexistent/note.txt': No such file or directory"))
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        let path = try temporaryNoteFile(Array("fever ".utf8) + [0xC3, 0x28, 0xFF] + Array(" cough".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["tokenize", path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: \(path): invalid UTF-8 replaced"))
        let tokens = try objects(result.stdout).filter { $0["type"] as? String == "token" }
        #expect(tokens.first?["text"] as? String == "fever")
        #expect(tokens.last?["text"] as? String == "cough")
    }

    @Test func binaryFileIsRefused() throws {
        let path = try temporaryNoteFile([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02], suffix: ".png")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["tokenize", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error: '\(path)' is a binary file"))
    }

    @Test func emptyNotePrintsNothing() throws {
        let path = try temporaryNoteFile([])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["tokenize", path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
    }

    @Test func badLexiconsFolderIsAnError() throws {
        let result = try runClinicode(["tokenize", "--lexicons", "/nonexistent", "-"], stdin: "x")
        #expect(result.status == 1)
        #expect(result.stderr.contains("error:"))
        #expect(result.stderr.contains("/nonexistent/text/sections.tsv"))
    }
}
