import ClinicodeCore

/// The words the collector reads around a mention: a sentence's (memoised per
/// note), a mention's neighbourhood, and the encounter cue of the whole note.
extension CandidateCollector {
    /// A sentence's context, made once per note (a sentence index past the
    /// note's sentences gets an empty one each time: nothing to keep).
    func context(
        of sentence: Int, in document: Document, contexts: inout SentenceContexts, words: inout TokenWords,
        encounter: Specificity.NoteCue
    ) -> Specificity.Context {
        guard sentence >= 0, sentence < contexts.sentenceCount else {
            return makeContext(document, sentence: sentence, words: &words, encounter: encounter)
        }
        if let known = contexts.position(of: sentence) { return contexts.made[known] }
        let made = makeContext(document, sentence: sentence, words: &words, encounter: encounter)
        contexts.add(made, for: sentence)
        return made
    }

    /// A note's sentence contexts, made on first use: the made ones in a list
    /// and, per sentence, its position there. (An array of optional contexts
    /// asked the runtime for each one's tag, and set each tag when made.)
    struct SentenceContexts {
        /// Per sentence, 1 + its context's position in `made`, or 0.
        private var positions: [Int32]
        private(set) var made: [Specificity.Context] = []

        init(sentenceCount: Int) {
            positions = [Int32](repeating: 0, count: sentenceCount)
        }

        var sentenceCount: Int { positions.count }

        /// Where the context of a sentence (0..<sentenceCount) is in `made`, if made.
        @inline(__always)
        func position(of sentence: Int) -> Int? {
            let stored = positions[sentence]
            return stored == 0 ? nil : Int(stored) - 1
        }

        /// Keeps the context of a sentence not yet made.
        mutating func add(_ context: Specificity.Context, for sentence: Int) {
            // Room for every sentence at the first add: growing by doubling
            // was three or four allocations and copies per note.
            if made.capacity == 0 { made.reserveCapacity(positions.count) }
            made.append(context)
            positions[sentence] = Int32(made.count)
        }
    }

    /// The words of a sentence (side words folded to their canonical side,
    /// `title-word-equivalents.tsv` words joined by the title word they stand for).
    func makeContext(
        _ document: Document, sentence: Int, words: inout TokenWords, encounter: Specificity.NoteCue
    ) -> Specificity.Context {
        guard sentence < document.sentences.count else { return .init(words: WordSet(capacity: 0), key: sentence) }
        return makeContext(document, tokens: document.sentences[sentence].tokens, words: &words, encounter: encounter, key: sentence)
    }

    /// Words a mention's own neighbourhood names: within this many tokens of
    /// it, in its sentence. Only these may move an unspecified code to a more
    /// specific sibling ("migraine ... nausea and vomiting" is not cyclical
    /// vomiting in migraine).
    static let wideningReach = 10

    /// The context of a mention's neighbourhood (see `wideningReach`).
    /// `sentenceContext` is the context of the mention's sentence: a
    /// neighbourhood reaching both ends of the sentence names exactly its
    /// words, so that context (and its memoised choices) serves.
    func neighbourhood(
        of mention: MentionPlace, in document: Document, sentenceContext: Specificity.Context, words: inout TokenWords,
        encounter: Specificity.NoteCue
    ) -> Specificity.Context {
        guard mention.sentence < document.sentences.count else {
            return makeContext(document, sentence: mention.sentence, words: &words, encounter: encounter)
        }
        let sentence = document.sentences[mention.sentence].tokens
        let lower = max(sentence.lowerBound, mention.tokens.lowerBound - Self.wideningReach)
        let upper = min(sentence.upperBound, mention.tokens.upperBound + Self.wideningReach)
        if lower == sentence.lowerBound, upper == sentence.upperBound, sentenceContext.key == mention.sentence {
            return sentenceContext
        }
        return makeContext(document, tokens: lower..<max(lower, upper), words: &words, encounter: encounter, key: -1)
    }

    /// The words a part of a sentence (a mention's neighbourhood) may name
    /// beyond the sentence's: those a side-dominance rule adds when the part
    /// lacks the word that stops the rule for the whole sentence. Empty when
    /// the sentence names no rule's side (no rule then adds anything to a part).
    func partOnlyWords(of sentence: Specificity.Context) -> [UInt64] {
        sentence.namesDominanceSide ? shared.sideDominanceImplied : []
    }

    /// The words of a stretch of tokens (see `makeContext(_:sentence:words:encounter:)`).
    func makeContext(
        _ document: Document, tokens range: Range<Int>, words tokenWords: inout TokenWords, encounter: Specificity.NoteCue,
        key: Int
    ) -> Specificity.Context {
        // Made here and not copied until returned: words go in with `insertIntoFreshSet`.
        var words = WordSet(capacity: range.count)
        // With the matcher's hashes a word's hash is one load and its title word
        // (rare) one probe of a small table: worked out here, not stored in
        // `tokenWords`, whose writes missed the cache for every token of a
        // sentence and were seldom read again.
        let wordHashes = document.wordHashes.count == document.tokens.count ? document.wordHashes : []
        // Both read through their buffers: no bounds check and reload of the array per word.
        document.tokens.withUnsafeBufferPointer { tokens in
            wordHashes.withUnsafeBufferPointer { hashes in
                for index in range where tokens[index].kind == .word || tokens[index].kind == .number {
                    let hash: UInt64, titleWord: UInt64?
                    if hashes.isEmpty {
                        (hash, titleWord) = tokenWords.word(index, of: tokens, cues: cues)
                    } else {
                        hash = hashes[index]
                        titleWord = cues.titleWords.mayContain(hash: hash) ? cues.titleWords.value(tokens[index].normalized, hash: hash) : nil
                    }
                    words.insertIntoFreshSet(hash)
                    if let titleWord {
                        if titleWord != CueWords.bothSidesOfNextPart {
                            words.insertIntoFreshSet(titleWord)
                        } else if cues.namesPairedPart(after: index, before: range.upperBound, tokens) {
                            words.insertIntoFreshSet(Specificity.bilateralWord)
                        }
                    }
                    // A subtype ("stage 3b", one token) also names its number: the
                    // "stage 3" branch (N18.3) is the way down to it.
                    if tokens[index].kind == .word, tokens[index].flags.contains(.hasDigit) {
                        let normalized = tokens[index].normalized
                        if normalized.utf8.count == 2, let digit = normalized.utf8.first, digit &- 0x30 < 10 {
                            words.insertIntoFreshSet(WordHash.hash(String(normalized.prefix(1)), namespace: WordHash.word))
                        }
                    }
                    // A number glued to a letter ("stage 3a", "grade 2b") is one word
                    // in code titles, whether or not the tokenizer split it.
                    let next = index + 1
                    if tokens[index].kind == .number, next < range.upperBound,
                        tokens[next].kind == .word, tokens[next].span.start == tokens[index].span.end,
                        tokens[next].normalized.unicodeScalars.count == 1
                    {
                        words.insertIntoFreshSet(WordHash.hash(tokens[index].normalized + tokens[next].normalized, namespace: WordHash.word))
                    }
                }
            }
        }
        // "Left hemiparesis": the non-dominant side unless the note says otherwise.
        // (Only where a rule's side is named: most sentences name none, and the rules' walk copies each rule.)
        let namesSide = shared.sideDominance.contains(where: { words.contains($0.side) })
        // A rule adds words only where one of its conditions ("hemiparesis") is named:
        // most sentences naming a side name none, and the rules' walk is costly.
        if namesSide, Self.namesDominanceCondition(shared.sideDominance, in: words) {
            SideDominanceRule.Hashed.apply(shared.sideDominance, to: &words, noteSays: encounter.says)
        }
        return .init(words: words, key: key, namesDominanceSide: namesSide)
    }

    /// Whether `words` name a condition word of some side-dominance rule (no
    /// rule applies to words naming none).
    static func namesDominanceCondition(_ rules: [SideDominanceRule.Hashed], in words: WordSet) -> Bool {
        rules.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                // The rules share their condition words: each list is asked once.
                if index > 0, rules[index].conditions == rules[index - 1].conditions { continue }
                if rules[index].conditions.contains(where: { words.contains($0) }) { return true }
            }
            return false
        }
    }

    /// Whether consecutive word tokens of the note say `phrase` (its words'
    /// hashes, as `WordHash.hash(_:namespace:)` of their normalised forms).
    /// `hashes` are the tokens' `Document.wordHashes`, or empty (the words are then hashed here).
    static func says(_ phrase: [UInt64], in tokens: [Token], hashes: [UInt64]) -> Bool {
        guard let first = phrase.first else { return false }
        // Raw buffers: the scan reads every token of the note per phrase.
        return tokens.withUnsafeBufferPointer { tokens in
            hashes.withUnsafeBufferPointer { hashes in
                func hash(_ position: Int) -> UInt64 {
                    hashes.isEmpty ? WordHash.hash(tokens[position].normalized, namespace: WordHash.word) : hashes[position]
                }
                var position = 0
                search: while position < tokens.count {
                    defer { position += 1 }
                    // With the matcher's hashes, a dense array is read first: most
                    // positions are ruled out without reading their token.
                    if !hashes.isEmpty, hashes[position] != first { continue }
                    guard tokens[position].kind == .word, hash(position) == first else { continue }
                    for (offset, word) in phrase.enumerated().dropFirst() {
                        let next = position + offset
                        guard next < tokens.count, tokens[next].kind == .word, hash(next) == word else { continue search }
                    }
                    return true
                }
                return false
            }
        }
    }

    /// Sections whose encounter words speak of later visits ("follow-up in one
    /// week" in the plan), not of this encounter.
    static let laterVisitSections: Set<SectionKind> = [.plan, .assessmentAndPlan]

    /// The 7th character the wording of a note (its tokens, outside the plan) asks for (A when none).
    /// `hashes` are the tokens' `Document.wordHashes`, or empty (the words are then hashed here).
    static func encounterCharacter(
        of tokens: [Token], hashes: [UInt64], sentences: [Sentence], sections: [Section], cues: CueWords
    ) -> Character {
        guard cues.hasEncounterCues else { return "A" }
        var skipped: [Range<Int>] = []
        if !sections.isEmpty {
            for sentence in sentences
            where sentence.section < sections.count && laterVisitSections.contains(sections[sentence.section].kind) {
                skipped.append(sentence.tokens)
            }
        }
        // Raw buffer: the kind test must not copy (retain) every token of the note.
        return tokens.withUnsafeBufferPointer { tokens in
            var next = 0
            // With the matcher's hashes, most tokens are ruled out from a dense
            // array, without reading the token (its kind) or its word.
            for index in tokens.indices where hashes.isEmpty || cues.encounter.mayContain(hash: hashes[index]) {
                guard tokens[index].kind == .word else { continue }
                while next < skipped.count, skipped[next].upperBound <= index { next += 1 }
                if next < skipped.count, skipped[next].contains(index) { continue }
                let word = tokens[index].normalized
                guard cues.mayBeEncounterWord(length: word.utf8.count) else { continue }
                let hash = hashes.isEmpty ? WordHash.hash(word, namespace: WordHash.word) : hashes[index]
                if let character = cues.encounter.value(word, hash: hash) { return character }
            }
            return "A"
        }
    }

    /// IDF-weighted share of the code's title words present in the context
    /// (and `sideWord`, a side word the context counts as named, if any).
    func coverage(of node: CatalogNode?, in context: Specificity.Context, sideWord: UInt64? = nil) -> Double {
        guard let node else { return 0 }
        var found = 0.0, total = 0.0
        node.titleWords.withUnsafeBufferPointer { titleWords in
            for (word, weight) in titleWords {
                total += weight
                if word == sideWord || context.words.contains(word) { found += weight }
            }
        }
        return total > 0 ? found / total : 0
    }

    /// Whether a retrieved code's title names a situation the sentence does
    /// not (`situation-words.tsv`): "urinary tract infection due to E. coli"
    /// shares every other word with Z87.440 "Personal history of urinary
    /// (tract) infections" and O23.40 "... in pregnancy".
    func missesSituation(_ node: CatalogNode?, context: Specificity.Context) -> Bool {
        guard let node else { return false }
        for (title, note) in shared.situationWords where node.titleWords.contains(where: { $0.hash == title }) {
            if !note.contains(where: { context.words.contains($0) }) { return true }
        }
        return false
    }

    /// Whether a retrieved code's own title words (those its category's title
    /// lacks: the site, the type) are all missing from the sentence. Its overlap
    /// is then only its category's wording: "personal history of breast cancer"
    /// shares every word but "eye" with Z85.840, which is no evidence for it.
    func missesOwnWords(_ node: CatalogNode?, context: Specificity.Context, sideWord: UInt64? = nil) -> Bool {
        guard let node, let categoryID = node.categoryID, categoryID != node.id else { return false }
        let category = catalog.node(id: categoryID)
        var hasOwnWords = false
        for (word, _) in node.titleWords where !category.titleWords.contains(where: { $0.hash == word }) {
            if word == sideWord || context.words.contains(word) { return false }
            hasOwnWords = true
        }
        return hasOwnWords
    }

    /// Whether every word of a retrieved code's title that the sentence says
    /// is a word of one term the sentence matched: "viral gastroenteritis"
    /// (A08.4) also retrieves K52.9 "Noninfective gastroenteritis" and
    /// "bacterial pneumonia" (J15.9) J18.9 on the one shared word. Words from
    /// two terms ("metabolic acidosis of CKD": chronic metabolic acidosis) are
    /// a reading no one term made.
    func onlyRereads(_ terms: [[UInt64]], _ node: CatalogNode?, context: Specificity.Context, sideWord: UInt64? = nil) -> Bool {
        guard let node else { return false }
        return terms.contains { termWords in
            !node.titleWords.contains { word, _ in
                (word == sideWord || context.words.contains(word)) && !termWords.contains(word)
            }
        }
    }

    /// Whether a retrieved code differs from a code the sentence's terms
    /// matched only by words the sentence does not say: beside "... mild
    /// nonproliferative diabetic retinopathy with macular edema" (E11.321),
    /// the severe (E11.341-) and the "without macular edema" (E11.329-) codes
    /// name nothing the note says; beside "NSTEMI" (I21.4), neither does the
    /// "subsequent" NSTEMI of another category (I22.2).
    func addsNothingTo(_ matched: [CodeReference], _ node: CatalogNode?, context: Specificity.Context, sideWord: UInt64? = nil) -> Bool {
        guard let node else { return false }
        for code in matched {
            guard let other = catalog.node(code), other.id != node.id else { continue }
            let saysMore = node.titleWords.contains { word, _ in
                !other.titleWords.contains { $0.hash == word } && (word == sideWord || context.words.contains(word))
            }
            if !saysMore { return true }
        }
        return false
    }
}
