import ClinicodeCore
import ClinicodeTerminology
import Testing

@Suite("Terminology model section")
struct ModelEncodingTests {
    @Test func roundTripKeepsCodesAndMatching() throws {
        let original = TerminologyFixture.terminology
        var writer = BinaryWriter()
        original.encode(to: &writer)
        var builder = ModelArchiveBuilder()
        builder.add(section: Terminology.modelSection, writer.bytes)
        let archive = try ModelArchive(serialized: builder.serialized())
        var reader = try archive.section(Terminology.modelSection)
        let loaded = try Terminology(from: &reader)
        #expect(loaded.codeCount == original.codeCount)
        #expect(loaded.termCount == original.termCount)
        #expect(loaded.entry(for: TerminologyFixture.icd("S52.501A")) == original.entry(for: TerminologyFixture.icd("S52.501A")))
        let phrase = "left distal radius fracture, initial encounter"
        #expect(loaded.lookup(phrase, analyzer: TerminologyFixture.analyzer, top: 5)
            == original.lookup(phrase, analyzer: TerminologyFixture.analyzer, top: 5))
        var document = TerminologyFixture.analyzer.analyze(id: "n", text: "PE on CTA, on heparin. HTN. Left femoral fracture.")
        var copy = document
        original.annotate(&document)
        loaded.annotate(&copy)
        #expect(document.mentions == copy.mentions)
    }

    @Test func loadedTablesOutliveTheArchive() throws {
        var writer = BinaryWriter()
        TerminologyFixture.terminology.encode(to: &writer)
        var builder = ModelArchiveBuilder()
        builder.add(section: Terminology.modelSection, writer.bytes)
        // The archive and its reader go out of scope here: the tables, read in
        // place, must keep the bytes they view alive.
        let loaded = try {
            var reader = try ModelArchive(serialized: builder.serialized()).section(Terminology.modelSection)
            return try Terminology(from: &reader)
        }()
        let phrase = "left distal radius fracture, initial encounter"
        #expect(loaded.lookup(phrase, analyzer: TerminologyFixture.analyzer, top: 5)
            == TerminologyFixture.terminology.lookup(phrase, analyzer: TerminologyFixture.analyzer, top: 5))
        #expect(loaded.entry(for: TerminologyFixture.icd("S52.501A")) != nil)
    }

    @Test func corruptSectionsThrow() {
        var writer = BinaryWriter()
        TerminologyFixture.terminology.encode(to: &writer)
        for cut in [0, 3, 40, writer.bytes.count / 2, writer.bytes.count - 1] {
            let bytes = Array(writer.bytes.prefix(cut))
            #expect(throws: (any Error).self) {
                var builder = ModelArchiveBuilder()
                builder.add(section: Terminology.modelSection, bytes)
                var reader = try ModelArchive(serialized: builder.serialized()).section(Terminology.modelSection)
                _ = try Terminology(from: &reader)
            }
        }
    }
}
