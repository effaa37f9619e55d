import Foundation
import Testing

/// `clinicode suggest FOLDER`: which files a folder contributes, in what
/// order and under which ids, and how its unreadable entries are reported,
/// whether its names are ASCII (listed and read as bytes) or not.
@Suite("suggest over a folder")
struct SuggestFolderTests {
    /// The ids of the JSON Lines output, in order.
    private static func ids(_ run: SuggestCLI.Result) -> [String] {
        run.stdoutLines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object["id"] as? String
        }
    }

    @Test("visible *.txt files in name order, stems as ids; a folder named *.txt and an oversized note are reported",
          arguments: ["ascii", "non-ascii"])
    func listsAndReads(kind: String) throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let note = "Paciente con fiebre y tos. Diagnóstico: neumonía.\n"
        try SuggestCLI.write(note, to: folder + "/b.txt")
        try SuggestCLI.write(note, to: folder + "/a.note.txt")
        try SuggestCLI.write(note, to: folder + "/.hidden.txt")
        try SuggestCLI.write(note, to: folder + "/readme.md")
        // Larger than one read-ahead buffer (64 KB), under the limit.
        try SuggestCLI.write(String(repeating: note, count: 1_400), to: folder + "/long.txt")
        try SuggestCLI.write(String(repeating: note, count: 2_000), to: folder + "/too-long.txt")
        try FileManager.default.createDirectory(atPath: folder + "/sub.txt", withIntermediateDirectories: false)
        if kind == "non-ascii" { try SuggestCLI.write(note, to: folder + "/c-é.txt") }
        let run = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl",
                                      "--max-note-bytes", "80000", "--jobs", "1", folder])
        #expect(run.status == 1)
        var expected = ["a.note", "b"]
        if kind == "non-ascii" { expected.append("c-é") }
        expected += ["long", "sub", "too-long"]
        #expect(Self.ids(run) == expected)
        #expect(run.stderr.contains("sub.txt: Is a directory"))
        #expect(run.stderr.contains("too-long.txt: 104000 bytes or more, over the --max-note-bytes limit of 80000"))
        #expect(!run.stdout.contains("hidden") && !run.stdout.contains("readme"))
    }

    @Test("names sort by their bytes, also past 32 bytes and where one is the start of another", arguments: [1, 2])
    func sortsNamesByBytes(jobs: Int) throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let long = String(repeating: "a", count: 40)
        let names = [
            "case-2", "case-10", "Case-1", "0", "Z", "a", "a-", "a_b", "ab",
            long + "b", long + "a", long, String(repeating: "a", count: 31), String(repeating: "a", count: 32),
            long + "a.extra", "S0004-06142005000100006-1", "S0004-06142005000100006-10", "S0004-06142005000100006-9",
        ]
        // Created in reverse, so the folder's own order is not the answer.
        for name in names.reversed() { try SuggestCLI.write("Fever and cough.\n", to: folder + "/" + name + ".txt") }
        let run = try SuggestCLI.run(["suggest", "--model", SuggestCLI.modelPath, "--format", "jsonl",
                                      "--jobs", String(jobs), folder])
        #expect(run.status == 0)
        let byBytes = names.map { $0 + ".txt" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(Self.ids(run) == byBytes.map { String($0.dropLast(4)) })
        #expect(Self.ids(run).first == "0" && Self.ids(run).last == "case-2")
    }
}
