import Foundation
import Testing

@Suite("clinicode context")
struct ContextCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let lexicons = packageRoot + "/Lexicons"

    /// Parsed JSON lines of a run's stdout.
    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(value as? [String: Any])
        }
    }

    private func line(_ fields: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func targetAssertionsInInputOrder() throws {
        let input = try [
            line(["id": "1", "text": "Patient denies fever, chills, or cough.", "target": "cough"]),
            line(["id": "2", "text": "Mother had breast cancer.", "target": "Breast Cancer"]),
            line(["id": "3", "text": "Rule out pulmonary embolism.", "target": "pulmonary embolism"]),
            line(["id": "4", "text": "h/o HTN, on lisinopril.", "target": "HTN"]),
            line(["id": "5", "text": "History of breast cancer s/p mastectomy.", "target": "breast cancer"]),
            line(["id": "6", "text": "Chest x-ray shows pneumonia.", "target": "pneumonia"]),
            line(["id": "7", "text": "Return if fever develops.", "target": "fever"]),
        ].joined(separator: "\n") + "\n"
        let result = try runClinicode(["context", "--input", "jsonl", "--lexicons", Self.lexicons], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let out = try objects(result.stdout)
        #expect(out.map { $0["id"] as? String } == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(out[0]["negation"] as? String == "negated")
        #expect(out[0]["trigger"] as? String == "denies")
        #expect(out[1]["experiencer"] as? String == "family")
        #expect(out[2]["certainty"] as? String == "possible")
        #expect(out[3]["temporality"] as? String == "historical")
        #expect(out[3]["resolved"] as? Bool == false)
        #expect(out[4]["temporality"] as? String == "historical")
        #expect(out[4]["resolved"] as? Bool == true)
        #expect(out[5]["negation"] as? String == "affirmed")
        #expect(out[5]["trigger"] is NSNull)
        #expect(out[6]["certainty"] as? String == "hypothetical")
        // Offsets are Unicode-scalar offsets into the text.
        #expect(out[1]["start"] as? Int == 11 && out[1]["end"] as? Int == 24)
    }

    @Test func badLinesGetErrorLinesAndExitStatusOne() throws {
        let input = [
            "not json",
            #"{"id": "a", "text": "No rash.", "target": "fever"}"#,
            #"{"id": "b"}"#,
            #"{"id": "c", "text": 42, "target": "x"}"#,
            String(repeating: "[", count: 100_000),
            #"{"id": "d", "text": "No rash.", "target": "rash"}"#,
        ].joined(separator: "\n") + "\n"
        let result = try runClinicode(["context", "--lexicons", Self.lexicons, "-"], stdin: input)
        #expect(result.status == 1)
        let out = try objects(result.stdout)
        #expect(out.count == 6)
        for index in 0..<5 { #expect(out[index]["error"] is String, "line \(index + 1)") }
        #expect(out[1]["id"] as? String == "a")
        #expect((out[1]["error"] as? String)?.contains("not found") == true)
        #expect(out[5]["negation"] as? String == "negated")
        #expect(result.stderr.contains("error:"))
    }

    @Test func readsAFileArgument() throws {
        let path = try temporaryNoteFile(Array(#"{"id": 7, "text": "Pneumonia: no.", "target": "pneumonia"}"#.utf8),
                                         suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["context", path, "--lexicons", Self.lexicons])
        #expect(result.status == 0)
        let out = try objects(result.stdout)
        #expect(out.first?["id"] as? String == "7")
        #expect(out.first?["negation"] as? String == "negated")
    }

    @Test func withoutTargetEveryMatchedMentionIsListed() throws {
        // A small Lexicons copy with three codes keeps the matcher build fast.
        let folder = NSTemporaryDirectory() + "clinicode-ctx-lex-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder + "/icd10cm", withIntermediateDirectories: true)
        for stage in ["text", "context", "terminology"] {
            try manager.copyItem(atPath: Self.lexicons + "/" + stage, toPath: folder + "/" + stage)
        }
        let codes = """
            ch10\tchapter\t0\t\tDiseases of the respiratory system (J00-J99)
            J09-J18\tblock\t0\tch10\tInfluenza and pneumonia (J09-J18)
            J18\tcategory\t0\tJ09-J18\tPneumonia, unspecified organism
            J18.9\tcode\t1\tJ18\tPneumonia, unspecified organism
            ch18\tchapter\t0\t\tSymptoms, signs and abnormal clinical and laboratory findings (R00-R99)
            R50-R69\tblock\t0\tch18\tGeneral symptoms and signs (R50-R69)
            R50\tcategory\t0\tR50-R69\tFever of other and unknown origin
            R50.9\tcode\t1\tR50\tFever, unspecified

            """
        try codes.write(toFile: folder + "/icd10cm/codes.tsv", atomically: true, encoding: .utf8)
        try "J18.9\tpneumonia\n".write(toFile: folder + "/icd10cm/synonyms.tsv", atomically: true, encoding: .utf8)
        for name in ["notes.tsv", "terms.tsv"] {
            try "# none\n".write(toFile: folder + "/icd10cm/" + name, atomically: true, encoding: .utf8)
        }
        let input = #"{"id": "n", "text": "Denies fever. Possible pneumonia."}"# + "\n"
        let result = try runClinicode(["context", "--lexicons", folder], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let mentions = try #require(try objects(result.stdout).first?["mentions"] as? [[String: Any]])
        let byText = Dictionary(mentions.map { ($0["text"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byText["fever"]?["negation"] as? String == "negated")
        #expect((byText["fever"]?["codes"] as? [String])?.contains("R50.9") == true)
        #expect(byText["pneumonia"]?["certainty"] as? String == "possible")
    }

    @Test func evaluatesANegexFileInPlace() throws {
        // A made-up file in the NegEx layout (never the shared corpus).
        let tsv = """
            id\tcondition\tsentence\tnegation\ttemporality\texperiencer
            1\tfever\tShe denies fever.\tNegated\tRecent\tPatient
            2\tcough\tProductive cough for two days.\tAffirmed\tRecent\tPatient
            3\tasthma\tHistory of asthma.\tAffirmed\tHistorical\tPatient
            4\tdiabetes\tHer mother had diabetes.\tAffirmed\tRecent\tFamily member

            """
        let path = try temporaryNoteFile(Array(tsv.utf8), suffix: ".tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["context", "--lexicons", Self.lexicons, "--evaluate-negex", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("rows: 4"))
        #expect(result.stdout.contains("negation accuracy: 1.0"))
        #expect(result.stdout.contains("experiencer accuracy: 1.0"))
    }

    @Test func showErrorsListsOnlyMisjudgedRows() throws {
        // Row 2 is annotated against what the cue says, so it is the one error listed.
        let tsv = """
            id\tcondition\tsentence\tnegation\ttemporality\texperiencer
            1\tfever\tShe denies fever.\tNegated\tRecent\tPatient
            2\tasthma\tHistory of asthma.\tAffirmed\tRecent\tPatient

            """
        let path = try temporaryNoteFile(Array(tsv.utf8), suffix: ".tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runClinicode(["context", "--lexicons", Self.lexicons, "--evaluate-negex", path, "--show-errors"])
        #expect(result.status == 0)
        let errors = result.stdout.split(separator: "\n").filter { $0.contains("\t") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("FP-historical\t2\tasthma\t") == true)
        #expect(errors.first?.hasSuffix("historical:History of") == true)
    }

    @Test func unknownInputFormatIsAUsageError() throws {
        let result = try runClinicode(["context", "--input", "csv", "--lexicons", Self.lexicons], stdin: "")
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
    }
}
