import Foundation
import Testing

/// End-to-end tests of `clinicode suggest`: formats, inputs, errors, exit statuses.
@Suite("clinicode suggest")
struct SuggestCLITests {
    static let diabetesNote = """
        Assessment:
        1. Type 2 diabetes mellitus.
        2. Essential hypertension.
        No pneumonia.

        """

    /// A folder with two notes (written out of name order) and a non-note file.
    static func noteFolder() throws -> String {
        let folder = try SuggestCLI.temporaryDirectory()
        try SuggestCLI.write(diabetesNote, to: folder + "/b-note.txt")
        try SuggestCLI.write("Assessment: essential hypertension.\n", to: folder + "/a-note.txt")
        try SuggestCLI.write("not a note", to: folder + "/readme.md")
        return folder
    }

    @Test("jsonl output is one JSON object per note with codes and evidence")
    func jsonlFormat() throws {
        let folder = try Self.noteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl",
                                         folder + "/b-note.txt"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "b-note")
        let codes = try #require(object["codes"] as? [[String: Any]])
        #expect(!codes.isEmpty)
        for code in codes {
            #expect(code["code"] is String && code["system"] is String && code["title"] is String)
            #expect(code["score"] is NSNumber && code["billable"] != nil)
            let evidence = try #require(code["evidence"] as? [[String: Any]])
            for item in evidence {
                let start = try #require(item["start"] as? Int), end = try #require(item["end"] as? Int)
                let scalars = Array(Self.diabetesNote.unicodeScalars)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                #expect(String(view) == item["text"] as? String, "evidence offsets index the original text")
            }
        }
        #expect(object["excluded"] is [Any])
    }

    @Test("tsv output is id, rank from 1, code, fixed-decimal score, title")
    func tsvFormat() throws {
        let folder = try Self.noteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "tsv",
                                         folder + "/b-note.txt"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdoutLines.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(!rows.isEmpty)
        for (index, row) in rows.enumerated() {
            #expect(row.count == 5)
            #expect(row[0] == "b-note")
            #expect(row[1] == Substring(String(index + 1)))
            #expect(row[3].split(separator: ".").last?.count == 3, "score has three decimals")
        }
    }

    @Test("table output names the note and lists ranked codes")
    func tableFormat() throws {
        let folder = try Self.noteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, folder + "/b-note.txt"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("== b-note =="))
        #expect(result.stdout.contains("Score"))
    }

    @Test("a folder gives every *.txt in name order, ids are file stems")
    func folderInput() throws {
        let folder = try Self.noteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl", folder])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = try result.stdoutLines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["id"] as? String
        }
        #expect(ids == ["a-note", "b-note"])
    }

    @Test("standard input is one note")
    func standardInput() throws {
        let folder = try Self.noteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "tsv", "-"],
                                        stdinFile: folder + "/b-note.txt")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.allSatisfy { $0.hasPrefix("stdin\t") })
        #expect(!result.stdoutLines.isEmpty)
    }

    @Test("a missing, binary or oversized file is reported by name; the others are still processed; exit 1")
    func badFilesAmongGoodOnes() throws {
        let folder = try Self.noteFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([0x41, 0x00, 0x42]).write(to: URL(fileURLWithPath: folder + "/binary.txt"))
        try SuggestCLI.write(String(repeating: "hypertension ", count: 100), to: folder + "/big.txt")
        let result = try SuggestCLI.run([
            "suggest", "--model", SuggestCLI.modelPath, "--format", "tsv", "--max-note-bytes", "1000",
            folder + "/a-note.txt", folder + "/missing.txt", folder + "/binary.txt", folder + "/big.txt",
            folder + "/b-note.txt",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: \(folder)/missing.txt:"))
        #expect(result.stderr.contains("error: \(folder)/binary.txt: binary"))
        #expect(result.stderr.contains("error: \(folder)/big.txt:"))
        #expect(!result.stderr.contains("hypertension"), "note content stays out of error messages")
        let ids = Set(result.stdoutLines.map { String($0.split(separator: "\t")[0]) })
        #expect(ids == ["a-note", "b-note"])
    }

    @Test("usage errors exit 64", arguments: [
        ["--top", "0"], ["--format", "xml"], ["--setting", "icu"], ["--jobs", "0"], ["--min-score", "2"],
        ["--system", "snomed"],
    ])
    func usageErrors(arguments: [String]) throws {
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath] + arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }

    @Test("output is byte-identical for --jobs 1 and --jobs 2, in every format", arguments: ["jsonl", "tsv", "table"])
    func deterministicAcrossJobs(format: String) throws {
        let notes = SuggestCLI.root + "/Corpora/notes"
        let one = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", format, "--jobs", "1", notes])
        let two = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", format, "--jobs", "2", notes])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(!one.stdout.isEmpty)
        #expect(one.stdout == two.stdout)
    }

    @Test("--top limits the codes per note")
    func topLimit() throws {
        let notes = SuggestCLI.root + "/Corpora/notes"
        let result = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "tsv", "--top", "1", notes])
        #expect(result.status == 0)
        let ids = result.stdoutLines.map { String($0.split(separator: "\t")[0]) }
        #expect(ids.count == Set(ids).count, "at most one row per note")
        #expect(result.stdoutLines.allSatisfy { $0.split(separator: "\t")[1] == "1" })
    }

    @Test("a reader that closes the pipe early (| head -1) stops the command quietly")
    func closedStandardOutput() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var lines = ""
        for index in 0..<3000 {
            lines += "{\"id\": \"n\(index)\", \"text\": \"Assessment: type 2 diabetes mellitus, hypertension.\"}\n"
        }
        try SuggestCLI.write(lines, to: folder + "/notes.jsonl")
        let result = try SuggestCLI.shell("""
            set -o pipefail
            "$CLINICODE" suggest --model '\(SuggestCLI.modelPath)' --input jsonl --format jsonl \
              '\(folder)/notes.jsonl' | head -1
            """)
        #expect(result.status == 0, "exit status \(result.status): \(result.stderr)")
        #expect(result.stdoutLines.count == 1)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("a past procedure in a history list leaves the chronic conditions before it coded")
    func procedureInHistoryList() throws {
        let run = try runClinicode(
            ["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl", "--top", "10", "-"],
            stdin: "PAST MEDICAL HISTORY: HTN, hyperlipidemia, s/p appendectomy.\nASSESSMENT: Chest pain.\n")
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let codes = (object["codes"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("I10"))
        #expect(codes.contains("E78.5"))
        #expect(codes.contains("R07.9"))
    }
}

/// A model that cannot be loaded is reported at once, also when the notes
/// come from a standard input that has not ended (an interactive pipe).
@Suite("suggest with a bad model and open standard input")
struct SuggestBadModelOpenInputTests {
    @Test("the model error does not wait for the end of standard input", arguments: ["1", "2"])
    func reportsBeforeInputEnds(jobs: String) throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/broken.clinicode-model"
        try SuggestCLI.write("not a model file\n", to: model)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clinicodeExecutable)
        process.arguments = ["suggest", "--model", model, "--jobs", jobs, "--format", "tsv", "-"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // The write end stays open: reading standard input first would hang.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let finished = !process.isRunning
        if !finished { process.terminate() }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(finished)
        #expect(process.terminationStatus == 1)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("error:") && message.contains("broken.clinicode-model"))
    }
}
