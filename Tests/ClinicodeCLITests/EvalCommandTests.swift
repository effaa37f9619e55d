import Foundation
import Testing

/// `clinicode eval` end to end: the project's own corpus against a MAP floor,
/// agreement with score.py on the written rankings, and bad input.
@Suite(.serialized) struct EvalCommandTests {
    /// MAP measured on Corpora/ (with Corpora/gold/settings.tsv) with the default
    /// model built from Lexicons/ at 12:15 UTC on the day of writing: 0.5144 at code
    /// level, 0.6799 at category level. The floors are those minus 0.05.
    static let mapFloor = 0.46
    static let categoryMapFloor = 0.63

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The model under test: $CLINICODE_MODEL when set, else the committed default.
    static let modelPath = ProcessInfo.processInfo.environment["CLINICODE_MODEL"]
        ?? root + "/Models/default.clinicode-model"
    static var hasModel: Bool { FileManager.default.fileExists(atPath: modelPath) }

    /// The `clinicode` binary of the same build as this test bundle.
    static let executable: String = {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("clinicode").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root + "/.build/debug/clinicode"
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `clinicode eval ...` with output captured in files (no pipe can fill up).
    static func eval(_ arguments: [String]) throws -> Run {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out", errPath = directory + "/err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["eval"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CLINICODE_MODEL")
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clinicode-eval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(.enabled(if: hasModel, "no model: build Models/default.clinicode-model or set CLINICODE_MODEL"))
    func ownCorpusStaysAboveTheMAPFloorAndAgreesWithScorePy() throws {
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let gold = Self.root + "/Corpora/gold/codes.tsv"
        let run = try Self.eval([
            "--notes", Self.root + "/Corpora/notes", "--gold", gold,
            "--settings", Self.root + "/Corpora/gold/settings.tsv", "--model", Self.modelPath,
            "--format", "json", "--predictions", scratch + "/pred.tsv",
            "--errors", scratch + "/errors.txt", "--report", scratch + "/report.html",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        // Not a terminal: no progress line.
        #expect(!run.stderr.contains("\r"))
        let object = try Self.json(run.stdout)
        let codeLevel = try #require(object["code_level"] as? [String: Any])
        let map = try #require(codeLevel["mean_average_precision"] as? Double)
        #expect(map >= Self.mapFloor, "MAP \(map) fell below the floor \(Self.mapFloor)")
        let category = try #require(object["category_level"] as? [String: Any])
        let categoryMAP = try #require(category["mean_average_precision"] as? Double)
        #expect(categoryMAP >= Self.categoryMapFloor, "category MAP \(categoryMAP) below \(Self.categoryMapFloor)")
        #expect((object["gold_documents"] as? Int ?? 0) >= 30)
        #expect((object["throughput"] as? [String: Any])?["notes"] as? Int == object["notes"] as? Int)

        let errors = try String(contentsOfFile: scratch + "/errors.txt", encoding: .utf8)
        #expect(errors.hasPrefix("# Per-code table"))
        #expect(errors.contains("spurious: "))
        let html = try String(contentsOfFile: scratch + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<mark class=\"tp\""))
        #expect(!html.contains("<script"))

        // The same MAP from the reference scorer on the rankings eval wrote.
        let scorer = URL(fileURLWithPath: Self.root).deletingLastPathComponent().path + "/shared/tools/score.py"
        guard FileManager.default.fileExists(atPath: scorer),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return }
        // score.py would read the gold's header line as a document of its own: give it the data lines only.
        let goldLines = try String(contentsOfFile: gold, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("note_id\t") && !$0.hasPrefix("#") }
        try (goldLines.joined(separator: "\n") + "\n").write(toFile: scratch + "/gold.tsv", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scorer, scratch + "/gold.tsv", scratch + "/pred.tsv", "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let reference = try Self.json(String(decoding: data, as: UTF8.self))
        #expect(reference["docs"] as? Int == object["gold_documents"] as? Int)
        let referenceMAP = try #require(reference["MAP"] as? Double)
        #expect(abs(map - referenceMAP) <= 0.00005 + 1e-9, "eval MAP \(map) vs score.py \(referenceMAP)")
    }

    @Test(.enabled(if: hasModel, "no model: build Models/default.clinicode-model or set CLINICODE_MODEL"))
    func badInputIsReportedAndCountedNotFatal() throws {
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/notes", withIntermediateDirectories: true)
        try "Assessment: essential hypertension. Denies chest pain.\n"
            .write(toFile: scratch + "/notes/a.txt", atomically: true, encoding: .utf8)
        try "Type 2 diabetes mellitus without complications.\n"
            .write(toFile: scratch + "/notes/no-gold.txt", atomically: true, encoding: .utf8)
        try "note_id\tcode\na\tI10\na\nghost\tE11.9\n\tI10\na\ti10\n"
            .write(toFile: scratch + "/gold.tsv", atomically: true, encoding: .utf8)
        let run = try Self.eval(["--notes", scratch + "/notes", "--gold", scratch + "/gold.tsv",
                                 "--model", Self.modelPath, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 malformed gold line(s)"))
        #expect(run.stderr.contains("line 3"))
        #expect(run.stderr.contains("line 5"))
        #expect(run.stderr.contains("1 duplicate gold line"))
        #expect(run.stderr.contains("1 gold document(s) have no note"))
        #expect(run.stderr.contains("ghost"))
        #expect(run.stderr.contains("1 note(s) have no gold"))
        let object = try Self.json(run.stdout)
        #expect(object["notes"] as? Int == 2)
        #expect(object["gold_documents"] as? Int == 2)
        #expect((object["malformed_gold_lines"] as? [Any])?.count == 2)
        #expect(object["notes_without_gold"] as? [String] == ["no-gold"])
    }

    @Test(.enabled(if: hasModel, "no model: build Models/default.clinicode-model or set CLINICODE_MODEL"))
    func figuresDoNotDependOnTheNumberOfJobs() throws {
        let arguments = ["--notes", Self.root + "/Corpora/notes", "--gold", Self.root + "/Corpora/gold/codes.tsv",
                         "--model", Self.modelPath, "--format", "json", "--k", "5"]
        let one = try Self.json(try Self.eval(arguments + ["--jobs", "1"]).stdout)
        let three = try Self.json(try Self.eval(arguments + ["--jobs", "3"]).stdout)
        for key in ["code_level", "category_level"] {
            let a = try #require(one[key] as? NSDictionary), b = try #require(three[key] as? NSDictionary)
            #expect(a == b, "\(key) differs between --jobs 1 and --jobs 3")
        }
    }

    @Test(.enabled(if: hasModel, "no model: build Models/default.clinicode-model or set CLINICODE_MODEL"))
    func crosswalkMatchesGoldFromAnOlderReleaseOnlyWhenAskedTo() throws {
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/notes", withIntermediateDirectories: true)
        try "Severe headache for two days.\n".write(toFile: scratch + "/notes/a.txt", atomically: true, encoding: .utf8)
        // R51 was a final code until FY2021 split it; the engine gives R51.9.
        try "a\tR51\n".write(toFile: scratch + "/gold.tsv", atomically: true, encoding: .utf8)
        let arguments = ["--notes", scratch + "/notes", "--gold", scratch + "/gold.tsv", "--model", Self.modelPath, "--format", "json"]
        func map(_ run: Run) throws -> Double {
            let codeLevel = try #require(try Self.json(run.stdout)["code_level"] as? [String: Any])
            return try #require(codeLevel["mean_average_precision"] as? Double)
        }
        let exact = try Self.eval(arguments)
        #expect(exact.status == 0, "\(exact.stderr)")
        #expect(try map(exact) == 0)
        let crosswalked = try Self.eval(arguments + ["--crosswalk"])
        #expect(crosswalked.status == 0, "\(crosswalked.stderr)")
        #expect(try map(crosswalked) == 1)
        #expect(crosswalked.stderr.contains("crosswalk: 1 gold codes"))
    }

    @Test func unreadableGoldOrNotesFailCleanly() throws {
        let missingGold = try Self.eval(["--notes", Self.root + "/Corpora/notes", "--gold", "/nonexistent/gold.tsv"])
        #expect(missingGold.status == 1)
        #expect(missingGold.stderr.contains("error: cannot read '/nonexistent/gold.tsv'"))
        let missingNotes = try Self.eval(["--notes", "/nonexistent/notes", "--gold", Self.root + "/Corpora/gold/codes.tsv"])
        #expect(missingNotes.status == 1)
        #expect(missingNotes.stderr.contains("not a folder"))
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try "just words\nno tabs here\n".write(toFile: scratch + "/gold.tsv", atomically: true, encoding: .utf8)
        let empty = try Self.eval(["--notes", Self.root + "/Corpora/notes", "--gold", scratch + "/gold.tsv"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no usable"))
        let badK = try Self.eval(["--notes", Self.root + "/Corpora/notes", "--gold", scratch + "/gold.tsv", "--k", "0"])
        #expect(badK.status != 0)
        #expect(badK.stderr.contains("--k"))
    }
}
