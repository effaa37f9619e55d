import Clinicode
import Foundation
import Testing

/// End-to-end reliability rules of the `clinicode` CLI: size limits, batch
/// fault isolation, exit statuses, closed output, determinism, privacy of
/// error messages, model-file validation and crash regressions.
@Suite("reliability", .serialized)
struct ReliabilityTests {
    /// A string that must never reach stderr unless --verbose.
    static let marker = "ZQX-PRIVATE-MARKER-4471"
    /// The model under test: `$CLINICODE_TEST_MODEL` (e.g. a fresh build) or the committed default.
    static let model = ProcessInfo.processInfo.environment["CLINICODE_TEST_MODEL"] ?? SuggestCLI.modelPath
    static let regressions = SuggestCLI.root + "/Tests/ClinicodeCLITests/Regressions"

    /// A folder of three good notes around a bad one; returns the folder.
    static func mixedFolder(bad: (String) throws -> Void) throws -> String {
        let folder = try SuggestCLI.temporaryDirectory()
        try SuggestCLI.write("Assessment: community acquired pneumonia.\n", to: folder + "/a.txt")
        try bad(folder + "/b.txt")
        try SuggestCLI.write("Type 2 diabetes mellitus with hyperglycemia.\n", to: folder + "/c.txt")
        try SuggestCLI.write("Essential hypertension. No chest pain.\n", to: folder + "/d.txt")
        return folder
    }

    /// Ids of the JSON Lines output, with whether each line is an error record.
    static func records(_ stdout: String) throws -> [(id: String, error: Bool)] {
        try stdout.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return ((object["id"] as? String) ?? "null", object["error"] != nil)
        }
    }

    /// True when stderr carries a crash report rather than error lines.
    static func crashed(_ run: (status: Int32, stdout: String, stderr: String)) -> Bool {
        run.status > 1 && run.status != 64 || run.stderr.contains("Fatal error") || run.stderr.contains("Stack dump")
            || run.stderr.contains("Crash")
    }

    // MARK: Size limit and batch fault isolation

    @Test("an oversized note is an error naming it; the rest of the folder is processed in order; exit 1")
    func oversizedNoteInFolder() throws {
        let folder = try Self.mixedFolder { path in
            try SuggestCLI.write(Self.marker + String(repeating: " pneumonia", count: 200), to: path)
        }
        let run = try runClinicode(["suggest", "--model", Self.model, "--format", "jsonl", "--max-note-bytes", "1000", folder])
        #expect(run.status == 1)
        #expect(try Self.records(run.stdout).map(\.id) == ["a", "b", "c", "d"])
        #expect(try Self.records(run.stdout).map(\.error) == [false, true, false, false])
        #expect(run.stderr.contains("b.txt") && run.stderr.contains("max-note-bytes"))
        #expect(!run.stderr.contains(Self.marker))
        #expect(!Self.crashed(run))
    }

    @Test("binary, unreadable and missing notes each give an error record while the others are processed")
    func badFilesInFolder() throws {
        for kind in ["binary", "dangling-link", "directory"] {
            let folder = try Self.mixedFolder { path in
                switch kind {
                case "binary": try Data(Array(Self.marker.utf8) + [0, 1, 2, 0, 255]).write(to: URL(fileURLWithPath: path))
                case "dangling-link": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".gone")
                default: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                }
            }
            let run = try runClinicode(["suggest", "--model", Self.model, "--format", "jsonl", folder])
            #expect(run.status == 1, "\(kind)")
            #expect(try Self.records(run.stdout).map(\.id) == ["a", "b", "c", "d"], "\(kind)")
            #expect(try Self.records(run.stdout).map(\.error) == [false, true, false, false], "\(kind)")
            #expect(run.stderr.contains("b.txt"), "\(kind)")
            #expect(!run.stderr.contains(Self.marker), "\(kind)")
            #expect(!Self.crashed(run), "\(kind)")
        }
        let missing = try runClinicode(["suggest", "--model", Self.model, "/nonexistent/note.txt",
                                        Self.regressions + "/plain-note.txt"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/note.txt"))
        #expect(missing.stdout.contains("plain-note"))
    }

    @Test("a JSON Lines batch gives one line per record, error lines for bad ones, in order; exit 1")
    func jsonlBatchIsolation() throws {
        let lines = [
            "{\"id\":\"one\",\"text\":\"Pneumonia.\"}",
            "{\"id\":\"two\",\"text\":\"\(Self.marker) " + String(repeating: "x", count: 3000) + "\"}",
            "{\"id\":\"three\",\"text\":\"\(Self.marker)",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\(Self.marker)\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "{\"id\":\"five\",\"text\":\"Hypertension, NUL \\u0000 and \\ud83e\\udec1 here.\"}",
            "{\"id\":\"six\",\"text\":\"Diabetes.\"}",
            // A lone surrogate escape is not valid JSON (Foundation refuses it): an error record.
            "{\"id\":\"seven\",\"text\":\"\(Self.marker) \\ud800 lone\"}",
        ]
        var bytes = Array(lines.joined(separator: "\n").utf8) + [10]
        bytes += Array("{\"id\":\"eight\",\"text\":\"\(Self.marker) ".utf8) + [0xFF, 0xC0, 0x80] + Array("asthma\"}\n".utf8)
        let run = try runClinicode(["suggest", "--model", Self.model, "--input", "jsonl", "--format", "jsonl",
                                    "--max-note-bytes", "1000", "-"], stdinBytes: bytes)
        let records = try Self.records(run.stdout)
        #expect(run.status == 1)
        #expect(records.count == 8)
        #expect(records.map(\.id).prefix(2) == ["one", "two"] && records[4].id == "five" && records[5].id == "six")
        // Raw invalid UTF-8 inside a string: refused or repaired, either way one record.
        #expect(records.map(\.error) == [false, true, true, true, false, false, true, records[7].error])
        #expect(!run.stderr.contains(Self.marker))
        #expect(run.stderr.contains(":2") && run.stderr.contains(":3"))
        #expect(!Self.crashed(run))
        // --verbose may show the start of a bad line: this is what the privacy check above guards against.
        let verbose = try runClinicode(["suggest", "--model", Self.model, "--input", "jsonl", "--format", "jsonl",
                                        "--max-note-bytes", "1000", "--verbose", "-"], stdinBytes: bytes)
        #expect(verbose.stderr.contains(Self.marker))
    }

    @Test("an oversized note on standard input is refused with an error, not read whole")
    func oversizedStandardInput() throws {
        let run = try runClinicode(["suggest", "--model", Self.model, "--max-note-bytes", "100"],
                                   stdin: Self.marker + String(repeating: " asthma", count: 100))
        #expect(run.status == 1)
        #expect(run.stderr.contains("stdin") && run.stderr.contains("max-note-bytes"))
        #expect(!run.stderr.contains(Self.marker))
    }

    // MARK: Exit statuses and closed output

    @Test("exit 0 when every note succeeds, 64 for usage errors")
    func exitStatuses() throws {
        let good = try runClinicode(["suggest", "--model", Self.model, Self.regressions + "/plain-note.txt"])
        #expect(good.status == 0)
        #expect(good.stderr.isEmpty)
        for usage in [["suggest", "--top", "0"], ["suggest", "--no-such-flag"], ["suggest", "--max-note-bytes", "0"],
                      ["suggest", "--jobs", "0"], ["suggest", "--format", "xml"], ["no-such-command"]] {
            let run = try runClinicode(usage + ["--model", Self.model], stdin: "pneumonia")
            #expect(run.status == 64, "\(usage)")
        }
    }

    @Test("a closed stdout (| head -1) ends quietly, with status 0 and no crash report")
    func closedOutput() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        for index in 0..<60 {
            try SuggestCLI.write("Note \(index): pneumonia, diabetes mellitus, hypertension and asthma.\n",
                                 to: folder + "/n\(index).txt")
        }
        for format in ["table", "jsonl"] {
            let run = try SuggestCLI.shell("\"$CLINICODE\" suggest --model '\(Self.model)' --format \(format) '\(folder)'"
                + " | head -1; exit ${PIPESTATUS[0]}")
            #expect(run.status == 0, "\(format): \(run.stderr)")
            #expect(run.stderr.isEmpty, "\(format)")
            #expect(run.stdoutLines.count == 1)
        }
    }

    // MARK: Determinism

    @Test("output is byte-identical across runs and across --jobs 1, 2 and 4")
    func determinism() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        let texts = ["Pneumonia, no fever.", "History of MI. Chest pain, possible angina.", "Mother had breast cancer.",
                     "Type 2 diabetes with CKD stage 3.", "COPD exacerbation; denies asthma.", "Essential hypertension."]
        for index in 0..<24 {
            try SuggestCLI.write(texts[index % texts.count] + " Note \(index).", to: folder + "/n\(String(format: "%02d", index)).txt")
        }
        var jsonl = ""
        for index in 0..<24 { jsonl += "{\"id\":\"j\(index)\",\"text\":\"\(texts[index % texts.count])\"}\n" }
        let jsonlPath = try temporaryNoteFile(Array(jsonl.utf8), suffix: ".jsonl")
        for input in [[folder], ["--input", "jsonl", jsonlPath]] {
            var outputs: [String] = []
            for jobs in ["1", "2", "4", "4"] {
                let run = try runClinicode(["suggest", "--model", Self.model, "--format", "jsonl", "--jobs", jobs] + input)
                #expect(run.status == 0)
                outputs.append(run.stdout)
            }
            #expect(!outputs[0].isEmpty)
            #expect(Set(outputs).count == 1, "\(input)")
        }
    }

    // MARK: Model files

    @Test("empty, foreign, truncated, corrupt and other-version model files are refused with a clear error")
    func badModelFiles() throws {
        let good = try #require(FileManager.default.contents(atPath: Self.model))
        var corrupt = Array(good)
        for offset in stride(from: corrupt.count / 3, to: corrupt.count / 3 + 64, by: 1) { corrupt[offset] ^= 0x5A }
        var other = try ClinicodeModel.load(path: Self.model)
        other.metadata.engineVersion = "0.0.0-reliability"
        let otherPath = NSTemporaryDirectory() + "clinicode-other-version-" + UUID().uuidString + ".model"
        try other.write(toPath: otherPath)
        let cases: [(String, String)] = [
            ("empty", try temporaryNoteFile([], suffix: ".model")),
            ("foreign", try temporaryNoteFile(Array("not a model at all\n".utf8), suffix: ".model")),
            ("truncated-header", try temporaryNoteFile(Array(good.prefix(10)), suffix: ".model")),
            ("truncated", try temporaryNoteFile(Array(good.prefix(good.count / 2)), suffix: ".model")),
            ("corrupt", try temporaryNoteFile(corrupt, suffix: ".model")),
            ("other-version", otherPath),
            ("missing", "/nonexistent/clinicode.model"),
        ]
        for (name, path) in cases {
            for command in [["suggest"], ["context"], ["lookup", "pneumonia"]] {
                let run = try runClinicode(command + ["--model", path], stdin: "{\"id\":\"1\",\"text\":\"pneumonia\"}")
                #expect(run.status == 1, "\(name) \(command)")
                #expect(run.stderr.hasPrefix("error:"), "\(name) \(command): \(run.stderr)")
                #expect(run.stderr.contains(path), "\(name) \(command)")
                #expect(!Self.crashed(run), "\(name) \(command)")
            }
        }
        let version = try runClinicode(["suggest", "--model", otherPath], stdin: "pneumonia")
        #expect(version.stderr.contains("0.0.0-reliability"))
    }

    // MARK: Hangs

    @Test("thousands of repeated cues before a concept take linear time", .timeLimit(.minutes(1)))
    func repeatedCuesAreLinear() throws {
        for cue in ["no", "history of", "denies"] {
            let text = Array(repeating: cue, count: 20_000).joined(separator: " ") + " pneumonia and diabetes."
            let run = try runClinicode(["suggest", "--model", Self.model, "--format", "jsonl"], stdin: text)
            #expect(run.status == 0, "\(cue)")
            #expect(try Self.records(run.stdout).count == 1)
        }
    }

    /// Each "family history of" yields a mention of the same codes, so every
    /// stage sees 20 000 mentions of one concept in one sentence. (That the
    /// cost is linear is measured by `Benchmarks/run-e2e.sh`, not here.)
    @Test("a phrase naming a code repeated 20 000 times in one sentence is ranked")
    func repeatedMentionsAreRanked() throws {
        let text = Array(repeating: "family history of", count: 20_000).joined(separator: " ") + " pneumonia."
        let run = try runClinicode(["suggest", "--model", Self.model, "--format", "jsonl", "--top", "3"], stdin: text)
        #expect(run.status == 0)
        let records = try Self.records(run.stdout)
        #expect(records.count == 1 && records.allSatisfy { !$0.error })
        #expect(run.stdout.contains("\"code\":\"Z8"))  // a family-history code
    }

    // MARK: Crash regressions

    @Test("every kept crash-regression input runs without crashing, as a note and as a JSON Lines record")
    func crashRegressions() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.regressions).sorted()
        #expect(!names.isEmpty)
        let run = try runClinicode(["suggest", "--model", Self.model, "--format", "jsonl", Self.regressions])
        #expect(!Self.crashed(run))
        #expect(try Self.records(run.stdout).count == names.filter { $0.hasSuffix(".txt") }.count)
        for name in names where name.hasSuffix(".jsonl") {
            for command in [["suggest", "--input", "jsonl", "--format", "jsonl"], ["context"]] {
                let lines = try runClinicode(command + ["--model", Self.model, Self.regressions + "/" + name])
                #expect(!Self.crashed(lines), "\(name) \(command)")
                #expect((0...1).contains(lines.status), "\(name) \(command)")
            }
        }
    }
}
