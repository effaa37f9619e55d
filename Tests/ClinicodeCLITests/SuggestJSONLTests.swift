import Foundation
import Testing

/// `clinicode suggest --input jsonl`: one output line per input line, in
/// order, errors in place, streamed.
@Suite("clinicode suggest --input jsonl")
struct SuggestJSONLTests {
    @Test("a bad line gives an error line in place; the others are processed in order; exit 1")
    func badLineInStream() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = """
            {"id": "first", "text": "Assessment: essential hypertension."}
            this is not json
            {"id": "no-text"}
            {"id": 42, "text": "Type 2 diabetes mellitus."}

            {"text": "Hypertension."}
            """
        try SuggestCLI.write(input, to: folder + "/in.jsonl")
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--input", "jsonl",
                                         "--format", "jsonl"], stdinFile: folder + "/in.jsonl")
        #expect(result.status == 1)
        let objects = try result.stdoutLines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 5, "one line per non-blank input line")
        guard objects.count == 5 else { return }
        #expect(objects[0]["id"] as? String == "first" && objects[0]["codes"] != nil)
        #expect(objects[1]["error"] is String && objects[1]["line"] as? Int == 2)
        #expect(objects[2]["id"] as? String == "no-text" && objects[2]["error"] is String)
        #expect(objects[3]["id"] as? String == "42" && objects[3]["codes"] != nil)
        #expect(objects[4]["id"] as? String == "6", "a missing id defaults to the line number")
        #expect(result.stderr.contains("<stdin>:2:"))
        #expect(!result.stderr.contains("this is not json"), "bad lines are not echoed without --verbose")
    }

    @Test("results are the same as for the same notes given as files")
    func sameAsTextInput() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = "Assessment:\n1. Type 2 diabetes mellitus with CKD.\n2. No pneumonia.\n"
        try SuggestCLI.write(text, to: folder + "/note.txt")
        let escaped = text.replacingOccurrences(of: "\n", with: "\\n")
        try SuggestCLI.write("{\"id\": \"note\", \"text\": \"\(escaped)\"}\n", to: folder + "/in.jsonl")
        let fromFile = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl",
                                           folder + "/note.txt"])
        let fromLine = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl",
                                           "--input", "jsonl", folder + "/in.jsonl"])
        #expect(fromFile.status == 0 && fromLine.status == 0)
        #expect(fromFile.stdout == fromLine.stdout)
    }

    @Test("an over-long line is reported and skipped without stopping the stream")
    func oversizedLine() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let long = String(repeating: "hypertension ", count: 2000)
        let input = "{\"id\": \"a\", \"text\": \"\(long)\"}\n{\"id\": \"b\", \"text\": \"Hypertension.\"}\n"
        try SuggestCLI.write(input, to: folder + "/in.jsonl")
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--input", "jsonl",
                                         "--format", "jsonl", "--max-note-bytes", "1000", folder + "/in.jsonl"])
        #expect(result.status == 1)
        #expect(result.stdoutLines.count == 2)
        #expect(result.stdoutLines.first?.contains("\"error\"") == true)
        #expect(result.stdoutLines.last?.contains("\"id\":\"b\"") == true)
    }

    @Test("records are read as JSON: escapes, id forms, other fields, duplicates and invalid strings")
    func recordForms() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SuggestCLI.write("Fever and \"cough\".", to: folder + "/plain.txt")
        let plain = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "tsv",
                                        folder + "/plain.txt"])
        let input = #"""
            {"id": 12, "text": "Essential hypertension."}
            {"id": 1.5, "text": "Essential hypertension."}
            {"id": null, "meta": {"a": [1, -2.5, true, false, null, {"b": "c"}]}, "text": "Essential hypertension."}
            {"id": "esc", "text": "Fever and \u0022cough\".", "n": 0}
            {"id": "\u0041B", "te\u0078t": "Essential hypertension."}
            {"id": "lone", "text": "a \ud800 b"}
            {"id": "twice", "text": "Essential hypertension.", "text": "Type 2 diabetes mellitus."}
            {"id": "comma", "text": "Essential hypertension." "n": 1}
            """#
        try SuggestCLI.write(input + "\n", to: folder + "/in.jsonl")
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--input", "jsonl",
                                         "--format", "jsonl", folder + "/in.jsonl"])
        #expect(result.status == 1, "two lines are not valid JSON")
        let objects = try result.stdoutLines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 8)
        guard objects.count == 8 else { return }
        let codes = { (object: [String: Any]) in
            ((object["codes"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        }
        #expect(objects[0]["id"] as? String == "12", "an integer id is written as it was")
        #expect(objects[1]["id"] as? String == "1.5")
        #expect(objects[2]["id"] as? String == "3", "a null id is the line number; other fields are skipped")
        #expect(codes(objects[0]) == ["I10"] && codes(objects[2]) == ["I10"])
        let plainCodes = plain.stdoutLines.map { String($0.split(separator: "\t")[2]) }
        #expect(objects[3]["id"] as? String == "esc")
        #expect(!plainCodes.isEmpty && codes(objects[3]) == plainCodes, "escaped quotes read as quotes")
        #expect(objects[4]["id"] as? String == "AB" && codes(objects[4]) == ["I10"], "escaped keys and ids are decoded")
        #expect(objects[5]["error"] as? String == "not valid JSON", "a lone surrogate is not valid JSON")
        #expect(objects[6]["id"] as? String == "twice" && objects[6]["codes"] != nil)
        #expect(objects[7]["error"] as? String == "not valid JSON", "a missing comma is not valid JSON")
    }

    @Test("output for a line arrives before the input stream ends (streaming)")
    func streamsBeforeEndOfInput() throws {
        // The shell writes one line, waits for its answer, and only then closes stdin.
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = """
            coproc CLI { "$CLINICODE" suggest --model '\(SuggestCLI.modelPath)' --input jsonl --format jsonl; }
            echo '{"id": "x", "text": "Essential hypertension."}' >&"${CLI[1]}"
            if read -t 20 -r line <&"${CLI[0]}"; then echo "$line" > '\(folder)/got'; fi
            eval "exec ${CLI[1]}>&-"
            wait
            """
        let run = try SuggestCLI.shell(script)
        #expect(run.status == 0, "\(run.stderr)")
        let got = (try? String(contentsOfFile: folder + "/got", encoding: .utf8)) ?? ""
        #expect(got.contains("\"id\":\"x\""), "the answer came while stdin was still open")
    }
}
