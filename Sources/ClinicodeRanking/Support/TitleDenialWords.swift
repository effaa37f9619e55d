/// A code title's lower-cased words as `WithoutClauseRule` compares them with
/// what a note denies, read once per node: the rule asks them of a code for
/// every mention and retrieval hit whose sentence says "without" or "not",
/// and lower-casing and splitting the title each time was most of its cost.
final class TitleDenialWords: Sendable {
    /// Words (letters and hyphens) outside the title's "without" clauses.
    let outside: [String]
    /// Words inside them.
    let inside: [String]
    /// The title's space-separated pieces, each as its words of letters only,
    /// and whether the piece ends a clause (ends with a comma).
    let pieces: [(words: [String], endsClause: Bool)]

    init(title: String) {
        let bytes = Array(title.utf8)
        // An ASCII title (nearly all) is read over its bytes: its letters are
        // A-Z and a-z, lower-cased by one addition, where `Character.isLetter`
        // looked up Unicode properties for every character.
        let words = bytes.allSatisfy { $0 < 0x80 } ? Self.words(ascii: bytes) : Self.words(title)
        (outside, inside) = Self.clauses(words.hyphenated)
        pieces = words.pieces
    }

    private typealias Words = (hyphenated: [String], pieces: [(words: [String], endsClause: Bool)])

    /// Words outside and inside the "without" clauses of a title's words.
    private static func clauses(_ words: [String]) -> (outside: [String], inside: [String]) {
        var inClause = false
        var outside: [String] = [], inside: [String] = []
        for part in words {
            if part == "without" {
                inClause = true
            } else if part == "with" {
                inClause = false
            } else if inClause {
                inside.append(part)
            } else {
                outside.append(part)
            }
        }
        return (outside, inside)
    }

    /// The lowered title's runs of letters and hyphens, and its pieces' runs of letters.
    private static func words(_ title: String) -> Words {
        let lowered = title.lowercased()
        let hyphenated = lowered.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        let pieces = lowered.split(separator: " ").map { piece in
            (words: piece.split(whereSeparator: { !$0.isLetter }).map(String.init), endsClause: piece.hasSuffix(","))
        }
        return (hyphenated, pieces)
    }

    /// `words(_:)` for an ASCII title's bytes.
    private static func words(ascii bytes: [UInt8]) -> Words {
        let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        func isLetter(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        // The runs of `lowered[range]` whose bytes pass `keep`.
        func runs(_ range: Range<Int>, _ keep: (UInt8) -> Bool) -> [String] {
            var result: [String] = []
            var index = range.lowerBound
            while index < range.upperBound {
                guard keep(lowered[index]) else { index += 1; continue }
                let start = index
                while index < range.upperBound, keep(lowered[index]) { index += 1 }
                result.append(String(decoding: lowered[start..<index], as: UTF8.self))
            }
            return result
        }
        let hyphenated = runs(0..<lowered.count) { isLetter($0) || $0 == UInt8(ascii: "-") }
        var pieces: [(words: [String], endsClause: Bool)] = []
        var index = 0
        while index < lowered.count {
            guard lowered[index] != UInt8(ascii: " ") else { index += 1; continue }
            let start = index
            while index < lowered.count, lowered[index] != UInt8(ascii: " ") { index += 1 }
            pieces.append((runs(start..<index, isLetter), lowered[index - 1] == UInt8(ascii: ",")))
        }
        return (hyphenated, pieces)
    }
}
