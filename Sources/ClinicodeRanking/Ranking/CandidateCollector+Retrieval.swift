import ClinicodeCore

extension CandidateCollector {
    /// Loose retrieval over each sentence whose mentions are all plain facts
    /// about the patient (no cue that would forbid coding).
    func addRetrieval(
        _ document: Document, into table: inout CandidateTable,
        excluded: ExcludedCodes, deniedReadings: Set<Int>, encounter: Specificity.NoteCue,
        specificity: Specificity, contexts: inout SentenceContexts, words: inout TokenWords,
        sectionWeights: inout SectionWeights, withoutDenials: inout [[String]?]
    ) {
        guard !document.sentences.isEmpty else { return }
        let sentenceCount = document.sentences.count
        // Most notes have no sentence in a section weighted for retrieval
        // (below): the mentions' readings per sentence are then not gathered.
        var searches = false
        for sentence in 0..<sentenceCount
        where sectionWeights.weight(ofSentence: sentence, in: document, rules: shared) > Self.retrievalSectionWeight {
            searches = true
            break
        }
        guard searches else { return }
        var blocked = [Bool](repeating: false, count: sentenceCount)
        // Each sentence's mentions that are readings of the note (not denied),
        // in mention order: `readings[readingStarts[s]..<readingStarts[s + 1]]`.
        // Their first codes were chosen by their terms, so retrieval's looser
        // refinement of such a code adds nothing; and a retrieved code whose
        // words in the sentence are all one matched term's is another reading
        // of it. (Flat, filled in two passes: an array of codes and one of
        // mentions per sentence were allocated and freed for every note,
        // though only sentences retrieval finds something in read them.)
        var readingStarts = [Int32](repeating: 0, count: sentenceCount + 1)
        var isReading = [Bool](repeating: false, count: document.mentions.count)
        // Read in place: binding each mention copied it (retaining its term, codes and triggers).
        document.mentions.withUnsafeBufferPointer { mentions in
            for position in mentions.indices where mentions[position].sentence < sentenceCount {
                let sentence = mentions[position].sentence
                if !deniedReadings.contains(mentions[position].span.start) {
                    isReading[position] = true
                    readingStarts[sentence + 1] += 1
                }
                let (negation, experiencer) = (mentions[position].assertion.negation, mentions[position].assertion.experiencer)
                let (certainty, temporality) = (mentions[position].assertion.certainty, mentions[position].assertion.temporality)
                let codable = negation == .affirmed && experiencer == .patient
                    && certainty != .hypothetical && !(certainty == .possible && options.setting == .outpatient)
                    && !(temporality == .historical && mentions[position].assertion.isResolved)
                if !codable { blocked[sentence] = true }
            }
        }
        for sentence in 0..<sentenceCount { readingStarts[sentence + 1] += readingStarts[sentence] }
        var readings = [Int32](repeating: 0, count: Int(readingStarts[sentenceCount]))
        var filled = readingStarts
        // (By index: binding each mention would copy it, a retain per string and array it holds.)
        for position in document.mentions.indices where isReading[position] {
            let sentence = document.mentions[position].sentence
            readings[Int(filled[sentence])] = Int32(position)
            filled[sentence] += 1
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
            // (Worked out once per sentence: the mentions' pass read most of them already.)
            if withoutDenials[sentence] == nil {
                withoutDenials[sentence] = WithoutClauseRule.deniedWords(in: document.sentences[sentence].tokens, of: document)
            }
            let withoutDenied = withoutDenials[sentence] ?? []
            let sentenceReadings = readings[Int(readingStarts[sentence])..<Int(readingStarts[sentence + 1])]
            let matchedCodes = sentenceReadings.compactMap { document.mentions[Int($0)].codes.first }
            // The matched terms' words, only for sentences retrieval searched.
            let termWords = sentenceReadings.map { position in
                var words: [UInt64] = []
                WordHash.titleWords(document.mentions[Int(position)].term, into: &words)
                return words
            }
            // "30 yo at 6 weeks gestation": the age is no week count (Z3A.30).
            for hit in hits where options.systems?.contains(hit.code.system) ?? true {
                if excluded[hit.code] != nil || matchedCodes.contains(hit.code) { continue }
                for refined in specificity.refineEachSide(
                    hit.code, start: catalog.node(hit.code), in: context, bothSides: context.words.contains(Specificity.bilateralWord))
                {
                    if namesOtherSide(refined.node, context: context)
                        || missesOwnWords(refined.node, context: context, sideWord: refined.sideWord)
                        || addsNothingTo(matchedCodes, refined.node, context: context, sideWord: refined.sideWord)
                        || onlyRereads(termWords, refined.node, context: context, sideWord: refined.sideWord)
                        || missesSituation(refined.node, context: context)
                        || isValueUnder(matchedCodes, refined.node)
                        || WithClauseRule.namesNoFinding(of: refined.node, in: context)
                        || refined.node.map({ WithClauseRule.sentenceAffirmsWithoutClause(of: $0, sentence: sentence, in: document) }) == true
                        || !notDenied.isEmpty && refined.node.map({ WithoutClauseRule.contradicts($0, notDenied: notDenied) }) == true
                        || !withoutDenied.isEmpty && refined.node.map({ WithoutClauseRule.contradicts($0, denied: withoutDenied) }) == true
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

    /// Whether a retrieved code names a value ("30 weeks gestation of
    /// pregnancy", "Body mass index [BMI] 30.0-30.9") under a code the
    /// sentence's terms matched: the value stated with the term chooses
    /// among such codes (`Specificity.descend(from:toValue:)`), never another
    /// number of the sentence that happens to be a title word.
    func isValueUnder(_ matched: [CodeReference], _ node: CatalogNode?) -> Bool {
        guard let node, !matched.isEmpty,
            Specificity.titleValues(of: node).leadingNumber != nil || Specificity.titleValues(of: node).range != nil
        else { return false }
        return matched.contains { $0.system == node.code.system && $0.code != node.code.code && node.code.code.hasPrefix($0.code) }
    }
}
