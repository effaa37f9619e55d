import ClinicodeCore
import ClinicodeProcedures
import Testing

@Suite("The more complete description wins")
struct ProcedureRankingTests {
    /// Descriptors of the synthetic codes, read with the repository's analyzer and rules.
    let descriptors: [String: ProcedureDescriptor] = {
        let (source, _) = try! ProcedureCodeFile.load(path: syntheticFile)
        var result: [String: ProcedureDescriptor] = [:]
        for code in source.codes {
            result[code.code] = ProcedureDescriptor(
                code: CodeReference(system: .cpt, code: code.code), title: code.title, analyzer: analyzer, rules: procedureRules)
        }
        return result
    }()

    var qualifierStems: [String: String] {
        Dictionary(procedureRules.qualifiers.map { (ProcedureDescriptor.stem($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    func winners(_ codes: [String], in sentence: String) -> [String] {
        let document = analyzer.analyze(id: "t", text: sentence)
        let words = ProcedureDescriptor.sentenceWords(0, in: document)
        return ProcedureRanking.preferMostComplete(codes.map { descriptors[$0]! }, sentenceWords: words,
                                                   qualifierGroups: qualifierStems).map(\.code)
    }

    @Test("colonoscopy with biopsy beats colonoscopy")
    func biopsy() {
        #expect(winners(["P0001", "P0002", "P0004"], in: "Colonoscopy with cold forceps biopsies.") == ["P0002"])
    }

    @Test("a bare colonoscopy is a tie the completeness rule leaves open")
    func bare() {
        #expect(winners(["P0001", "P0002", "P0004"], in: "First colonoscopy.") == ["P0001", "P0002", "P0004"])
    }

    @Test("a code asking for more than the sentence says loses to the one that fits")
    func medialOnly() {
        #expect(winners(["P0009", "P0008"], in: "Right knee arthroscopy with partial medial meniscectomy.") == ["P0008"])
        #expect(winners(["P0008", "P0009"], in: "Arthroscopic medial and lateral meniscectomy of the knee.") == ["P0009"])
    }

    @Test("approach words favour codes that include them", arguments: [
        ("Laparoscopic appendectomy.", "P0041"),
        ("Open appendectomy through a RLQ incision.", "P0042"),
        ("Closed treatment of the distal radius fracture.", "P0025"),
    ])
    func approach(sentence: String, expected: String) {
        let candidates = sentence.contains("radius") ? ["P0027", "P0025"] : ["P0042", "P0041"]
        #expect(winners(candidates, in: sentence).first == expected)
        #expect(winners(candidates, in: sentence).count == 1)
    }

    @Test("distinct services evidenced by different words both survive")
    func distinctServices() {
        let sentence = "Esophagogastroduodenoscopy with control of bleeding by epinephrine injection and gastric biopsies."
        #expect(Set(winners(["P0005", "P0006", "P0007"], in: sentence)) == ["P0006", "P0007"])
    }

    @Test("stems meet plural and derived forms")
    func stems() {
        #expect(ProcedureDescriptor.stem("biopsies") == ProcedureDescriptor.stem("biopsy"))
        #expect(ProcedureDescriptor.stem("laparoscopic") == ProcedureDescriptor.stem("laparoscopy"))
        #expect(ProcedureDescriptor.stem("arthroscopy") != ProcedureDescriptor.stem("arthroplasty"))
    }
}
