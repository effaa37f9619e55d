import ClinicodeCore

/// "Acute appendicitis without perforation" must not support a code whose
/// title has the perforation ("... with perforation ..."): the matcher may
/// skip "without" inside a mention, as it skips other words between a
/// term's words. "With" and "without" are the classification's own words
/// (Guidelines I.A.15), so the rule reads them, not a lexicon.
enum WithoutClauseRule {
    /// Words of a mention that follow "without" (up to "with", the end, or a
    /// comma that ends the clause): the findings the mention denies. Empty for
    /// most mentions.
    static func deniedWords(of mention: MentionPlace, in document: Document) -> [String] {
        guard mention.tokens.count > 2 else { return [] }
        return deniedWords(in: mention.tokens, of: document)
    }

    /// `deniedWords(of:in:)` over a stretch of tokens (a sentence, for loose retrieval).
    static func deniedWords(in tokens: Range<Int>, of document: Document) -> [String] {
        if !mayOpenClause(in: tokens, of: document) { return [] }
        var denied: [String] = []
        var inClause = false
        for index in tokens where index < document.tokens.count {
            // Most words start with another letter and stand outside any clause:
            // one byte read (no copy of the word, no string comparison).
            let startsWithW = Self.firstByte(of: document.tokens, at: index) == UInt8(ascii: "w")
            if !startsWithW, !inClause { continue }
            let word = document.tokens[index].normalized
            if startsWithW, word == "without" || word == "w/o" {
                inClause = true
            } else if startsWithW, word == "with" || word == "w/" {
                inClause = false
            } else if !inClause {
                continue
            } else if document.tokens[index].kind == .punctuation, word != "/" {
                // "Without perforation, abscess or gangrene" lists on; "without coma,
                // type 1 diabetes" names the diabetes again, which is no denial.
                inClause = continuesList(after: index, in: tokens, of: document)
            } else if word.utf8.count >= 4 {
                denied.append(word)
            }
        }
        return denied
    }

    private static let withoutHash = WordHash.hash("without", namespace: WordHash.word)
    private static let withoutAbbreviationHash = WordHash.hash("w/o", namespace: WordHash.word)

    /// Whether a token of the stretch may be "without" or "w/o" (no clause
    /// opens otherwise). With the matcher's word hashes, one word a token is
    /// compared, in a dense array, instead of each token's word read; a token
    /// with no hash (not a word or number) is asked by its first byte.
    private static func mayOpenClause(in tokens: Range<Int>, of document: Document) -> Bool {
        let count = document.tokens.count
        guard document.wordHashes.count == count else { return true }
        let (without, abbreviation) = (withoutHash, withoutAbbreviationHash)
        // The stretch cut to the note once, not each index tested against its end.
        let upper = min(tokens.upperBound, count)
        guard tokens.lowerBound < upper else { return false }
        return document.wordHashes.withUnsafeBufferPointer { hashes in
            for index in tokens.lowerBound..<upper {
                let hash = hashes[index]
                if hash == without || hash == abbreviation { return true }
                if hash == 0, firstByte(of: document.tokens, at: index) == UInt8(ascii: "w") { return true }
            }
            return false
        }
    }

    /// The first UTF-8 byte of token `index`'s normalised word (0 for none),
    /// read in place.
    @inline(__always)
    private static func firstByte(of tokens: [Token], at index: Int) -> UInt8 {
        tokens.withUnsafeBufferPointer { tokens in tokens[index].normalized.utf8.first ?? 0 }
    }

    /// Whether an "or", "and" or "nor" follows the punctuation at `index` within
    /// the mention's tokens: the clause is a list that goes on past it.
    private static func continuesList(after index: Int, in tokens: Range<Int>, of document: Document) -> Bool {
        for next in (index + 1)..<min(tokens.upperBound, document.tokens.count) {
            let word = document.tokens[next].normalized
            if word == "or" || word == "and" || word == "nor" { return true }
            if word == "with" || word == "w/" { return false }
        }
        return false
    }

    /// Words of a mention that a "not" or "no" denies: the first word of four
    /// letters or more within two words after it ("migraine, not intractable",
    /// "not in remission", "hepatitis, no ascites"), and the rest of a "non-" word
    /// ("non-intractable"). The matcher skips "not" as classification boilerplate
    /// (and "with" as a function word), so "not intractable" would otherwise
    /// support the "intractable" code as well as its sibling.
    static func notDeniedWords(of mention: MentionPlace, in document: Document) -> [String] {
        guard mention.tokens.count > 1 else { return [] }
        return notDeniedWords(in: mention.tokens, of: document)
    }

    /// `notDeniedWords(of:in:)` over a stretch of tokens (a sentence, for loose retrieval).
    static func notDeniedWords(in tokens: Range<Int>, of document: Document) -> [String] {
        var denied: [String] = []
        var reach = 0
        for index in tokens where index < document.tokens.count {
            // Most words start with no "n" and stand beyond any "not": one byte read.
            let startsWithN = Self.firstByte(of: document.tokens, at: index) == UInt8(ascii: "n")
            if !startsWithN, reach == 0 { continue }
            let word = document.tokens[index].normalized
            if startsWithN, word == "not" || word == "no" {
                reach = 2
            } else if startsWithN, word.hasPrefix("non-"), word.utf8.count > 7 {
                denied.append(String(word.dropFirst(4)))
            } else if reach > 0 {
                reach -= 1
                if word.utf8.count >= 4 {
                    denied.append(word)
                    reach = 0
                }
            }
        }
        return denied
    }

    /// Whether a title names one of the words a "not" denies without a "not"
    /// (or "non", "without") of its own in the three words before it: "Migraine
    /// without aura, intractable" contradicts "not intractable"; "..., not
    /// intractable", "not having achieved remission" and "without ascites" do not.
    static func contradicts(title: String, notDenied denied: [String]) -> Bool {
        guard !denied.isEmpty else { return false }
        return contradicts(TitleDenialWords(title: title), notDenied: denied)
    }

    /// `contradicts(title:notDenied:)` for a node's title (read once per node).
    static func contradicts(_ node: CatalogNode, notDenied denied: [String]) -> Bool {
        guard !denied.isEmpty else { return false }
        return contradicts(denialWords(of: node), notDenied: denied)
    }

    private static func contradicts(_ title: TitleDenialWords, notDenied denied: [String]) -> Bool {
        var sinceNot = Int.max
        // "without" denies up to the end of its clause (a comma): "without aura, intractable".
        var inWithout = false
        for (parts, endsClause) in title.pieces {
            defer { if endsClause { inWithout = false } }
            for part in parts {
                if part == "not" || part == "non" {
                    sinceNot = 0
                    continue
                }
                if part == "without" {
                    inWithout = true
                    continue
                }
                sinceNot = sinceNot == Int.max ? sinceNot : sinceNot + 1
                if sinceNot > 3, !inWithout, denied.contains(where: { sameStem(part, $0) }) { return true }
            }
        }
        return false
    }

    /// Whether a title names one of the denied findings outside its own
    /// "without" clause (K35.32 "... with perforation ..., without abscess").
    /// A title whose own "without" clauses deny every denied word agrees with
    /// the note, whatever its other words: "Hypertensive heart disease without
    /// heart failure" (I11.9) for "... without heart failure".
    static func contradicts(title: String, denied: [String]) -> Bool {
        guard !denied.isEmpty else { return false }
        return contradicts(TitleDenialWords(title: title), denied: denied)
    }

    /// `contradicts(title:denied:)` for a node's title (read once per node).
    static func contradicts(_ node: CatalogNode, denied: [String]) -> Bool {
        guard !denied.isEmpty else { return false }
        return contradicts(denialWords(of: node), denied: denied)
    }

    private static func contradicts(_ title: TitleDenialWords, denied: [String]) -> Bool {
        guard title.outside.contains(where: { part in denied.contains { sameStem(part, $0) } }) else { return false }
        return !denied.allSatisfy { word in title.inside.contains { sameStem($0, word) } }
    }

    /// A node's title words as this rule reads them, once per node.
    private static func denialWords(of node: CatalogNode) -> TitleDenialWords {
        node.denialWordsSlot.value { TitleDenialWords(title: node.title) }
    }

    /// Whether two words share their first six letters (perforation, perforated)
    /// or are equal.
    private static func sameStem(_ a: String, _ b: String) -> Bool {
        if let answer = asciiSameStem(a, b) { return answer }
        guard a.count >= 4, b.count >= 4 else { return a == b }
        return a.prefix(6) == b.prefix(6)
    }

    /// `sameStem` on the bytes of two ASCII words (nearly all), nil otherwise:
    /// there a byte is a character, so no characters are counted and no
    /// prefixes made and compared as strings. (A carriage return is left to
    /// `sameStem`: with a line feed it makes one character.)
    @inline(__always)
    private static func asciiSameStem(_ a: String, _ b: String) -> Bool? {
        var a = a, b = b
        return a.withUTF8 { a in
            b.withUTF8 { b -> Bool? in
                guard a.allSatisfy({ $0 < 0x80 && $0 != 0x0D }), b.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
                guard a.count >= 4, b.count >= 4 else { return a.elementsEqual(b) }
                let length = min(a.count, 6)
                return length == min(b.count, 6) && a.prefix(length).elementsEqual(b.prefix(length))
            }
        }
    }
}
