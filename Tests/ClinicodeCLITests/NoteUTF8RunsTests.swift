import Foundation
import Testing

/// Note reading validates UTF-8 run by run (ASCII runs found many bytes a
/// step): these notes put accents and invalid bytes around those steps'
/// edges and check the text and the warning are what whole-note decoding gives.
@Suite("note UTF-8 by runs")
struct NoteUTF8RunsTests {
    private static let filler = Array("Patient with fever and cough since yesterday, no dyspnea. ".utf8)

    private static let notes: [(bytes: [UInt8], valid: Bool)] = [
        (filler + filler, true),
        (filler + Array("Ménière’s disease ".utf8) + filler + Array("🫀 edema".utf8), true),
        (Array("é".utf8) + filler + Array("ñ".utf8), true),
        (filler + [0xC3, 0x28] + filler, false),
        (filler + Array("é".utf8) + filler + [0xE2, 0x80], false),
        (filler + [0xED, 0xA0, 0x80] + filler, false),
        (Array(filler.prefix(31)) + [0xC3] + Array("a".utf8) + filler, false),
    ]

    @Test(arguments: 0..<7) func textAndWarningMatchWholeNoteDecoding(index: Int) throws {
        let note = Self.notes[index]
        let path = try temporaryNoteFile(note.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["tokenize", path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("invalid UTF-8 replaced") == !note.valid)
        let scalars = Array(String(decoding: note.bytes, as: UTF8.self).unicodeScalars)
        let tokens = try result.stdout.split(separator: "\n").compactMap { line -> [String: Any]? in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["type"] as? String == "token" ? object : nil
        }
        #expect(!tokens.isEmpty)
        for token in tokens {
            let start = try #require(token["start"] as? Int), end = try #require(token["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == token["text"] as? String)
        }
    }
}
