import ClinicodeCore

/// Ranks the codes a note supports: gathers candidates from the matcher's
/// mentions and from loose retrieval, scores them (lexical evidence, sections,
/// specificity and, with a trained model, learned priors, associations and
/// similar notes), applies the coding rules and returns suggestions with
/// their evidence and the codes left out with reasons.
public struct Ranker: Sendable {
    let catalog: any CodeCatalog
    let model: RankingModel
    let rules: RankingRules
    /// The rules' cue words, keyed for per-token look-ups.
    let cues: CueWords
    /// What the rules say of each code met so far, shared by every note.
    let facts: CodeFactsStore
    /// The rules as every note's collector reads them (a reference: a
    /// collector holding the rules struct copied, retained and released
    /// each of its tables once per note).
    let shared: SharedRankingRules
    /// The note-level coding rules, made once: one made per note copied
    /// (retained and released) every table of the rules.
    let applier: CodingRulesApplier

    /// Learned-only candidates considered per note.
    static let learnedCandidateLimit = 150

    init(catalog: any CodeCatalog, model: RankingModel, rules: RankingRules) {
        self.catalog = catalog
        self.model = model
        self.rules = rules
        cues = CueWords(rules)
        facts = CodeFactsStore(rules: rules)
        shared = SharedRankingRules(rules)
        applier = CodingRulesApplier(catalog: CatalogCache(catalog), rules: rules, facts: facts)
    }

    /// Deterministic order: score descending, then code ascending.
    static func order(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
        lhs.score != rhs.score ? lhs.score > rhs.score : lhs.code < rhs.code
    }

    /// Sorts candidates with `order`, sorting indices and then moving each
    /// (large) candidate into place by swaps along the permutation's cycles,
    /// so no candidate is copied (retained) at all; the sort is stable either
    /// way, so the result is the same.
    static func sortBest(_ list: inout [Candidate]) {
        let count = list.count
        guard count > 1 else { return }
        // The coding rules re-sort after each step and most steps change no
        // order: a list already in order is what the stable sort would return.
        let inOrder = list.withUnsafeBufferPointer { list in
            (1..<list.count).allSatisfy { !order(list[$0], list[$0 - 1]) }
        }
        if inOrder { return }
        // A note has a dozen candidates or so: their indices are sorted by
        // insertion (stable, as the library's sort) in a buffer on the stack,
        // where the library's sort allocated the indices, their sorted copy
        // and the permutation's working copy, several times per note.
        guard count <= smallSortLimit else {
            let permutation = list.indices.sorted { order(list[$0], list[$1]) }
            permute(&list, to: permutation)
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { permutation in
            list.withUnsafeBufferPointer { list in
                for index in 0..<count {
                    let moving = index
                    var slot = index
                    while slot > 0, order(list[moving], list[permutation[slot - 1]]) {
                        permutation[slot] = permutation[slot - 1]
                        slot -= 1
                    }
                    permutation[slot] = moving
                }
            }
            list.withUnsafeMutableBufferPointer { permute($0, to: permutation) }
        }
    }

    /// Lists up to this long are sorted by insertion on the stack (`sortBest`).
    static let smallSortLimit = 48

    /// Puts the candidate now at `permutation[i]` at position `i`, by swaps.
    static func permute(_ list: inout [Candidate], to permutation: [Int]) {
        var permutation = permutation
        // The buffer's swapAt moves memory; Array's copies (retains) both elements.
        list.withUnsafeMutableBufferPointer { list in
            permutation.withUnsafeMutableBufferPointer { permute(list, to: $0) }
        }
    }

    /// `permute(_:to:)` over buffers; `permutation` is used up (left the identity).
    static func permute(_ list: UnsafeMutableBufferPointer<Candidate>, to permutation: UnsafeMutableBufferPointer<Int>) {
        guard let base = list.baseAddress else { return }
        // Position i must receive the element now at permutation[i]. Each cycle's
        // elements move once along it, its first held aside: a swap per step moved
        // each (large) candidate three times.
        for start in permutation.indices where permutation[start] != start {
            let first = (base + start).move()
            var current = start
            while permutation[current] != start {
                let next = permutation[current]
                (base + current).moveInitialize(from: base + next, count: 1)
                permutation[current] = current
                current = next
            }
            (base + current).initialize(to: first)
            permutation[current] = current
        }
    }

    /// Ranks one annotated note (tokens, sentences, sections, mentions with assertions).
    public func rank(_ document: Document, options: RankingOptions) -> NoteResult {
        let cache = CatalogCache(catalog)
        var gathered = candidates(for: document, options: options, leaveOut: nil, cache: cache)
        var ranked: [Candidate] = []
        swap(&ranked, &gathered.candidates)  // moved out: changed in place below, never copied
        let topSimilarity = gathered.topSimilarity
        // Through the buffer: reading an element out of the Array copies (retains) it.
        ranked.withUnsafeMutableBufferPointer { ranked in
            for index in ranked.indices { ranked[index].score = score(ranked[index], topSimilarity: topSimilarity) }
        }
        Self.sortBest(&ranked)
        // Moved out as well: a copy still shared with `gathered` was copied
        // whole (its storage and every entry retained) at the rules' first write.
        var excluded = ExcludedCodes()
        swap(&excluded, &gathered.excluded)
        // A trained model learned from coders how far to follow the ranking
        // rules (their verdicts are fusion features), so it ranks every
        // candidate; but two codes an Excludes1 note forbids together are
        // never both suggested: the better scored one stays.
        if model.isTrained {
            applier.applyExcludes1(&ranked, excluded: &excluded)
        } else {
            applier.apply(&ranked, excluded: &excluded)
        }
        // No sort here: `apply` ends sorted, and `applyExcludes1` only drops
        // candidates from a sorted list (keeping the order).

        if let minScore = options.minScore {
            ranked.removeAll { $0.score < minScore }
        } else if options.top == nil {
            ranked.removeAll { $0.score < RankingOptions.defaultMinScore }
        }
        if let top = options.top, ranked.count > max(0, top) { ranked.removeLast(ranked.count - max(0, top)) }

        let full = options.detail == .full
        // Over the buffer: `map` over the array copied every (large) candidate
        // (retaining and releasing each of its arrays and references).
        let suggestions = ranked.withUnsafeBufferPointer { ranked in
            ranked.indices.map { index -> CodeSuggestion in
                suggestion(ranked.baseAddress! + index, full: full, document: document, cache: cache)
            }
        }
        guard full else { return NoteResult(id: document.id, suggestions: suggestions, excluded: [], warnings: document.warnings) }
        // Suggested codes are dropped from the excluded ones in place (no set
        // of the suggested codes built, no filtered dictionary hashed again).
        if !excluded.isEmpty {
            for index in ranked.indices { excluded.removeValue(forKey: ranked[index].code) }
        }
        let left = excluded.sorted { $0.key < $1.key }.map { code, entry in
            ExcludedCode(
                code: code, title: cache.node(code)?.title ?? "", reason: entry.reason,
                evidence: entry.evidence.map { $0.evidence(in: document) })
        }
        return NoteResult(id: document.id, suggestions: suggestions, excluded: left, warnings: document.warnings)
    }

    /// A kept candidate as a suggestion (`full`: with its evidence and rationale).
    /// The candidate is read in place, field by field: passed by value, each
    /// (large) candidate was copied out of the list, every array and
    /// reference in it retained and released.
    private func suggestion(
        _ candidate: UnsafePointer<Candidate>, full: Bool, document: Document, cache: CatalogCache
    ) -> CodeSuggestion {
        // The facts' node when the candidate has facts (nil there stays nil), else the catalog's.
        let node = candidate.pointee.facts != nil ? candidate.pointee.facts!.node : cache.node(candidate.pointee.code)
        let score = (candidate.pointee.score * 10_000).rounded() / 10_000
        guard full else {
            return CodeSuggestion(
                code: candidate.pointee.code, title: node?.title ?? "", score: score, billable: node?.billable ?? false, evidence: [])
        }
        var rationale = candidate.pointee.rationale.map(\.text)
        if !candidate.pointee.hasMention && candidate.pointee.retrievalScore == 0 && !candidate.pointee.fromRule {
            rationale.append("suggested by the trained model (similar coded notes, associated terms)")
        }
        return CodeSuggestion(
            code: candidate.pointee.code, title: node?.title ?? "", score: score,
            billable: node?.billable ?? false, evidence: candidate.pointee.evidence.map { $0.evidence(in: document) },
            rationale: rationale)
    }

    /// The score of one candidate: fused when a model is trained, lexical otherwise.
    func score(_ candidate: Candidate, topSimilarity: Double) -> Double {
        if model.isTrained {
            let vector = CandidateFeatures.vector(candidate, topSimilarity: topSimilarity)
            return CandidateFeatures.fusedScore(vector, weights: model.fusionWeights, margin: model.trees.margin(vector))
        }
        return CandidateFeatures.zeroShotScore(candidate)
    }

    /// Candidates with their features (unscored), before the note-level coding
    /// rules: in code order with a trained model, else in no set order.
    func candidates(for document: Document, options: RankingOptions, leaveOut: LeaveOut?, cache: CatalogCache) -> (
        candidates: [Candidate], excluded: ExcludedCodes,
        topSimilarity: Double
    ) {
        let collector = CandidateCollector(catalog: cache, shared: shared, cues: cues, options: options, facts: facts)
        var collection = collector.collect(document)
        // "After a fall" with a fracture: the fall is the fracture's cause (W19), not R29.6.
        EventCauseRule.apply(rules.eventCauses, to: &collection.list, in: document, catalog: cache, facts: facts)
        var topSimilarity = 0.0
        var list: [Candidate] = []
        if model.documentCount > 0 {
            collection.candidates = CandidateTable.dictionary(of: collection.list)
            collection.list = []
            topSimilarity = addLearned(document, to: &collection, options: options, leaveOut: leaveOut)
            list = Array(collection.candidates.values)
        } else {
            // Codes are already unique: no dictionary to build (the order comes from the sort).
            swap(&list, &collection.list)
        }
        // The learned features read the list in code order (ties between
        // signals break by code); a zero-shot ranking sorts the list by score
        // and code, a total order over unique codes, so it needs no order here.
        if model.documentCount > 0 {
            let byCode = list.indices.sorted { list[$0].code < list[$1].code }
            Self.permute(&list, to: byCode)
        }
        // Learned candidates are made by code alone.
        for index in list.indices where list[index].facts == nil {
            list[index].facts = facts.facts(of: list[index].code, catalog: cache)
        }
        // Reciprocal ranks and rule verdicts are features of the learned
        // fusion only: a zero-shot model never reads them.
        if model.documentCount > 0 {
            CandidateFeatures.assignReciprocalRanks(&list)
            addRuleVerdicts(&list, excluded: collection.excluded, cache: cache)
        }
        return (list, collection.excluded, topSimilarity)
    }
}
