import ClinicodeCore
import ClinicodeProcedures
import Foundation
import Testing

@Suite("Procedure code file loading")
struct ProcedureCodeFileTests {
    @Test("the synthetic file with its header loads all 60 codes with no issue")
    func withHeader() throws {
        let (source, issues) = try ProcedureCodeFile.load(path: syntheticFile)
        #expect(issues.isEmpty)
        #expect(source.id == .cpt)
        #expect(source.codes.count == 60)
        #expect(source.codes.first?.code == "P0001")
        #expect(source.codes.first?.title.hasPrefix("Colonoscopy, flexible; diagnostic") == true)
        #expect(source.codes.allSatisfy { $0.billable && $0.parent == nil && $0.kind == .code })
        #expect(source.terms.allSatisfy { $0.kind == .synonym })
        let plain = try ProcedureCodeFile.load(path: syntheticFile, deriveTerms: false).source
        #expect(plain.terms.isEmpty)
        #expect(plain.codes == source.codes)
    }

    @Test("shorter wordings are derived from the descriptor convention")
    func derivedTerms() throws {
        let (source, _) = try ProcedureCodeFile.load(path: syntheticFile)
        func terms(_ code: String) -> Set<String> { Set(source.terms.filter { $0.code == code }.map(\.text)) }
        #expect(terms("P0001").contains("Colonoscopy"))           // a head shared by a family
        #expect(terms("P0002").contains("Colonoscopy with biopsy"))
        #expect(terms("P0039").contains("Percutaneous coronary intervention"))
        #expect(terms("P0057").contains("Tetanus Tdap"))          // a gloss with the head
        #expect(terms("P0017").contains("actinic keratoses cryotherapy"))  // an "e.g." example with the method
        #expect(!terms("P0046").contains("Injection"))            // a one-word head of a single code
        #expect(terms("P0003").isEmpty)                            // the title is already short
    }

    @Test("the same rows without a header load the same codes, under a chosen system name")
    func withoutHeader() throws {
        let body = readText(syntheticFile).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let path = writeTemporary("no-header.tsv", body)
        let system = CodeSystemID(rawValue: "SYNTH")
        let (source, issues) = try ProcedureCodeFile.load(path: path, system: system)
        let (reference, _) = try ProcedureCodeFile.load(path: syntheticFile)
        #expect(issues.isEmpty)
        #expect(source.id == system)
        #expect(source.codes == reference.codes)
    }

    @Test("the AMA layout takes the longest descriptor as title and the others as synonyms")
    func amaLayout() throws {
        let (source, issues) = try ProcedureCodeFile.load(path: amaLayoutFile, deriveTerms: false)
        #expect(issues.isEmpty)
        #expect(source.codes.count == 60)
        let first = try #require(source.codes.first { $0.code == "P0002" })
        #expect(first.title == "Colonoscopy, flexible; with biopsy, single or multiple")
        let synonyms = Set(source.terms.filter { $0.code == "P0002" }.map(\.text))
        #expect(synonyms.contains("Colonoscopy with biopsy"))
        #expect(synonyms.contains("COLONOSCOPY W BX"))
        #expect(source.terms.allSatisfy { $0.kind == .synonym })
        // P0003's long and medium descriptors are equal: no duplicate synonym.
        #expect(source.terms.filter { $0.code == "P0003" }.map(\.text) == ["LAP CHOLECYSTECTOMY"])
    }

    @Test("bad rows are skipped and reported with their line numbers")
    func badRows() throws {
        var lines = readText(syntheticFile).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[3] = "P0003"                       // line 4: no descriptor
        lines[10] = "not a code\tsome words"     // line 11: bad code
        lines[20] = "P00!9\tBiopsy of skin"      // line 21: bad characters
        let path = writeTemporary("bad-rows.tsv", lines.joined(separator: "\n"))
        let (source, issues) = try ProcedureCodeFile.load(path: path)
        #expect(source.codes.count == 57)
        #expect(issues.map(\.line) == [4, 11, 21])
        #expect(issues.first?.reason.contains("no descriptor") == true)
        #expect(issues.dropFirst().first?.description.hasPrefix(path + ":11: ") == true)
        #expect(!source.codes.contains { $0.code == "P0003" })
    }

    @Test("repeated codes add their new wording as synonyms; exact repeats are reported")
    func repeatedCodes() throws {
        let path = writeTemporary("repeat.tsv", "P0001\tFirst wording\nP0001\tSecond wording\nP0001\tFirst wording\nP0002\tOther\n")
        let (source, issues) = try ProcedureCodeFile.load(path: path, deriveTerms: false)
        #expect(source.codes.map(\.code) == ["P0001", "P0002"])
        #expect(source.terms.map(\.text) == ["Second wording"])
        #expect(issues.map(\.line) == [3])
    }

    @Test("the fixed layout code<space>descriptor is read too")
    func fixedLayout() throws {
        let body = readText(syntheticFile).split(separator: "\n").dropFirst()
            .map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\r\n")
        let path = writeTemporary("fixed.txt", body)
        let (source, issues) = try ProcedureCodeFile.load(path: path)
        #expect(issues.isEmpty)
        #expect(source.codes.count == 60)
        #expect(source.codes.dropFirst(2).first?.title == "Laparoscopic cholecystectomy")
    }

    @Test("a header naming its columns picks the code column and ignores identifier columns")
    func namedColumns() throws {
        let path = writeTemporary(
            "named.tsv", "Concept Id\tCode\tDescriptor\n1000001\tP0001\tColonoscopy, diagnostic\n1000002\tP0002\tColonoscopy with biopsy\n")
        let (source, issues) = try ProcedureCodeFile.load(path: path, deriveTerms: false)
        #expect(issues.isEmpty)
        #expect(source.codes.map(\.code) == ["P0001", "P0002"])
        #expect(source.terms.isEmpty)
    }

    @Test("files that are not code files are rejected with a clear error", arguments: [
        "note", "json", "binary", "empty", "mostly-bad", "header-only",
    ])
    func rejected(kind: String) throws {
        let path: String
        switch kind {
        case "note": path = proceduresCorpus + "/notes/pr-001-colonoscopy-biopsy.txt"
        case "json": path = writeTemporary("codes.json", "{\"P0001\": \"Colonoscopy\"}\n")
        case "binary":
            path = writeTemporary("codes.bin", bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00] + Array(repeating: 0, count: 64))
        case "empty": path = writeTemporary("empty.tsv", "\n\n")
        case "mostly-bad": path = writeTemporary("bad.tsv", "P0001\tColonoscopy\nhello world\nthis is\tnot\nalso not\n")
        default: path = writeTemporary("header.tsv", "code\tdescription\n")
        }
        do {
            _ = try ProcedureCodeFile.load(path: path)
            Issue.record("\(kind) file was accepted")
        } catch let error as ProcedureFileError {
            guard case let .notACodeFile(errorPath, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(!reason.isEmpty)
            #expect(error.description.contains("is not a procedure code file"))
        }
    }

    @Test("a missing file is unreadable")
    func missing() {
        #expect(throws: ProcedureFileError.unreadable(path: "/nonexistent/codes.tsv")) {
            try ProcedureCodeFile.load(path: "/nonexistent/codes.tsv")
        }
    }

    @Test("code shapes: 4-7 letters and digits with a digit")
    func codeShapes() {
        for good in ["P0001", "00000", "0000Z", "Z1234", "P001", "ABC1234"] { #expect(ProcedureCodeFile.isValidCode(good), "\(good)") }
        for bad in ["", "P01", "PROCEDURE", "ABCDE", "P0001.1", "P 001", "P00001234", "Ré001"] {
            #expect(!ProcedureCodeFile.isValidCode(bad), "\(bad)")
        }
    }
}

@Suite("User synonym files")
struct SynonymFileTests {
    @Test("the corpus synonym file loads 32 pairs past its header")
    func load() throws {
        let synonyms = try SynonymFile.load(path: synonymsFile)
        #expect(synonyms.count == 32)
        #expect(synonyms.first?.code == "P0003")
        #expect(synonyms.first?.synonym == "lap chole")
    }

    @Test("merging adds synonym terms, skips repeats and reports unknown codes")
    func merge() throws {
        let (source, _) = try ProcedureCodeFile.load(path: syntheticFile, deriveTerms: false)
        let synonyms = try SynonymFile.load(path: synonymsFile) + [("P0003", "Lap Chole"), ("P9999", "made up")]
        let (merged, issues) = source.addingSynonyms(synonyms)
        #expect(merged.terms.count == 32)
        #expect(merged.terms.allSatisfy { $0.kind == .synonym })
        #expect(merged.terms.contains { $0.code == "P0005" && $0.text == "EGD" })
        #expect(issues.count == 1)
        #expect(issues.first?.reason.contains("P9999") == true)
        #expect(merged.codes == source.codes)
    }

    @Test("a file of bad rows is rejected; single bad rows are reported")
    func badRows() throws {
        let path = writeTemporary("syn.tsv", "code\tsynonym\nP0001\tscope\nP0002\n")
        let (synonyms, issues) = try SynonymFile.read(path: path)
        #expect(synonyms.count == 1)
        #expect(issues.map(\.line) == [3])
        let junk = writeTemporary("junk.tsv", "just some words\nmore words\n")
        #expect(throws: ProcedureFileError.self) { try SynonymFile.load(path: junk) }
    }
}
