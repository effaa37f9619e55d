@testable import ClinicodeRanking
import Testing

/// `CodePattern` reads ASCII pattern text on its bytes; the answer must be
/// that of the general (Unicode-aware) reading for every text.
@Suite struct CodePatternParsingTests {
    static let texts = [
        "C50", "N39.0", "C", "C15-C26", "n18.5-n18.6", " C50 , D05 ", "\tI10\t,I11", "C50,,D05", ",C50,",
        "", " ", ",", "C50, ", "C-", "-C", "C15-C26-C30", "1C", "C50!", "c50x", "Z79.0-z79.9, E11",
        "A--B", "A - B", "é50", "C50,é", "C\u{00A0}", "C50\r\nD05", "ΑB", "  ,  ", "A.B.C", "Z68.41-Z68.45",
    ]

    @Test func asciiReadingAgreesWithTheGeneralOne() {
        for text in Self.texts {
            let general = CodePattern.unicodeParts(text)
            guard let ascii = CodePattern.asciiParts(text) else {
                // Not ASCII: only the general reading applies.
                #expect(text.utf8.contains { $0 >= 0x80 }, "\(text)")
                continue
            }
            #expect(ascii?.parts == general?.parts, "\(text)")
            #expect(ascii?.specificity == general?.specificity, "\(text)")
        }
    }

    @Test func parsedPatternsMatchAsBefore() {
        let pattern = CodePattern(" c15-C26, n39.0 ")
        #expect(pattern?.matches("C18.9") == true)
        #expect(pattern?.matches("N39.0") == true)
        #expect(pattern?.matches("C27") == false)
        #expect(pattern?.specificity == 5)
        #expect(CodePattern("C50,") != nil)
        #expect(CodePattern("C50, ") == nil)
    }
}
