import ClinicodeCore
import ClinicodeTerminology
import Testing

/// A made-up flat procedure system, loaded the way a user's code file is.
@Suite("Code systems as data")
struct CodeSystemSourceTests {
    static let procedures = CodeSystemID(rawValue: "TEST-PROC")

    static func terminology() throws -> Terminology {
        let source = CodeSystemSource(
            id: procedures,
            codes: [
                .init(code: "P0001", title: "Excision of benign skin lesion", billable: true),
                .init(code: "P0002", title: "Colonoscopy with biopsy", billable: true),
            ],
            terms: [.init(code: "P0002", text: "scope of the colon with tissue sampling", kind: .synonym)])
        return try Terminology.build(sources: [source], analyzer: TerminologyFixture.analyzer, fillerWords: ["of", "the", "with"])
    }

    @Test func userSystemIsMatchedAndLookedUp() throws {
        let terminology = try Self.terminology()
        #expect(terminology.systems == [Self.procedures])
        #expect(terminology.billableCodes(in: Self.procedures).map(\.code) == ["P0001", "P0002"])
        var document = TerminologyFixture.analyzer.analyze(id: "p", text: "Colonoscopy performed with biopsy of a polyp.")
        terminology.annotate(&document)
        #expect(document.mentions.first?.codes == [CodeReference(system: Self.procedures, code: "P0002")])
        #expect(terminology.lookup("tissue sampling scope colon", analyzer: TerminologyFixture.analyzer, top: 1).first?.code.code == "P0002")
    }

    @Test func unknownCodeInTermsIsAnError() {
        let source = CodeSystemSource(
            id: Self.procedures, codes: [.init(code: "P0001", title: "Excision of lesion", billable: true)],
            terms: [.init(code: "P0404", text: "missing", kind: .synonym)])
        #expect(throws: TerminologyError.self) {
            _ = try Terminology.build(sources: [source], analyzer: TerminologyFixture.analyzer)
        }
    }
}
