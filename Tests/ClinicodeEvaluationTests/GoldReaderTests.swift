import Testing
import ClinicodeEvaluation

@Suite struct GoldReaderTests {
    @Test func reportsEachMalformedLineWithItsNumber() throws {
        let gold = try GoldStandard(path: Fixtures.path("gold-malformed.tsv"))
        #expect(gold.malformed.map(\.line) == [3, 4, 5, 6, 7, 11])
        #expect(gold.documents == ["n1", "n4"])
        #expect(gold.codes["n1"] == ["A010"])
        #expect(gold.codes["n4"] == ["D041"])
    }

    @Test func headerIsSkippedOnlyOnTheFirstDataLine() {
        let gold = GoldStandard(text: "# comment\ndoc\tcode\nd1\tA1\nd2\tcode\n")
        #expect(gold.documents == ["d1"])
        #expect(gold.malformed.map(\.line) == [4])
    }

    @Test func readsCodiEspLayoutCaseAndDotInsensitively() {
        let gold = GoldStandard(text: "S1\tq62.11\r\nS1\tQ6211\nS1\tn28.89\nS2\tN39.0\n")
        #expect(gold.documents == ["S1", "S2"])
        #expect(gold.codes["S1"] == ["Q6211", "N2889"])
        #expect(gold.duplicateLines == 1)
        #expect(gold.codeCount == 3)
    }

    @Test func garbageNeverCrashes() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x09, 0x41, 0x0A, 0x09, 0x09, 0x0A, 0xC3, 0x28, 0x09, 0x31]
        let gold = GoldStandard(text: String(decoding: bytes, as: UTF8.self))
        #expect(gold.malformed.count + gold.documents.count >= 1)
    }

    @Test func missingFileThrowsACleanError() {
        #expect(throws: EvaluationInputError.unreadable(path: "/nonexistent/gold.tsv")) {
            try GoldStandard(path: "/nonexistent/gold.tsv")
        }
    }
}
