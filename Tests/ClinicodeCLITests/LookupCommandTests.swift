import Clinicode
import Foundation
import Testing

/// A model built once per test process from the repository's Lexicons, so
/// each `lookup` run loads it instead of rebuilding the terminology.
private enum LookupModel {
    static let lexicons: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("Lexicons")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("icd10cm/codes.tsv").path) {
                return candidate.path
            }
        }
        return "Lexicons"
    }()

    static let path: String = {
        let path = NSTemporaryDirectory() + "clinicode-lookup-" + UUID().uuidString + ".clinicode-model"
        do {
            try ClinicodeModel.build(lexiconsDirectory: lexicons).write(toPath: path)
        } catch {
            fatalError("cannot build the test model: \(error)")
        }
        return path
    }()
}

@Suite("clinicode lookup")
struct LookupCommandTests {
    private func lookup(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runClinicode(["lookup", "--model", LookupModel.path] + arguments)
    }

    private func codes(jsonl stdout: String) throws -> [String] {
        try stdout.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["code"] as? String)
        }
    }

    @Test func combinationCodeRanksFirst() throws {
        let result = try lookup(["type 2 diabetes with diabetic chronic kidney disease", "--format", "jsonl", "--top", "3"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(try codes(jsonl: result.stdout).first == "E11.22")
        #expect(try codes(jsonl: result.stdout).count == 3)
    }

    @Test func fractureGetsLateralityAndSeventhCharacter() throws {
        let result = try lookup(["left distal radius fracture, initial encounter", "--format", "jsonl"])
        #expect(result.status == 0)
        let first = try #require(try codes(jsonl: result.stdout).first)
        #expect(first.hasPrefix("S52.5"))
        #expect(Array(first)[6] == "2")
        #expect(first.hasSuffix("A"))
    }

    @Test func tsvAndTableLayouts() throws {
        let tsv = try lookup(["HTN", "--format", "tsv", "--top", "2"])
        #expect(tsv.status == 0)
        let lines = tsv.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first == "rank\tsystem\tcode\tscore\tbillable\ttitle\tterm")
        #expect(lines.dropFirst().first?.split(separator: "\t").dropFirst(2).first == "I10")
        let table = try lookup(["essential hypertension"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("I10"))
        #expect(table.stdout.contains("Essential (primary) hypertension"))
    }

    @Test(arguments: ["", "   ", "?!...", "--"])
    func phraseWithoutWordsIsAUsageError(phrase: String) throws {
        let result = try lookup([phrase])
        #expect(result.status == 64)
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test func badOptionsAreUsageErrors() throws {
        #expect(try lookup(["asthma", "--top", "0"]).status == 64)
        #expect(try lookup(["asthma", "--format", "xml"]).status == 64)
        #expect(try runClinicode(["lookup"]).status == 64)
    }

    @Test func unreadableModelIsAnError() throws {
        let result = try runClinicode(["lookup", "asthma", "--model", "/nonexistent/model.clinicode-model"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error:"))
    }

    @Test func buildsFromLexiconsWhenAsked() throws {
        let result = try runClinicode(["lookup", "afib", "--lexicons", LookupModel.lexicons, "--format", "jsonl", "--top", "3"])
        #expect(result.status == 0)
        #expect(try codes(jsonl: result.stdout).contains("I48.91"))
    }
}
