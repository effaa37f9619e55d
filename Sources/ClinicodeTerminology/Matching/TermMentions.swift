import ClinicodeCore

extension Terminology {
    /// A kept candidate whose mention is built when the note's sentences are
    /// done (see `buildDeferred`), at `slot` in the note's `MentionBuffer`.
    struct DeferredMention {
        var slot: Int
        var candidate: Candidate
        var sentence: Int
    }

    /// Builds the deferred mentions into their slots. Copying a term's
    /// reading retains its code list, whose storage was last touched notes
    /// ago: as each mention was built, that retain (atomic, so nothing after
    /// it ran ahead) waited on its miss, 8% of all the run's retain time.
    /// The code lists are read ahead first, all together.
    func buildDeferred(
        _ deferred: [DeferredMention], into found: inout MentionBuffer, document: Document, readings: TermReadings
    ) {
        for entry in deferred { readings.prefetchCodes(of: entry.candidate.term) }
        for entry in deferred {
            let candidate = entry.candidate
            let span = TextSpan(start: document.tokens[candidate.first].span.start, end: document.tokens[candidate.last].span.end)
            // Kept readable when deferred; made again (the same) if the table started again since.
            let made: Void? = readings.withReading(of: candidate.term, make: { self.reading(of: candidate.term) }) { reading in
                // Made in its slot: made aside and moved in, it was copied (a retain
                // and release per string and array it holds).
                let mention = found.slot(entry.slot)
                mention.initialize(to: Mention(
                    span: span, tokens: candidate.first..<(candidate.last + 1), sentence: entry.sentence, termID: candidate.term,
                    term: reading.pointee.term, codes: reading.pointee.codes, coverage: 1,
                    source: candidate.abbreviation ? .abbreviation : reading.pointee.source))
                mention.pointee.codeIDs = reading.pointee.ids
            }
            precondition(made != nil, "a deferred mention's term lost its reading")
        }
    }

    /// The mention of a kept candidate (and its alternatives' codes).
    func mention(
        _ candidate: Candidate, alternatives: [Int], sentence: Int, words: SentenceWords, document: Document, readings: TermReadings
    ) -> Mention {
        let span = TextSpan(start: document.tokens[candidate.first].span.start, end: document.tokens[candidate.last].span.end)
        if alternatives.isEmpty, let reading = readings.reading(of: candidate.term, make: { reading(of: candidate.term) }) {
            var mention = Mention(
                span: span, tokens: candidate.first..<(candidate.last + 1), sentence: sentence, termID: candidate.term,
                term: reading.term, codes: reading.codes, coverage: 1, source: candidate.abbreviation ? .abbreviation : reading.source)
            mention.codeIDs = reading.ids
            return mention
        }
        var references: [CodeReference] = []
        // The first codes' ids, carried on the mention for the ranker (see `Mention.codeIDs`).
        var ids = Mention.CodeIDs()
        var source = MatchSource.title
        let storage = self.storage
        for position in 0...alternatives.count {
            let term = position == 0 ? candidate.term : alternatives[position - 1]
            for packed in storage.index.codes[term] {
                if position == 0, references.isEmpty { source = TermIndex.source(packed) }
                let code = specific(TermIndex.code(packed), mentions: { words.contains($0) })
                let reference = storage.codes.reference(code)
                if !references.contains(reference) {
                    ids[references.count] = code
                    references.append(reference)
                }
            }
        }
        var mention = Mention(
            span: span, tokens: candidate.first..<(candidate.last + 1), sentence: sentence, termID: candidate.term,
            term: storage.index.texts[candidate.term], codes: references, coverage: 1,
            source: candidate.abbreviation ? .abbreviation : source)
        mention.codeIDs = ids
        return mention
    }

    /// What a mention of `term` carries whatever its sentence: as `mention`
    /// builds it for a term without alternatives. Nil when one of its codes
    /// takes a 7th character, which the sentence's words choose.
    func reading(of term: Int) -> TermReadings.Reading? {
        var references: [CodeReference] = []
        var ids = Mention.CodeIDs()
        var source = MatchSource.title
        let storage = self.storage
        for packed in storage.index.codes[term] {
            if references.isEmpty { source = TermIndex.source(packed) }
            let code = TermIndex.code(packed)
            if storage.codes.needsSeventhCharacter(code) { return nil }
            let reference = storage.codes.reference(code)
            if !references.contains(reference) {
                ids[references.count] = code
                references.append(reference)
            }
        }
        return TermReadings.Reading(term: storage.index.texts[term], codes: references, ids: ids, source: source)
    }

    /// A code that needs a 7th character becomes the extension the wording
    /// asks for (A, initial encounter, by default); other codes stay as they are.
    func specific(_ code: Int, mentions: (UInt32) -> Bool) -> Int {
        let storage = self.storage
        guard storage.codes.needsSeventhCharacter(code) else { return code }
        return storage.seventh.choose(among: storage.codes.children[code], mentions: mentions) ?? code
    }
}
