import Foundation
import Testing

/// `build-model --cpt-file` with the synthetic procedure system (never CPT
/// content), then `suggest` over the procedure notes with that model.
@Suite("procedure code files on the command line", .serialized)
struct ProcedureCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let corpus = root + "/Corpora/procedures"

    /// A model built once from the Lexicons plus the synthetic file with one
    /// bad row and the synonyms file; the build's output and the model path.
    static let built: (status: Int32, stdout: String, stderr: String, model: String) = {
        let folder = NSTemporaryDirectory() + "clinicode-procedure-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let original = (try? String(contentsOfFile: corpus + "/synthetic-procedures.tsv", encoding: .utf8)) ?? ""
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[60] = "P00#60\tA row with a malformed code"  // line 61 (P0060, in no gold)
        let codes = folder + "/procedures.tsv"
        _ = FileManager.default.createFile(atPath: codes, contents: Data(lines.joined(separator: "\n").utf8))
        let model = folder + "/x.clinicode-model"
        let run = (try? runClinicode([
            "build-model", "--lexicons", root + "/Lexicons", "--cpt-file", codes,
            "--cpt-synonyms", corpus + "/synonyms.tsv", "--output", model,
        ])) ?? (status: -1, stdout: "", stderr: "could not run clinicode")
        return (run.status, run.stdout, run.stderr, model)
    }()

    /// `note id -> codes` from TSV output.
    static func codes(_ tsv: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for line in tsv.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            result[String(fields[0]), default: []].insert(String(fields[2]))
        }
        return result
    }

    @Test("build-model reads the file, warns about the bad row by line and writes a model")
    func buildModel() {
        #expect(Self.built.status == 0, "\(Self.built.stderr)")
        #expect(Self.built.stderr.contains("procedures.tsv:61:"))
        #expect(Self.built.stdout.contains("CPT"))
        #expect(FileManager.default.fileExists(atPath: Self.built.model))
    }

    @Test("suggest --system all gives performed procedures and diagnoses; not-performed ones are left out")
    func suggestAll() throws {
        try #require(Self.built.status == 0)
        let run = try runClinicode(["suggest", "--model", Self.built.model, "--system", "all", "--format", "tsv",
                                    Self.corpus + "/notes"])
        #expect(run.status == 0, "\(run.stderr)")
        let codes = Self.codes(run.stdout)
        #expect(codes["pr-001-colonoscopy-biopsy"]?.contains("P0002") == true)
        #expect(codes["pr-001-colonoscopy-biopsy"]?.contains("P0001") == false)
        #expect(codes["pr-003-lap-cholecystectomy"]?.contains("P0003") == true)
        #expect(codes["pr-011-lap-appendectomy"]?.contains("P0041") == true)
        #expect(codes["pr-011-lap-appendectomy"]?.contains("P0042") == false)
        #expect(codes["pr-008-cardioversion-cancelled"]?.contains("P0040") == false)
        #expect(!(codes["pr-013-colonoscopy-cancelled-prep"] ?? []).contains { $0.hasPrefix("P0") })
        #expect(codes.values.contains { $0.contains { $0.contains(".") } })  // ICD-10-CM codes too
    }

    @Test("suggest --system icd10cm leaves the procedure system out")
    func suggestDiagnosesOnly() throws {
        try #require(Self.built.status == 0)
        let run = try runClinicode(["suggest", "--model", Self.built.model, "--system", "icd10cm", "--format", "tsv",
                                    Self.corpus + "/notes/pr-003-lap-cholecystectomy.txt"])
        #expect(run.status == 0)
        let codes = Self.codes(run.stdout)["pr-003-lap-cholecystectomy"] ?? []
        #expect(!codes.isEmpty)
        #expect(!codes.contains { $0.hasPrefix("P0") })
    }

    @Test("suggest --cpt-file adds the procedure system for one run, without a prebuilt model")
    func suggestWithProcedureFileForOneRun() throws {
        let run = try runClinicode(["suggest", "--lexicons", Self.root + "/Lexicons", "--cpt-file",
                                    Self.corpus + "/synthetic-procedures.tsv", "--format", "tsv",
                                    Self.corpus + "/notes/pr-003-lap-cholecystectomy.txt"])
        #expect(run.status == 0, "\(run.stderr)")
        let codes = Self.codes(run.stdout)["pr-003-lap-cholecystectomy"] ?? []
        #expect(codes.contains("P0003"))
        #expect(codes.contains { $0.contains(".") })  // and its diagnoses
    }

    @Test("a file that is not a procedure code file is refused with a clear error")
    func wrongFile() throws {
        let model = NSTemporaryDirectory() + "clinicode-never-" + UUID().uuidString
        let run = try runClinicode(["build-model", "--lexicons", Self.root + "/Lexicons", "--cpt-file",
                                    Self.corpus + "/notes/pr-001-colonoscopy-biopsy.txt", "--output", model])
        #expect(run.status != 0)
        #expect(run.stderr.contains("is not a procedure code file"))
        #expect(!FileManager.default.fileExists(atPath: model))
    }
}
