import Foundation
import Testing
import ClinicodeEvaluation

/// MAP and micro figures must agree with the shared reference scorer
/// (`../shared/tools/score.py`). Skipped when python3 or the scorer is absent.
@Suite struct ScorePyAgreementTests {
    static let scorer = Fixtures.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/tools/score.py").path

    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool { python != nil && FileManager.default.fileExists(atPath: scorer) }

    /// score.py's JSON output for the files.
    static func referenceScores(gold: String, predictions: String, k: Int, prefix: Int) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = [scorer, gold, predictions, "--k", String(k), "--prefix", String(prefix), "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func compare(gold: String, predictions: String, k: Int, prefix: Int) throws {
        let reference = try referenceScores(gold: gold, predictions: predictions, k: k, prefix: prefix)
        let report = Evaluator(options: EvaluationOptions(k: k, categoryPrefix: prefix > 0 ? prefix : nil))
            .evaluate(gold: try GoldStandard(path: gold), predictions: try RankedPredictions(path: predictions))
        let level = prefix > 0 ? try #require(report.categoryLevel) : report.codeLevel
        let referenceMAP = try #require(reference["MAP"] as? Double)
        // score.py rounds to 4 decimals.
        #expect(abs(level.meanAveragePrecision - referenceMAP) <= 0.00005 + 1e-9,
                "MAP \(level.meanAveragePrecision) vs score.py \(referenceMAP) (k=\(k), prefix=\(prefix))")
        #expect(abs(level.micro.precision - (reference["P@\(k)"] as? Double ?? -1)) <= 0.00005 + 1e-9)
        #expect(abs(level.micro.recall - (reference["R@\(k)"] as? Double ?? -1)) <= 0.00005 + 1e-9)
        #expect(abs(level.micro.f1 - (reference["F1@\(k)"] as? Double ?? -1)) <= 0.00005 + 1e-9)
        #expect(level.documents == reference["docs"] as? Int)
        #expect(level.documentsPredicted == reference["docs_predicted"] as? Int)
    }

    @Test(.enabled(if: available, "python3 or ../shared/tools/score.py missing"))
    func agreesOnTheHandMadeFixture() throws {
        for (k, prefix) in [(2, 0), (10, 0), (1, 3), (10, 3)] {
            try Self.compare(gold: Fixtures.path("gold-small.tsv"), predictions: Fixtures.path("pred-small.tsv"),
                             k: k, prefix: prefix)
        }
    }

    @Test(.enabled(if: available, "python3 or ../shared/tools/score.py missing"))
    func agreesOnGeneratedRankings() throws {
        // A deterministic generator: invented codes, overlapping categories,
        // duplicates, unpredicted gold documents and predictions without gold.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func code() -> String { "Q\(next(4))\(next(3)).\(next(5))" }
        var gold = "", predictions = ""
        for document in 0..<40 {
            if document < 35 { for _ in 0...next(6) { gold += "doc\(document)\t\(code())\n" } }
            if document % 7 != 3 { for _ in 0..<next(25) { predictions += "doc\(document)\t\(code().lowercased())\t0.5\n" } }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clinicode-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let goldPath = directory.appendingPathComponent("gold.tsv").path
        let predictionsPath = directory.appendingPathComponent("pred.tsv").path
        try gold.write(toFile: goldPath, atomically: true, encoding: .utf8)
        try predictions.write(toFile: predictionsPath, atomically: true, encoding: .utf8)
        for (k, prefix) in [(1, 0), (5, 0), (10, 0), (5, 2), (10, 3)] {
            try Self.compare(gold: goldPath, predictions: predictionsPath, k: k, prefix: prefix)
        }
    }
}
