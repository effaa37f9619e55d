import ClinicodeCore
import ClinicodeText
import Foundation
import Testing

@Suite("Text rules")
struct TextRulesTests {
    @Test func lexiconsLoad() {
        #expect(sharedRules.sectionHeaderCount >= 150)
        #expect(sharedRules.spellingRuleCount >= 100)
    }

    @Test func encodeDecodeRoundTrip() throws {
        var writer = BinaryWriter()
        sharedRules.encode(to: &writer)
        var builder = ModelArchiveBuilder()
        builder.add(section: "text", writer.bytes)
        let archive = try ModelArchive(serialized: builder.serialized())
        var reader = try archive.section("text")
        let decoded = try TextRules(from: &reader)
        #expect(decoded == sharedRules)
        #expect(reader.isAtEnd)
        // The decoded rules analyse exactly like the parsed ones.
        let text = SegmentationTests.note
        let a = analyzer.analyze(id: "a", text: text), b = TextAnalyzer(rules: decoded).analyze(id: "a", text: text)
        #expect(a.tokens == b.tokens)
        #expect(a.sentences == b.sentences)
        #expect(a.sections == b.sections)
    }

    @Test func truncatedRulesThrow() throws {
        var writer = BinaryWriter()
        sharedRules.encode(to: &writer)
        var builder = ModelArchiveBuilder()
        builder.add(section: "text", Array(writer.bytes.dropLast(3)))
        var reader = try ModelArchive(serialized: builder.serialized()).section("text")
        #expect(throws: ModelError.self) { try TextRules(from: &reader) }
    }

    private func lexicons(
        sections: String, spelling: String = "", abbreviations: String = "", continuations: String = "", lineSections: String = "",
        atrialWords: String = ""
    ) throws -> String {
        let root = NSTemporaryDirectory() + "clinicode-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/text", withIntermediateDirectories: true)
        try sections.write(toFile: root + "/text/sections.tsv", atomically: true, encoding: .utf8)
        try spelling.write(toFile: root + "/text/spelling-variants.tsv", atomically: true, encoding: .utf8)
        try abbreviations.write(toFile: root + "/text/abbreviations-with-periods.txt", atomically: true, encoding: .utf8)
        try continuations.write(toFile: root + "/text/line-continuation-words.txt", atomically: true, encoding: .utf8)
        try lineSections.write(toFile: root + "/text/line-sections.txt", atomically: true, encoding: .utf8)
        try atrialWords.write(toFile: root + "/text/atrial-a-words.txt", atomically: true, encoding: .utf8)
        return root
    }

    @Test func malformedRowsNameFileAndLine() throws {
        let badSection = try lexicons(sections: "# comment\nHPI\thistory_of_present_illness\nPMH\n")
        defer { try? FileManager.default.removeItem(atPath: badSection) }
        #expect(throws: DataFileError.malformed(source: badSection + "/text/sections.tsv", line: 3,
                                                reason: "expected 'header<TAB>section_kind'")) {
            try TextRules(lexiconsDirectory: badSection)
        }
        let badSpelling = try lexicons(sections: "HPI\thpi\n", spelling: "tumour\ttumor\tinfix\n")
        defer { try? FileManager.default.removeItem(atPath: badSpelling) }
        #expect(throws: DataFileError.self) { try TextRules(lexiconsDirectory: badSpelling) }
        let badAbbreviation = try lexicons(sections: "HPI\thpi\n", abbreviations: "dr\n")
        defer { try? FileManager.default.removeItem(atPath: badAbbreviation) }
        #expect(throws: DataFileError.self) { try TextRules(lexiconsDirectory: badAbbreviation) }
        // A line section must be a kind some header names (a typo would silently do nothing).
        let badLineSection = try lexicons(sections: "FH\tfamily_history\n", lineSections: "family_histroy\n")
        defer { try? FileManager.default.removeItem(atPath: badLineSection) }
        #expect(throws: DataFileError.malformed(source: badLineSection + "/text/line-sections.txt", line: 1,
                                                reason: "section kind 'family_histroy' is named by no header in sections.tsv")) {
            try TextRules(lexiconsDirectory: badLineSection)
        }
        let badAtrial = try lexicons(sections: "HPI\thpi\n", atrialWords: "fib\na-fib\n")
        defer { try? FileManager.default.removeItem(atPath: badAtrial) }
        #expect(throws: DataFileError.malformed(source: badAtrial + "/text/atrial-a-words.txt", line: 2,
                                                reason: "'a-fib' must be ASCII letters only")) {
            try TextRules(lexiconsDirectory: badAtrial)
        }
        #expect(throws: DataFileError.unreadable(path: "/nonexistent/text/sections.tsv")) {
            try TextRules(lexiconsDirectory: "/nonexistent")
        }
    }

    @Test func customRulesApply() throws {
        let root = try lexicons(sections: "Befund\tphysical_exam\n", spelling: "colour\tcolor\nxx\tyy\tprefix\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let custom = TextAnalyzer(rules: try TextRules(lexiconsDirectory: root))
        #expect(custom.normalize("Colours") == "colors")
        #expect(custom.normalize("xxabc") == "yyabc")
        #expect(custom.analyze(id: "c", text: "BEFUND\nok").sections.map(\.kind) == [.physicalExam])
        // With no line sections listed, a family-history line heads everything after it.
        let plain = try lexicons(sections: "FH\tfamily_history\n")
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let lined = try lexicons(sections: "FH\tfamily_history\n", lineSections: "family_history\n")
        defer { try? FileManager.default.removeItem(atPath: lined) }
        let text = "FH: uncle with ALS.\nExam: normal."
        #expect(TextAnalyzer(rules: try TextRules(lexiconsDirectory: plain)).analyze(id: "p", text: text).sections.map(\.kind) == [.familyHistory])
        #expect(TextAnalyzer(rules: try TextRules(lexiconsDirectory: lined)).analyze(id: "l", text: text).sections.map(\.kind)
            == [.familyHistory, .none])
    }

    /// `atrial-a-words.txt` decides after which words a capital A is "atrial"
    /// (kept `a`, read with the next word) rather than a letter name.
    @Test func atrialWordsComeFromTheLexicon() throws {
        let none = try lexicons(sections: "HPI\thpi\n")
        defer { try? FileManager.default.removeItem(atPath: none) }
        let fibOnly = try lexicons(sections: "HPI\thpi\n", atrialWords: "# atrial\nFib\n")
        defer { try? FileManager.default.removeItem(atPath: fibOnly) }
        let text = "She had A fib and A flutter."
        func forms(_ root: String) throws -> [String] {
            TextAnalyzer(rules: try TextRules(lexiconsDirectory: root)).analyze(id: "a", text: text).tokens.map(\.normalized)
        }
        #expect(try forms(none) == ["she", "had", "A", "fib", "and", "A", "flutter", "."])
        #expect(try forms(fibOnly) == ["she", "had", "a", "fib", "and", "A", "flutter", "."])
        // The shipped lexicon lists both.
        #expect(analyzer.analyze(id: "a", text: text).tokens.map(\.normalized) == ["she", "had", "a", "fib", "and", "a", "flutter", "."])
    }
}
