import Foundation
import Testing

/// `clinicode train` on notes in the CodiEsp layout.
@Suite("clinicode train")
struct TrainCLITests {
    @Test("trains on labelled notes, reports unknown codes, writes a usable model")
    func trainWritesModel() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notes = SuggestCLI.root + "/Corpora/notes"
        // The project's own gold, lower-cased like CodiEsp, plus a code no terminology has.
        let gold = try String(contentsOfFile: SuggestCLI.root + "/Corpora/gold/codes.tsv", encoding: .utf8)
        try SuggestCLI.write(gold.lowercased() + "cc-001-soap-diabetes-ckd\tzz9.99\n", to: folder + "/gold.tsv")
        let output = folder + "/trained.clinicode-model"
        let result = try SuggestCLI.run(["train", "--model", SuggestCLI.modelPath, "--notes", notes,
                                         "--gold", folder + "/gold.tsv", "--output", output, "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("trained on "))
        let unknownLine = result.stdout.split(separator: "\n").first { $0.contains("not in the terminology") }
        let unknownCount = unknownLine.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(unknownCount >= 1, "the made-up code is counted as unknown: \(result.stdout)")
        let suggest = try SuggestCLI.run(["suggest", "--model", output, "--format", "tsv",
                                          notes + "/cc-001-soap-diabetes-ckd.txt"])
        #expect(suggest.status == 0, "\(suggest.stderr)")
        #expect(!suggest.stdoutLines.isEmpty)
    }

    @Test("several --notes/--gold pairs train one model on all of them")
    func severalCorpora() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notes = SuggestCLI.root + "/Corpora/notes"
        let lines = try String(contentsOfFile: SuggestCLI.root + "/Corpora/gold/codes.tsv", encoding: .utf8)
            .split(separator: "\n").dropFirst()
        // The same folder twice, each gold file naming half of the notes.
        let ids = Array(Set(lines.map { $0.split(separator: "\t")[0] })).sorted()
        let firstHalf = Set(ids.prefix(ids.count / 2))
        let first = lines.filter { firstHalf.contains($0.split(separator: "\t")[0]) }
        let second = lines.filter { !firstHalf.contains($0.split(separator: "\t")[0]) }
        try SuggestCLI.write(first.joined(separator: "\n") + "\n", to: folder + "/first.tsv")
        try SuggestCLI.write(second.joined(separator: "\n") + "\n", to: folder + "/second.tsv")
        let output = folder + "/trained.clinicode-model"
        let result = try SuggestCLI.run(["train", "--model", SuggestCLI.modelPath,
                                         "--notes", notes, "--gold", folder + "/first.tsv",
                                         "--notes", notes, "--gold", folder + "/second.tsv", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("trained on \(ids.count) notes"), "\(result.stdout)")
        let suggest = try SuggestCLI.run(["suggest", "--model", output, "--format", "tsv",
                                          notes + "/cc-002-discharge-nstemi.txt"])
        #expect(suggest.status == 0, "\(suggest.stderr)")
        #expect(suggest.stdout.contains("I21.4"), "\(suggest.stdout)")
    }

    @Test("--notes and --gold must pair up (usage error)")
    func unpairedArguments() throws {
        let result = try SuggestCLI.run(["train", "--notes", "a", "--notes", "b", "--gold", "g", "--output", "o"])
        #expect(result.status == 64)
    }

    @Test("a missing gold file is a clear error")
    func missingGold() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["train", "--model", SuggestCLI.modelPath, "--notes", folder,
                                         "--gold", folder + "/none.tsv", "--output", folder + "/o"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("none.tsv"))
    }
}
