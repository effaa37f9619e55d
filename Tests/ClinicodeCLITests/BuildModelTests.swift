import Clinicode
import Foundation
import Testing

/// The model file: round trip, locating it, and clear errors for bad files.
@Suite("model file")
struct BuildModelTests {
    /// A copy of the default model's bytes.
    static func modelBytes() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: SuggestCLI.modelPath)))
    }

    @Test("a loaded model writes back the same bytes")
    func roundTrip() throws {
        let bytes = try Self.modelBytes()
        let model = try ClinicodeModel(serialized: bytes)
        let written = model.serialized()
        // Compare as a Bool: a failing array comparison would print 16 MB of bytes.
        let identical = written == bytes
        #expect(identical, "re-serialising the loaded model changed it (\(written.count) vs \(bytes.count) bytes)")
        #expect(model.metadata.engineVersion == ClinicodeVersion.string)
    }

    @Test("--model PATH beats $CLINICODE_MODEL, which beats the default")
    func locatorPrecedence() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/Models", withIntermediateDirectories: true)
        try SuggestCLI.write("x", to: folder + "/" + ModelLocator.defaultRelativePath)
        try FileManager.default.createDirectory(atPath: folder + "/a/b", withIntermediateDirectories: true)
        let bare = ModelLocator(environment: [:], executablePath: nil, currentDirectory: folder + "/a/b")
        #expect(try bare.locate(explicitPath: nil).path.hasSuffix(folder + "/" + ModelLocator.defaultRelativePath))
        let withEnvironment = ModelLocator(environment: ["CLINICODE_MODEL": "/env.model"], executablePath: nil,
                                           currentDirectory: folder)
        #expect(try withEnvironment.locate(explicitPath: nil).path == "/env.model")
        #expect(try withEnvironment.locate(explicitPath: "/flag.model").path == "/flag.model")
    }

    @Test("no model anywhere: the error says how to build one")
    func locatorNotFound() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let locator = ModelLocator(environment: [:], executablePath: nil, currentDirectory: folder)
        #expect {
            try locator.locate(explicitPath: nil)
        } throws: { error in
            "\(error)".contains("clinicode build-model")
        }
    }

    /// Runs `suggest` with a damaged model and returns its stderr.
    static func suggestWithModel(_ bytes: [UInt8], jobs: Int? = nil) throws -> SuggestCLI.Result {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/bad.clinicode-model"))
        try SuggestCLI.write("Hypertension.\n", to: folder + "/note.txt")
        let jobsOption = jobs.map { ["--jobs", String($0)] } ?? []
        return try SuggestCLI.run(["suggest", "--model", folder + "/bad.clinicode-model"] + jobsOption
                                  + [folder + "/note.txt"])
    }

    @Test("a truncated model is a clear error, not a crash")
    func truncatedModel() throws {
        let bytes = try Self.modelBytes()
        let result = try Self.suggestWithModel(Array(bytes.prefix(bytes.count / 2)))
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.clinicode-model"))
        #expect(result.stderr.contains("truncated"))
        #expect(result.stdout.isEmpty)
    }

    @Test("a corrupted model is a clear error, not a crash")
    func corruptModel() throws {
        var bytes = try Self.modelBytes()
        bytes[bytes.count / 2] ^= 0xFF  // inside the largest section
        let result = try Self.suggestWithModel(bytes)
        #expect(result.status == 1)
        #expect(result.stderr.contains("corrupt"))
    }

    @Test("a damaged section is reported the same whether the model is loaded on one thread or two")
    func corruptModelAnyJobs() throws {
        let good = try Self.modelBytes()
        // Early in the file (the terminology, decoded on its own thread) and late (the ranking tables).
        for offset in [good.count / 4, good.count - 4096] {
            var bytes = good
            bytes[offset] ^= 0xFF
            let serial = try Self.suggestWithModel(bytes, jobs: 1)
            let parallel = try Self.suggestWithModel(bytes, jobs: 2)
            #expect(serial.status == 1 && parallel.status == 1)
            #expect(serial.stderr.contains("checksum"), "\(serial.stderr)")
            // Each run writes the model to a folder of its own: compare what follows the path.
            let reason = { (run: SuggestCLI.Result) in run.stderr.components(separatedBy: "bad.clinicode-model").last }
            #expect(reason(parallel) == reason(serial) && reason(serial)?.contains("section") == true)
        }
        let result = try Self.suggestWithModel(good, jobs: 2)
        #expect(result.status == 0 && result.stdout.contains("I10"))
    }

    @Test("a model of another format version asks for a rebuild")
    func wrongVersion() throws {
        var bytes = try Self.modelBytes()
        bytes[16] = 99  // the format version follows the 16-byte signature
        let result = try Self.suggestWithModel(bytes)
        #expect(result.status == 1)
        #expect(result.stderr.contains("version"))
        #expect(result.stderr.contains("build-model"))
    }

    @Test("a model written by another engine version asks for a rebuild")
    func otherEngineVersion() throws {
        var model = try ClinicodeModel(serialized: try Self.modelBytes())
        model.metadata.engineVersion = "0.0.0-old"
        let result = try Self.suggestWithModel(model.serialized())
        #expect(result.status == 1)
        #expect(result.stderr.contains("0.0.0-old"))
        #expect(result.stderr.contains("clinicode build-model"))
    }

    @Test("a file that is not a model, or no file, is named in the error")
    func notAModel() throws {
        let result = try Self.suggestWithModel(Array("hello, world\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a Clinicode model"))
        let missing = try SuggestCLI.run(["suggest", "--model", "/nonexistent/x.clinicode-model", "-"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/x.clinicode-model"))
    }

    @Test("build-model --cpt-file compiles a procedure system that suggest can use")
    func buildModelWithProcedureFile() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let procedures = SuggestCLI.root + "/Corpora/procedures"
        let output = folder + "/m.clinicode-model"
        let built = try SuggestCLI.run([
            "build-model", "--lexicons", SuggestCLI.root + "/Lexicons", "--output", output,
            "--cpt-file", procedures + "/synthetic-procedures.tsv", "--cpt-synonyms", procedures + "/synonyms.tsv",
        ])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("CPT"))
        let model = try ClinicodeModel.load(path: output)
        #expect(model.terminology.systems.contains(.cpt))
        #expect(model.metadata.extraSources.count == 1)
        let result = try SuggestCLI.run(["suggest", "--model", output, "--format", "tsv", "--system", "cpt",
                                         procedures + "/notes/pr-001-colonoscopy-biopsy.txt"])
        #expect(result.status == 0, "\(result.stderr)")
        let codes = result.stdoutLines.map { String($0.split(separator: "\t")[2]) }
        #expect(!codes.isEmpty)
        #expect(codes.allSatisfy { $0.hasPrefix("P") }, "--system cpt keeps procedure codes only: \(codes)")
    }

    @Test("build-model rejects a file that is not a code file, naming it")
    func buildModelBadProcedureFile() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SuggestCLI.write("{\"not\": \"codes\"}\n", to: folder + "/cpt.json")
        let result = try SuggestCLI.run(["build-model", "--lexicons", SuggestCLI.root + "/Lexicons",
                                         "--output", folder + "/m", "--cpt-file", folder + "/cpt.json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cpt.json"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/m"))
    }

    @Test("build-model names the bad Lexicons folder")
    func buildModelBadLexicons() throws {
        let folder = try SuggestCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try SuggestCLI.run(["build-model", "--lexicons", folder + "/nowhere", "--output", folder + "/m"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nowhere"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/m"))
    }
}
