@testable import ClinicodeRanking
import Testing

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
