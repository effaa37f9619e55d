import ClinicodeCore

/// "Alcoholic cirrhosis with ascites": the matcher may stop at "alcoholic
/// cirrhosis", whose inclusion term sits under the "without ascites" code
/// (K70.30). When the mention's sentence names the finding of a code's
/// "without" clause, and nothing there denies it, the sibling whose title says
/// "with" it (K70.31) is the code (Guidelines I.A.15: "with" links the two).
enum WithClauseRule {
    /// Words before a finding (within this many tokens, in its clause) that deny it:
    /// "no ascites", "without esophagitis", "without warning signs of imminent bleeding".
    static let denialReach = 6
    /// The words that deny a finding after them.
    static let denialWords: Set<String> = ["no", "without", "w/o", "not", "denies", "negative", "free"]

    /// The sibling to code instead of `node` (its billable "without ..." child when the
    /// sibling is a category: K21.0 → K21.00), or nil when the rule does not apply.
    static func affirmedSibling(of node: CatalogNode, mention: MentionPlace, in document: Document, catalog: CatalogCache) -> CatalogNode? {
        guard let parentID = node.parentID, mention.sentence < document.sentences.count,
            let (title, clause) = affirmedClause(
                of: node, in: document.sentences[mention.sentence].tokens, outside: mention.tokens, document: document)
        else { return nil }
        let wanted = title.replacingCharacters(in: clause, with: " with ")
        if let sibling = catalog.children(of: catalog.node(id: parentID)).first(where: { $0.title.lowercased() == wanted }) {
            return billable(sibling, catalog: catalog)
        }
        // The pair one level up, where the code's parent carries the clause: I13.10
        // ("... without heart failure, with stage 1 through stage 4 ...") lies under
        // I13.1 "... without heart failure", whose sibling I13.0 says "with heart
        // failure and stage 1 through stage 4 ...".
        let parent = catalog.node(id: parentID)
        guard parent.saysWithout, let grandparentID = parent.parentID else { return nil }
        let parentTitle = parent.title.lowercased()
        guard let parentClause = parentTitle.range(of: " without ") else { return nil }
        let wantedAbove = parentTitle.replacingCharacters(in: parentClause, with: " with ")
        guard let uncle = catalog.children(of: catalog.node(id: grandparentID)).first(where: {
            let other = $0.title.lowercased()
            return other == wantedAbove || other.hasPrefix(wantedAbove + " ") || other.hasPrefix(wantedAbove + ",")
        }) else { return nil }
        return billable(uncle, catalog: catalog)
    }

    /// A node, or its billable "without ..." child when it is a category (K21.0 → K21.00).
    private static func billable(_ node: CatalogNode, catalog: CatalogCache) -> CatalogNode? {
        if node.billable { return node }
        return catalog.children(of: node).first { $0.billable && $0.saysWithout }
    }

    /// The hashed words of a title's "with" clauses, each up to a "without" or
    /// the end: "Other acute appendicitis without perforation, with gangrene" →
    /// gangrene. Empty for the many titles with no " with ".
    static func withClauseWords(of title: String) -> [UInt64] {
        TitleClause.words(of: title, opening: "with", closing: "without", endsAtComma: false)
    }

    /// Whether a code's title says it is "with" a finding and the context names
    /// none of that finding's words: loose retrieval must not offer "... with
    /// gangrene" for a sentence that never mentions gangrene.
    static func namesNoFinding(of node: CatalogNode?, in context: Specificity.Context) -> Bool {
        guard let node, !node.withClauseWords.isEmpty else { return false }
        return !node.withClauseWords.contains { context.words.contains($0) }
    }

    /// Whether the mention's sentence affirms the finding a code's title says it is
    /// without: "residual left hemiparesis from prior stroke" is no stroke "without
    /// residual deficits" (Z86.73), whatever else the words share.
    static func mentionAffirmsWithoutClause(of node: CatalogNode, mention: MentionPlace, in document: Document) -> Bool {
        guard mention.sentence < document.sentences.count else { return false }
        return affirmedClause(of: node, in: document.sentences[mention.sentence].tokens, outside: 0..<0, document: document) != nil
    }

    /// `mentionAffirmsWithoutClause` for a whole sentence (loose retrieval has no mention).
    static func sentenceAffirmsWithoutClause(of node: CatalogNode, sentence: Int, in document: Document) -> Bool {
        guard node.saysWithout, sentence < document.sentences.count else { return false }
        return affirmedClause(of: node, in: document.sentences[sentence].tokens, outside: 0..<0, document: document) != nil
    }

    /// A "without" title's lower-cased text and its " without " clause, when
    /// the sentence (outside `outside`) names every finding of the clause undenied.
    private static func affirmedClause(
        of node: CatalogNode, in sentence: Range<Int>, outside: Range<Int>, document: Document
    ) -> (title: String, clause: Range<String.Index>)? {
        guard node.saysWithout else { return nil }
        let read = withoutClause(of: node)
        guard let clause = read.clause, !read.findings.isEmpty,
            namesAffirmed(read, in: sentence, outside: outside, document: document)
        else { return nil }
        return (read.lowered, clause)
    }

    /// A node's title read for this rule, once per node (see `WithoutClauseTitle`).
    static func withoutClause(of node: CatalogNode) -> WithoutClauseTitle {
        node.withoutClauseSlot.value { WithoutClauseTitle(title: node.title) }
    }

    /// The words of a title's "without" clause (to the next comma or "with"), four letters or more.
    static func clauseWords(_ clause: Substring) -> [Substring] {
        var words: [Substring] = []
        for part in clause.split(separator: " ") {
            if part.hasSuffix(",") { if part.count > 4 { words.append(part.dropLast()) }; break }
            if part == "with" { break }
            if part.count >= 4, part != "without" { words.append(part) }
        }
        return words
    }

    /// Whether every finding word is named in the sentence (outside the mention, when
    /// given) by a word sharing its first six letters with no denial ("no", "without",
    /// "not", "denies", "negative") just before it: "heart failure" for "without heart
    /// failure", not a lone "heart" or "acute".
    private static func namesAffirmed(
        _ read: WithoutClauseTitle, in sentence: Range<Int>, outside mention: Range<Int>, document: Document
    ) -> Bool {
        let (prefixes, firstBytes, packedPrefixes) = (read.prefixes, read.firstBytes, read.packedPrefixes)
        // Findings named so far, as bits (a clause has a handful of words; a
        // list only past 64): no array made for every mention.
        var namedBits: UInt64 = 0
        var namedList = prefixes.count > 64 ? [Bool](repeating: false, count: prefixes.count) : []
        // Tokens read in place: a token read out of the array is copied.
        let affirmed = document.tokens.withUnsafeBufferPointer { tokens -> Bool in
            for index in sentence where index < tokens.count && !mention.contains(index) && tokens[index].kind == .word {
                guard tokens[index].normalized.utf8.count >= 4, let first = tokens[index].normalized.utf8.first else { continue }
                // The first-byte test rules most words out before any prefix is taken.
                var found: Int? = nil
                // The word's packed prefix, made on first need (0: compare it as text).
                var wordPrefix: UInt64? = nil
                for position in prefixes.indices where firstBytes[position] == 0 || firstBytes[position] == first {
                    if packedPrefixes[position] != 0 {
                        if wordPrefix == nil { wordPrefix = WithoutClauseTitle.packedPrefix(of: tokens[index].normalized.utf8) ?? 0 }
                        if wordPrefix != 0 {
                            if wordPrefix == packedPrefixes[position] {
                                found = position
                                break
                            }
                            continue
                        }
                    }
                    if prefixes[position] == tokens[index].normalized.prefix(6) {
                        found = position
                        break
                    }
                }
                guard let finding = found else { continue }
                for before in stride(from: index - 1, through: max(sentence.lowerBound, index - denialReach), by: -1) {
                    if tokens[before].kind == .punctuation { break }
                    if denialWords.contains(tokens[before].normalized) { return false }
                }
                if namedList.isEmpty { namedBits |= 1 << UInt64(finding) } else { namedList[finding] = true }
            }
            return true
        }
        guard affirmed else { return false }
        if !namedList.isEmpty { return !namedList.contains(false) }
        return namedBits == (prefixes.count == 64 ? UInt64.max : (1 << UInt64(prefixes.count)) - 1)
    }
}
