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
    let pieces: [[String]]
    let piecesEndClause: [Bool]

    init(title: String) {
        let lowered = title.lowercased()
        var inClause = false
        var outside: [String] = [], inside: [String] = []
        for part in lowered.split(whereSeparator: { !$0.isLetter && $0 != "-" }) {
            if part == "without" {
                inClause = true
            } else if part == "with" {
                inClause = false
            } else if inClause {
                inside.append(String(part))
            } else {
                outside.append(String(part))
            }
        }
        (self.outside, self.inside) = (outside, inside)
        var pieces: [[String]] = [], ends: [Bool] = []
        for piece in lowered.split(separator: " ") {
            ends.append(piece.hasSuffix(","))
            pieces.append(piece.split(whereSeparator: { !$0.isLetter }).map(String.init))
        }
        (self.pieces, piecesEndClause) = (pieces, ends)
    }
}
