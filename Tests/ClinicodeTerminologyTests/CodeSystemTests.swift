import ClinicodeCore
import ClinicodeTerminology
import Testing

@Suite("ICD-10-CM code system")
struct CodeSystemTests {
    let terminology = TerminologyFixture.terminology

    @Test func billableCodeCountMatchesTheCodeList() {
        #expect(terminology.billableCodes(in: .icd10cm).count == 74_719)
        #expect(terminology.systems == [.icd10cm])
    }

    @Test(arguments: [
        ("E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease"),
        ("I10", "Essential (primary) hypertension"),
        ("J44.1", "Chronic obstructive pulmonary disease with (acute) exacerbation"),
        ("S52.501A", "Unspecified fracture of the lower end of right radius, initial encounter for closed fracture"),
        ("T07.XXXA", "Unspecified multiple injuries, initial encounter"),
        ("R51.9", "Headache, unspecified"),
    ])
    func titles(code: String, title: String) {
        #expect(terminology.title(of: TerminologyFixture.icd(code)) == title)
    }

    @Test func hierarchyAndBillability() throws {
        let entry = try #require(terminology.entry(for: TerminologyFixture.icd("E11.2")))
        #expect(!entry.billable)
        #expect(entry.parent == TerminologyFixture.icd("E11"))
        #expect(entry.children.map(\.code) == ["E11.21", "E11.22", "E11.29"])
        #expect(terminology.isBillable(TerminologyFixture.icd("E11.22")))
        #expect(terminology.isAncestor(TerminologyFixture.icd("E11"), of: TerminologyFixture.icd("E11.22")))
        #expect(!terminology.isAncestor(TerminologyFixture.icd("E10"), of: TerminologyFixture.icd("E11.22")))
        #expect(terminology.billableDescendants(of: TerminologyFixture.icd("E11.2")).count == 3)
    }

    @Test func seventhCharacterExpansions() throws {
        let leaf = try #require(terminology.entry(for: TerminologyFixture.icd("S52.501")))
        #expect(!leaf.billable)
        #expect(leaf.seventhCharacters.first?.character == "A")
        #expect(leaf.seventhCharacters.contains { $0.character == "S" && $0.meaning == "sequela" })
        let extended = try #require(terminology.entry(for: TerminologyFixture.icd("S52.501A")))
        #expect(extended.billable)
        #expect(extended.kind == .seventhCharacter)
        #expect(extended.seventhCharacterMeaning == "initial encounter for closed fracture")
    }

    /// Seven characters do not make an extension: Z86.0100 and C44.1021 are
    /// codes of their own, with their own titles and inclusion terms in the
    /// index; E11.3211 (the eye) and O36.5110 (the fetus) are 7th characters.
    @Test func sevenCharacterCodesAreNotAlwaysExtensions() throws {
        for code in ["Z86.0100", "C44.1021", "L98.A111"] {
            let entry = try #require(terminology.entry(for: TerminologyFixture.icd(code)))
            #expect(entry.kind == .code, "\(code)")
            #expect(entry.billable)
        }
        for code in ["E11.3211", "O36.5110"] {
            #expect(terminology.entry(for: TerminologyFixture.icd(code))?.kind == .seventhCharacter, "\(code)")
        }
        #expect(TerminologyFixture.lookup("personal history of colon polyps, unspecified").first == "Z86.0100")
    }

    @Test func excludesNotesAreInheritedFromAncestors() throws {
        let entry = try #require(terminology.entry(for: TerminologyFixture.icd("E11.22")))
        #expect(entry.excludes1Covers(TerminologyFixture.icd("E10.9")))
        #expect(!entry.excludes1Covers(TerminologyFixture.icd("I10")))
        #expect(CodeRange("N18.1-N18.9")?.contains("N18.30") == true)
        #expect(CodeRange("I10-I16")?.contains("I13.10") == true)
        #expect(CodeRange("I10-I16")?.contains("I20.9") == false)
    }

    @Test func defaultBillableCodePrefersUnspecified() {
        #expect(terminology.defaultBillableCode(for: TerminologyFixture.icd("E11"))?.code == "E11.9")
        #expect(terminology.defaultBillableCode(for: TerminologyFixture.icd("S52.50"))?.code == "S52.509A")
        #expect(terminology.defaultBillableCode(for: TerminologyFixture.icd("I50"))?.code == "I50.9")
    }

    @Test func unknownCodesHaveNoEntry() {
        #expect(terminology.entry(for: TerminologyFixture.icd("ZZZ.9")) == nil)
        #expect(terminology.entry(for: CodeReference(system: .cpt, code: "P0001")) == nil)
    }
}
