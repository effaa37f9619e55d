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

/// `WordSet.removing` deletes in place; every other word must stay a member.
@Suite struct WordSetRemovalTests {
    @Test func removingKeepsExactlyTheOtherWords() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            // Small tables and clustered hashes make long probe chains that wrap around.
            let size = 1 + round % 40
            let universe = (0..<(size * 2)).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) >> (round % 3 == 0 ? 60 : 0) }
            var set = WordSet(capacity: round % 5)
            var expected = Set<UInt64>()
            for word in universe.prefix(size) {
                set.insert(word)
                expected.insert(word)
            }
            let removed = Array(universe.shuffled().prefix(round % 7 + 1))
            let result = set.removing(removed)
            let kept = expected.subtracting(removed)
            #expect(result.count == kept.count)
            for word in universe { #expect(result.contains(word) == kept.contains(word)) }
            // The original is unchanged.
            for word in universe { #expect(set.contains(word) == expected.contains(word)) }
        }
    }
}
