import ClinicodeCore
import ClinicodeTerminology
import Testing

/// Titles stored as a suffix of their parent's come back whole, through
/// chains of them and through a model round trip.
@Suite("Derived titles")
struct DerivedTitleTests {
    static let system = CodeSystemID(rawValue: "test-derived")

    static func terminology() throws -> Terminology {
        let source = CodeSystemSource(id: system, codes: [
            .init(code: "A1", title: "Fracture of the ulna, unspecified", billable: false, kind: .category),
            .init(code: "A1.0", title: "Fracture of the ulna, unspecified, initial encounter", billable: true, parent: "A1", kind: .seventhCharacter),
            .init(code: "A1.0Z", title: "Fracture of the ulna, unspecified, initial encounter, déjà vu", billable: true, parent: "A1.0", kind: .seventhCharacter),
            .init(code: "A1.1", title: "Not derived from its parent", billable: true, parent: "A1", kind: .seventhCharacter),
            .init(code: "A1.2", title: "Fracture of the ulna, unspecified, ", billable: true, parent: "A1", kind: .seventhCharacter),
            .init(code: "A1.3", title: "Fracture of the ulna, unspecified, x", billable: true, parent: "A1", kind: .seventhCharacter),
        ])
        return try Terminology.build(sources: [source], analyzer: TerminologyFixture.analyzer)
    }

    static let expected = [
        "A1": "Fracture of the ulna, unspecified",
        "A1.0": "Fracture of the ulna, unspecified, initial encounter",
        "A1.0Z": "Fracture of the ulna, unspecified, initial encounter, déjà vu",
        "A1.1": "Not derived from its parent",
        "A1.2": "Fracture of the ulna, unspecified, ",
        "A1.3": "Fracture of the ulna, unspecified, x",
    ]

    @Test func titlesComeBackWhole() throws {
        let terminology = try Self.terminology()
        for (code, title) in Self.expected {
            let reference = CodeReference(system: Self.system, code: code)
            #expect(terminology.title(of: reference) == title)
            let id = try #require(terminology.codeID(of: reference))
            #expect(terminology.title(ofID: id) == title)
        }
    }

    @Test func titlesSurviveTheModel() throws {
        var writer = BinaryWriter()
        try Self.terminology().encode(to: &writer)
        var builder = ModelArchiveBuilder()
        builder.add(section: Terminology.modelSection, writer.bytes)
        let archive = try ModelArchive(serialized: builder.serialized())
        var reader = try archive.section(Terminology.modelSection)
        let loaded = try Terminology(from: &reader)
        for (code, title) in Self.expected {
            #expect(loaded.title(of: CodeReference(system: Self.system, code: code)) == title)
        }
    }

    @Test func fixtureSeventhCharacterTitles() throws {
        let terminology = TerminologyFixture.terminology
        let leaf = try #require(terminology.codeID(of: TerminologyFixture.icd("S52.501")))
        for child in terminology.childIDs(ofID: leaf) {
            let title = terminology.title(ofID: child)
            #expect(title.hasPrefix(terminology.title(ofID: leaf) + ", "))
        }
    }
}
