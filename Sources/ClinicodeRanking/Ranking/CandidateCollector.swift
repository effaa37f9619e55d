import ClinicodeCore

/// Turns a note's mentions (and loose retrieval hits) into candidate codes,
/// applying the assertion rules: denied, hypothetical, other people's and (in
/// outpatient care) uncertain conditions give no code; a family member's
/// condition gives a family-history code; a resolved past condition gives a
/// personal-history code.
struct CandidateCollector {
    let catalog: CatalogCache
    /// The rules the collector reads (the ranker's, shared by its notes).
    let shared: SharedRankingRules
    let cues: CueWords
    let options: RankingOptions
    /// What the rules say of each code (see `CodeFacts`).
    let facts: CodeFactsStore

    /// Codes gathered for a note, and codes left out with their reasons.
    struct Collection {
        /// The candidates, one per code, in the order first met (see `CandidateTable`).
        var list: [Candidate] = []
        /// The same keyed by code: filled only by the learned path, which looks codes up.
        var candidates: [CodeReference: Candidate] = [:]
        var excluded: ExcludedCodes = [:]
    }

    /// Title coverage under which a match counts as loose.
    static let looseMatchCoverage = 0.5

    /// Strength of a less specific alternative relative to the refined code
    /// (a hedge for the coder, ranked well below what the note supports).
    static let alternativeFactor = 0.3

    /// Strength of a mention's second and third codes relative to its first:
    /// the matcher's lower-ranked readings of one phrase are weak alternatives
    /// ("fever" also reaching R50.81), not independent evidence.
    static let laterCodeDecay = [0.25, 0.15]

    /// Memo keys (`Specificity.Context.key`) of mention neighbourhoods start here,
    /// above any sentence index (keys are packed into 32 bits beside a code id).
    static let neighbourhoodKeyBase = 1 << 31

    /// Sections weighted above this get loose retrieval.
    static let retrievalSectionWeight = 1.1

    /// Most evidence items kept for one excluded code.
    static let maxExcludedEvidence = 20

    /// How strongly each match source counts.
    private static func sourceWeight(_ source: MatchSource) -> Double {
        switch source {
        case .title: return 1
        case .inclusion: return 0.95
        case .synonym: return 0.9
        case .abbreviation: return 0.85
        case .retrieval: return 0.55
        }
    }

    /// Whether a mention names its code outright: an inclusion term listed
    /// under the code ("Asthenia NOS" under R53.1 Weakness), a hand-written
    /// synonym or an abbreviation is a coder's own mapping, so the code's
    /// title wording need not appear in the note. Not so for long-term drug use (Z79: the
    /// duration is inferred from a drug's name) nor for the vague catch-all
    /// codes that `superseded.tsv` demotes ("tumor", "metastases").
    private func namesOutright(_ code: CodeReference, facts: CodeFacts, source: MatchSource) -> Bool {
        guard source == .synonym || source == .abbreviation || source == .inclusion, !code.code.hasPrefix("Z79") else { return false }
        return !facts.isVague
    }

    func collect(_ document: Document) -> Collection {
        var collection = Collection()
        var table = CandidateTable(facts: facts, keepsNotes: options.detail == .full)
        // Most notes gather a dozen or so: grown from empty, the list was
        // reallocated and its (large) candidates moved four or five times.
        table.list.reserveCapacity(16)
        // Specificity holds no rules, and the cue captures only what it reads:
        // each copy of the rules, the collector or the note retains (and
        // later releases) every one of their arrays, once per note.
        let (cues, tokens, sentences, sections) = (cues, document.tokens, document.sentences, document.sections)
        let hashes = document.wordHashes.count == tokens.count ? document.wordHashes : []
        let encounter = Specificity.NoteCue(
            { Self.encounterCharacter(of: tokens, hashes: hashes, sentences: sentences, sections: sections, cues: cues) },
            says: { Self.says($0, in: tokens, hashes: hashes) })
        let specificity = Specificity(catalog: catalog, encounter: encounter)
        // By sentence index, made on first use (an array: no hashing per mention).
        var contexts = SentenceContexts(sentenceCount: document.sentences.count)
        var withoutDenials = [[String]?](repeating: nil, count: document.sentences.count)
        var tokenWords = TokenWords(document)
        let maxSectionWeight = shared.maxSectionWeight
        var sectionWeights = SectionWeights(document, rules: shared)
        let neutralSectionWeight = shared.weight(of: .none) / maxSectionWeight
        var scratch: [UInt64] = []
        let (codeIDLimit, nodeStore) = mentionCodeIDLimit()

        // Mentions whose own reading the note denies ("alcoholic hepatitis, no
        // ascites" read as K70.11): retrieval must not take them for matched.
        var deniedReadings = Set<Int>()
        // Each mention's fields are read in place (the rules get its `MentionPlace`):
        // a copy of it retained and released its term, codes and triggers.
        document.mentions.withUnsafeBufferPointer { mentions in
            prefetchNodes(of: mentions, in: nodeStore, below: codeIDLimit)
            for position in mentions.indices {
                let mention = MentionPlace(sentence: mentions[position].sentence, tokens: mentions[position].tokens)
                let (span, source) = (mentions[position].span, mentions[position].source)
                if isInHeader(sentence: mention.sentence, span: span, document) { continue }
                // With no system filter the mention's own array serves (no copy per mention).
                let codes = options.systems.map { systems in mentions[position].codes.filter { systems.contains($0.system) } }
                    ?? mentions[position].codes
                // The matcher's code ids stand beside `mention.codes`, not a filtered copy.
                let codeIDs = options.systems == nil ? mentions[position].codeIDs : Mention.CodeIDs()
                guard !codes.isEmpty else { continue }
                let term = mentions[position].term
                let (negation, experiencer, certainty) =
                    (mentions[position].assertion.negation, mentions[position].assertion.experiencer, mentions[position].assertion.certainty)
                let (temporality, isResolved) = (mentions[position].assertion.temporality, mentions[position].assertion.isResolved)
                let evidence = NoteEvidence(
                    span: span, sentence: mention.sentence, in: document,
                    assertion: Assertion.label(
                        negation: negation, experiencer: experiencer, certainty: certainty,
                        temporality: temporality, isResolved: isResolved))
                // The one-item evidence list this mention's new candidates share (see `Candidate.addEvidence(_:sharing:)`).
                var sharedEvidence: [NoteEvidence] = []
                var factor = 1.0
                var mapping: [CodeMapping]? = nil
                var reason: ExclusionReason? = nil
                if negation == .negated {
                    reason = .negated
                } else if experiencer == .family {
                    reason = .family
                    mapping = shared.familyHistory
                } else if experiencer == .other {
                    reason = .otherExperiencer
                } else if certainty == .hypothetical {
                    reason = .hypothetical
                } else if certainty == .possible && options.setting == .outpatient {
                    reason = .uncertain
                } else if temporality == .historical && isResolved
                    && !Self.isInjuryInCare(codes, encounter: encounter)
                {
                    reason = .historical
                    mapping = shared.personalHistory
                } else {
                    // A past condition that is not resolved (chronic: "history of
                    // hypertension") is a current condition and weighs as one.
                    if certainty == .possible { factor *= 0.9 }
                }
                let sentenceContext = context(
                    of: mention.sentence, in: document, contexts: &contexts, words: &tokenWords, encounter: encounter)
                // The mention's neighbourhood, made once on first need (see `neighbourhood`).
                var mentionNeighbourhood: Specificity.Context? = nil
                // An abbreviation ("HLD") says what its expansion says: its words
                // choose among the code's children as the sentence's words do.
                // (A constant otherwise: a variable copy retained and released the sentence's words and cue.)
                let context = source == .abbreviation
                    ? Self.context(sentenceContext, namingWordsOf: term, scratch: &scratch) : sentenceContext
                let sectionWeight = sectionWeights.weight(ofSentence: mention.sentence, in: document, rules: shared) / maxSectionWeight
                // A word naming both sides next to the mention (Guidelines I.B.13, see `refineEachSide`).
                let bothSides = context.words.contains(Specificity.bilateralWord) && mention.sentence < document.sentences.count
                    && document.tokens.withUnsafeBufferPointer {
                    cues.namesBothSides(near: mention.tokens, in: document.sentences[mention.sentence].tokens, $0)
                }
                let unweighted = mentions[position].coverage * Self.sourceWeight(source) * factor
                let strength = unweighted * sectionWeight
                let denied = WithoutClauseRule.deniedWords(of: mention, in: document)
                // What the sentence's "without" clauses deny, worked out once per sentence.
                if mention.sentence < sentences.count, withoutDenials[mention.sentence] == nil {
                    withoutDenials[mention.sentence] = WithoutClauseRule.deniedWords(in: sentences[mention.sentence].tokens, of: document)
                }
                let sentenceDenied = mention.sentence < sentences.count ? withoutDenials[mention.sentence] ?? [] : denied
                let notDenied = WithoutClauseRule.notDeniedWords(of: mention, in: document)

                for (rank, matched) in codes.prefix(3).enumerated() {
                    // "Alcoholic cirrhosis with ascites" matched as "alcoholic cirrhosis" (K70.30, "without ascites").
                    // "Lateral malleolus fracture" (displaced by default) in a note that calls it nondisplaced.
                    var code = matched
                    // The node of `code`, kept from the look-up that chose it: the
                    // code look-up (a string hash) is not done twice per reading.
                    var start = node(of: matched, id: codeIDs[rank], below: codeIDLimit)
                    if let node = start {
                        if node.saysWithout,
                            let sibling = WithClauseRule.affirmedSibling(of: node, mention: mention, in: document, catalog: catalog)
                        {
                            (code, start) = (sibling.code, sibling)
                        } else if let twin = DisplacementRule.nondisplacedTwin(of: node, in: document, catalog: catalog) {
                            (code, start) = (twin.code, twin)
                        } else if context.words.contains(Specificity.bilateralWord),
                            let twin = BilateralRule.bilateralTwin(of: node, catalog: catalog)
                        {
                            (code, start) = (twin.code, twin)
                        } else if WithClauseRule.mentionAffirmsWithoutClause(of: node, mention: mention, in: document) {
                            continue
                        }
                    }
                    let decay = rank == 0 ? 1.0 : Self.laterCodeDecay[min(rank, 2) - 1]
                    // A term that already names the history code ("family history
                    // of breast cancer", "history of breast cancer") or a status
                    // code that maps to itself ("s/p CABG") is coded as is.
                    // (The mapping's target is found once: the scan matches every row's pattern.)
                    let inTargetCategory = mapping.map { Self.isTargetCategory(code.code, of: $0) } ?? false
                    let target = inTargetCategory ? nil : mapping.flatMap { CodeMapping.target(for: code.code, in: $0) }
                    let isHistoryCode = inTargetCategory || target == code.code
                    if !denied.isEmpty, let start, WithoutClauseRule.contradicts(start, denied: denied) {
                        if rank == 0 { deniedReadings.insert(span.start) }
                        continue
                    }
                    // A synonym that names what the note denies ("history of stroke with residual
                    // deficits" matched by "... without residual deficits"): its code is no reading.
                    if rank == 0, !denied.isEmpty, source == .synonym,
                        WithoutClauseRule.contradicts(title: term, denied: denied)
                    {
                        deniedReadings.insert(span.start)
                        continue
                    }
                    if !notDenied.isEmpty, let start, WithoutClauseRule.contradicts(start, notDenied: notDenied) {
                        if rank == 0 { deniedReadings.insert(span.start) }
                        continue
                    }
                    // The code's facts, read only where needed: a code the note excludes
                    // (a denied or family condition) asks nothing of them, and they are often cold.
                    var readFacts: CodeFacts? = nil
                    // "Avoid NSAIDs", "aspirin held": no long-term drug use.
                    let codeReason: ExclusionReason?
                    if let reason {
                        codeReason = reason
                    } else {
                        let known = facts.facts(code: code.code, node: start)
                        readFacts = known
                        // Asked first here: most codes have no cue, and the call retained the rules and the facts.
                        codeReason = known.hasDrugUseCue
                            && DrugUseCueRule.cancels(shared.drugUseCues, facts: known, mention: mention, in: document) ? .negated : nil
                    }
                    if let reason = codeReason, !isHistoryCode {
                        // The first reason stays. A bounded list: a note repeating one denied
                        // phrase thousands of times must not make this check quadratic, and a
                        // coder needs a few examples, not all of them. (One look-up, in place.)
                        // Codes-only output shows no excluded code and no rule reads their
                        // evidence: the entry (its first reason) is kept, with no evidence list.
                        Self.addExcluded(code, reason: reason, evidence: evidence, to: &collection.excluded, keeping: table.keepsNotes)
                        // Only the best code of the mention is mapped to a history code.
                        guard rank == 0, let target else { continue }
                        addHistoryCode(
                            target, of: code, reason: reason, unweighted: unweighted, decay: decay, sectionWeight: sectionWeight,
                            neutralSectionWeight: neutralSectionWeight, evidence: evidence, sharing: &sharedEvidence,
                            to: &table, in: document)
                        continue
                    }
                    let codeFacts = readFacts ?? facts.facts(code: code.code, node: start)
                    // A bilateral condition with no bilateral code gives one code per side (Guidelines I.B.13).
                    // Only the mention's neighbourhood may widen an unspecified code.
                    // Whether this reading widens in the mention's neighbourhood.
                    var widensNear = false
                    var widens = true
                    if let start, Specificity.mayWiden(start),
                        !specificity.mayWiden(start, within: sentenceContext.words, or: partOnlyWords(of: sentenceContext))
                    {
                        // The neighbourhood names the sentence's words or fewer: when those cannot
                        // widen the code, neither can the neighbourhood, which is not made.
                        widens = false
                    } else if let start, Specificity.mayWiden(start) {
                        if mentionNeighbourhood == nil {
                            var made = neighbourhood(
                                of: mention, in: document, sentenceContext: sentenceContext, words: &tokenWords, encounter: encounter)
                            // A key of its own, past every sentence's: the mention's codes often
                            // share a category, whose descent is then worked out once.
                            if made.key < 0, position < Self.neighbourhoodKeyBase { made.key = Self.neighbourhoodKeyBase + position }
                            mentionNeighbourhood = made
                        }
                        widensNear = true
                    }
                    let refinements: Specificity.Refinements
                    // "BMI 32.4", "32 weeks gestation": the stated value chooses among ranges words cannot tell apart.
                    if let start, !start.billable,
                        let value = Specificity.statedValue(after: mention, in: document) ?? Specificity.statedValue(before: mention, in: document),
                        let leaf = specificity.descend(from: start, toValue: value)
                    {
                        refinements = .init(main: .init(code: leaf.code, node: leaf, rationale: nil, sideWord: nil, unsplitCode: leaf.code), otherSide: nil)
                    } else if sentenceDenied.isEmpty {
                        // The neighbourhood is passed as is, not copied per reading: `refine` reads it only
                        // to widen, which a reading that does not widen here (`widensNear` false) never does.
                        refinements = specificity.refineEachSide(
                            code, start: start, in: context, widenIn: mentionNeighbourhood, term: term, bothSides: bothSides,
                            widens: widens)
                    } else {
                        guard let refined = refineOutsideDenials(
                            code, start: start, sentenceDenied: sentenceDenied, context: context,
                            near: widensNear ? mentionNeighbourhood : nil, term: term,
                            bothSides: bothSides, widens: widens, specificity: specificity, scratch: &scratch)
                        else { continue }
                        refinements = refined
                    }
                    // Each side's refinement is read in place (a parameter): a copy of one
                    // retained and released its codes, node and rationale, and asking the
                    // collection for its sides copied the other side to test it for nil.
                    // (The reading's code and node, the table and the shared evidence are
                    // passed in: captured variables, each access to them was checked for
                    // exclusivity at run time.)
                    func addRefined(
                        _ refined: Specificity.SideRefinement, side: Int, of code: CodeReference, from start: CatalogNode?,
                        to table: inout CandidateTable, sharing sharedEvidence: inout [NoteEvidence]
                    ) {
                        // A category with no default child (Z68 "BMI" with no value)
                        // has no code the note supports; a coder needs the value.
                        if let node = refined.node, !node.billable, node.hasChildren { return }
                        // The walk down from a category ("hypertensive heart and chronic kidney
                        // disease", I13) must not land on a "without heart failure" code the
                        // sentence contradicts.
                        if let node = refined.node, node.saysWithout, node !== start,
                            WithClauseRule.mentionAffirmsWithoutClause(of: node, mention: mention, in: document)
                        {
                            return
                        }
                        let sideWord = refined.sideWord
                        // The matched code itself: its facts are at hand.
                        let same = refined.code == code && refined.node === start
                        let index = table.index(of: refined.code, node: refined.node, facts: same ? codeFacts : nil)
                        table.list[index].mentionWeights.append(strength * decay)
                        table.list[index].bestSectionWeight = max(table.list[index].bestSectionWeight, sectionWeight)
                        table.list[index].titleCoverage = max(table.list[index].titleCoverage, coverage(of: refined.node, in: context, sideWord: sideWord))
                        if refined.unsplitCode == code, namesOutright(code, facts: codeFacts, source: source) { table.list[index].namedOutright = true }
                        if refined.code != code { table.list[index].refined = true }
                        if let rationale = refined.rationale { table.list[index].addRationale(rationale) }
                        table.list[index].addEvidence(evidence, sharing: &sharedEvidence)
                        // A specific code whose own wording the sentence barely covers
                        // (a loose match) offers its category's unspecified code as an alternative.
                        if !table.list[index].refined, table.list[index].titleCoverage < Self.looseMatchCoverage,
                            let refinedNode = refined.node,
                            let fallbackNode = specificity.categoryDefault(of: refinedNode, context: context),
                        // A category with no unspecified child (Z68: BMI ranges) has no code to fall back on.
                        fallbackNode.isUnspecified
                        {
                            addAlternative(
                                fallbackNode.code, node: fallbackNode, weight: strength * decay * Self.alternativeFactor,
                                sectionWeight: sectionWeight, coverage: coverage(of: fallbackNode, in: context, sideWord: sideWord),
                                rationale: .looseMatchAlternative(to: refined.code), evidence: evidence, sharing: &sharedEvidence,
                                to: &table)
                        }
                        // The matched code stays a (weaker) alternative when the
                        // sentence's words moved the suggestion to a more specific one.
                        // A residual "other" code the note does not name is no alternative.
                        if side == 0, refined.code != code, let original = start, original.billable,
                            !original.isOther
                        {
                            addAlternative(
                                code, node: original, weight: strength * decay * Self.alternativeFactor,
                                sectionWeight: sectionWeight, coverage: coverage(of: original, in: context, sideWord: sideWord),
                                rationale: .specificAlternative(to: refined.code), evidence: evidence, sharing: &sharedEvidence,
                                to: &table)
                        }
                    }
                    addRefined(refinements.main, side: 0, of: code, from: start, to: &table, sharing: &sharedEvidence)
                    if let otherSide = refinements.otherSide {
                        addRefined(otherSide, side: 1, of: code, from: start, to: &table, sharing: &sharedEvidence)
                    }
                }
            }
        }
        addRetrieval(document, into: &table, excluded: collection.excluded, deniedReadings: deniedReadings, encounter: encounter, specificity: specificity,
                     contexts: &contexts, words: &tokenWords, sectionWeights: &sectionWeights, withoutDenials: &withoutDenials)
        collection.list = table.list
        return collection
    }
}
