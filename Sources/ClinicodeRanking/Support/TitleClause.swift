/// The words of a code title's "with" or "without" clauses, hashed as title
/// words: what a code is for ("... with gangrene") or says is absent
/// ("... severe without psychotic features").
enum TitleClause {
    /// The hashed words of every clause `opening` starts, each running to
    /// `closing` (and, when `endsAtComma`, to the next comma); empty when the
    /// title has none.
    static func words(of title: String, opening: String, closing: String, endsAtComma: Bool) -> [UInt64] {
        var clauses = ""
        var inClause = false
        for part in title.lowercased().split(separator: " ") {
            let endsWithComma = part.hasSuffix(",")
            let bare = endsWithComma ? part.dropLast() : part
            if bare == opening {
                inClause = true
            } else if bare == closing {
                inClause = false
            } else if inClause {
                clauses += " " + bare
            }
            if endsAtComma, endsWithComma { inClause = false }
        }
        guard !clauses.isEmpty else { return [] }
        var words: [UInt64] = []
        WordHash.titleWords(clauses, into: &words)
        return words
    }
}
