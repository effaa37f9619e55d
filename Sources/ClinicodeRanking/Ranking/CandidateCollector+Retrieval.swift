import ClinicodeCore

extension CandidateCollector {
    /// Loose retrieval over each sentence whose mentions are all plain facts
    /// about the patient (no cue that would forbid coding).
    func addRetrieval(
        _ document: Document, into table: inout CandidateTable,
        excluded: ExcludedCodes, deniedReadings: Set<Int>, encounter: Specificity.EncounterCue,
        specificity: Specificity, contexts: inout [Specificity.Context?], words: inout TokenWords,
        sectionWeights: inout SectionWeights
    ) {
        guard !document.sentences.isEmpty else { return }
        var blocked = [Bool](repeating: false, count: document.sentences.count)
        // What each sentence's terms already matched: such a code was chosen by
        // its term, so retrieval's looser refinement of it adds nothing.
        var matchedCodes = [[CodeReference]](repeating: [], count: document.sentences.count)
        // And which mentions those are: a retrieved code whose words in the
        // sentence are all one matched term's is another reading of it.
        var matchedMentions = [[Int]](repeating: [], count: document.sentences.count)
        for (position, mention) in document.mentions.enumerated() where mention.sentence < blocked.count {
            if !deniedReadings.contains(mention.span.start) {
                if let code = mention.codes.first { matchedCodes[mention.sentence].append(code) }
                matchedMentions[mention.sentence].append(position)
            }
            let assertion = mention.assertion
            let codable = assertion.negation == .affirmed && assertion.experiencer == .patient
                && assertion.certainty != .hypothetical && !(assertion.certainty == .possible && options.setting == .outpatient)
                && !(assertion.temporality == .historical && assertion.isResolved)
            if !codable { blocked[mention.sentence] = true }
        }
        let maxSectionWeight = shared.maxSectionWeight
        for sentence in document.sentences.indices where !blocked[sentence] {
            // Retrieval is costly and loose: only diagnostic statements
            // (sections weighted above neutral) are worth it.
            let weight = sectionWeights.weight(ofSentence: sentence, in: document, rules: shared)
            guard weight > Self.retrievalSectionWeight else { continue }
            let hits = catalog.catalog.retrieve(document, sentences: sentence..<(sentence + 1))
            guard !hits.isEmpty else { continue }
            let evidence = NoteEvidence(span: document.sentences[sentence].span, sentence: sentence, in: document, assertion: "affirmed")
            let context = context(of: sentence, in: document, contexts: &contexts, words: &words, encounter: encounter)
            let sectionWeight = weight / maxSectionWeight
            // "Migraine with aura, not intractable" is no evidence for the intractable codes.
            let notDenied = WithoutClauseRule.notDeniedWords(in: document.sentences[sentence].tokens, of: document)
            // "Acute appendicitis without perforation or gangrene" is no evidence for the gangrene code.
            let withoutDenied = WithoutClauseRule.deniedWords(in: document.sentences[sentence].tokens, of: document)
            // The matched terms' words, only for sentences retrieval searched.
            let termWords = matchedMentions[sentence].map { position in
                var words: [UInt64] = []
                WordHash.titleWords(document.mentions[position].term, into: &words)
                return words
            }
            for hit in hits where options.systems?.contains(hit.code.system) ?? true {
                if excluded[hit.code] != nil || matchedCodes[sentence].contains(hit.code) { continue }
                for refined in specificity.refineEachSide(
                    hit.code, start: catalog.node(hit.code), in: context, bothSides: context.words.contains(Specificity.bilateralWord))
                {
                    if namesOtherSide(refined.node, context: context)
                        || missesOwnWords(refined.node, context: context, sideWord: refined.sideWord)
                        || addsNothingTo(matchedCodes[sentence], refined.node, context: context, sideWord: refined.sideWord)
                        || onlyRereads(termWords, refined.node, context: context, sideWord: refined.sideWord)
                        || missesSituation(refined.node, context: context)
                        || WithClauseRule.namesNoFinding(of: refined.node, in: context)
                        || refined.node.map({ WithClauseRule.sentenceAffirmsWithoutClause(of: $0, sentence: sentence, in: document) }) == true
                        || !notDenied.isEmpty && refined.node.map({ WithoutClauseRule.contradicts(title: $0.title, notDenied: notDenied) }) == true
                        || !withoutDenied.isEmpty && refined.node.map({ WithoutClauseRule.contradicts(title: $0.title, denied: withoutDenied) }) == true
                    {
                        continue
                    }
                    let index = table.index(of: refined.code, node: refined.node)
                    table.list[index].retrievalScore = max(table.list[index].retrievalScore, hit.score * sectionWeight)
                    table.list[index].titleCoverage = max(table.list[index].titleCoverage, coverage(of: refined.node, in: context, sideWord: refined.sideWord))
                    table.list[index].bestSectionWeight = max(table.list[index].bestSectionWeight, sectionWeight)
                    if let rationale = refined.rationale { table.list[index].addRationale(rationale) }
                    if table.list[index].evidence.isEmpty { table.list[index].addEvidence(evidence) }
                }
            }
        }
    }
}
