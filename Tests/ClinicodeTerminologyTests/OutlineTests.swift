import ClinicodeCore
import ClinicodeTerminology
import Testing

/// The quick look-ups agree with the full entry.
@Suite("Code outline")
struct OutlineTests {
    let terminology = TerminologyFixture.terminology

    @Test func outlineAgreesWithTheEntry() throws {
        for text in ["E11", "E11.22", "N18.3", "S52.501A", "E78.4"] {
            let code = CodeReference(system: .icd10cm, code: text)
            let entry = try #require(terminology.entry(for: code))
            let outline = try #require(terminology.outline(for: code))
            #expect(outline.title == entry.title)
            #expect(outline.billable == entry.billable)
            #expect(outline.parent == entry.parent)
            #expect(outline.children == entry.children)
            #expect(terminology.excludes1Notes(for: code) == entry.excludes1)
        }
        #expect(terminology.outline(for: CodeReference(system: .icd10cm, code: "Q99.99X")) == nil)
        #expect(terminology.excludes1Notes(for: CodeReference(system: .icd10cm, code: "Q99.99X")).isEmpty)
    }
}
