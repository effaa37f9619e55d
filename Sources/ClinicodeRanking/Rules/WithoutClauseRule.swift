import ClinicodeCore

/// "Acute appendicitis without perforation" must not support a code whose
/// title has the perforation ("... with perforation ..."): the matcher may
/// skip "without" inside a mention, as it skips other words between a
/// term's words. "With" and "without" are the classification's own words
/// (Guidelines I.A.15), so the rule reads them, not a lexicon.
enum WithoutClauseRule {
    /// Words of a mention that follow "without" (up to "with" or the end):
    /// the findings the mention denies. Empty for most mentions.
    static func deniedWords(of mention: Mention, in document: Document) -> [String] {
        guard mention.tokens.count > 2 else { return [] }
        var denied: [String] = []
        var inClause = false
        for index in mention.tokens where index < document.tokens.count {
            let word = document.tokens[index].normalized
            if word == "without" || word == "w/o" {
                inClause = true
            } else if word == "with" || word == "w/" {
                inClause = false
            } else if inClause, word.utf8.count >= 4 {
                denied.append(word)
            }
        }
        return denied
    }

    /// Whether a title names one of the denied findings outside its own
    /// "without" clause (K35.32 "... with perforation ..., without abscess").
    static func contradicts(title: String, denied: [String]) -> Bool {
        guard !denied.isEmpty else { return false }
        var inClause = false
        for part in title.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }) {
            if part == "without" {
                inClause = true
            } else if part == "with" {
                inClause = false
            } else if !inClause, denied.contains(where: { sameStem(String(part), $0) }) {
                return true
            }
        }
        return false
    }

    /// Whether two words share their first six letters (perforation, perforated)
    /// or are equal.
    private static func sameStem(_ a: String, _ b: String) -> Bool {
        guard a.count >= 4, b.count >= 4 else { return a == b }
        return a.prefix(6) == b.prefix(6)
    }
}
