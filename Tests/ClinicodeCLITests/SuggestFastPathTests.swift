import Foundation
import Testing

/// `suggest` reads common arguments without the argument parser: its output,
/// messages and exit statuses must match the parser's (the `--name=value`
/// spelling always goes through the parser, so it is the reference).
@Suite("clinicode suggest without the argument parser")
struct SuggestFastPathTests {
    static let note = "Assessment: type 2 diabetes mellitus and essential hypertension. No pneumonia.\n"

    /// Runs `fast` and the same options spelt `--name=value`, and checks they agree.
    static func expectSame(_ fast: [String], _ parsed: [String]) throws {
        let direct = try SuggestCLI.run(fast)
        let viaParser = try SuggestCLI.run(parsed)
        #expect(direct.status == viaParser.status, "\(fast)")
        #expect(direct.stdout == viaParser.stdout, "\(fast)")
        #expect(direct.stderr == viaParser.stderr, "\(fast)")
    }

    @Test("common options give the parser's output")
    func commonOptions() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/note.txt"
        try SuggestCLI.write(Self.note, to: path)
        let model = SuggestCLI.modelPath
        try Self.expectSame(["suggest", "--model", model, "--format", "tsv", "--jobs", "1", path],
                            ["suggest", "--model=\(model)", "--format=tsv", "--jobs=1", path])
        try Self.expectSame(["suggest", "--model", model, "--format", "jsonl", "--top", "2", "--system", "icd10cm", path],
                            ["suggest", "--model=\(model)", "--format=jsonl", "--top=2", "--system=icd10cm", path])
        try Self.expectSame(["suggest", "--model", model, "--input", "text", path, folder + "/missing.txt"],
                            ["suggest", "--model=\(model)", "--input=text", path, folder + "/missing.txt"])
    }

    @Test("invalid values still get the parser's messages and statuses")
    func invalidValues() throws {
        let model = SuggestCLI.modelPath
        for (option, value) in [("--top", "0"), ("--jobs", "0"), ("--format", "xml"), ("--jobs", "two")] {
            let result = try SuggestCLI.run(["suggest", "--model", model, option, value, "-"])
            let reference = try SuggestCLI.run(["suggest", "--model=\(model)", "\(option)=\(value)", "-"])
            #expect(result.status == 64 && result.status == reference.status, "\(option) \(value)")
            #expect(result.stderr == reference.stderr, "\(option) \(value)")
        }
    }

    @Test("a missing model is refused the same way")
    func missingModel() throws {
        let result = try SuggestCLI.run(["suggest", "--model", "/nonexistent/x.clinicode-model", "-"])
        let reference = try SuggestCLI.run(["suggest", "--model=/nonexistent/x.clinicode-model", "-"])
        #expect(result.status == 1 && reference.status == 1)
        #expect(result.stderr == reference.stderr)
    }
}
