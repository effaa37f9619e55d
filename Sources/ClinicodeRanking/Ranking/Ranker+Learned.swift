import ClinicodeCore

extension Ranker {
    /// Children of a lexically supported category offered from training, per category.
    static let categoryChildLimit = 5

    /// Fills the learned inputs of the lexical candidates and adds the codes
    /// the model alone proposes: the strongest learned codes, and the codes
    /// coders chose in training within the categories the note's text names
    /// (lexical matching often finds the category but not the child).
    /// Returns the similarity of the nearest training note.
    ///
    /// A code the note denies (excluded) is never added; neither is a code of
    /// a category the note only denies, so a learned guess cannot undo a negation.
    func addLearned(
        _ document: Document, to collection: inout CandidateCollector.Collection, options: RankingOptions,
        leaveOut: LeaveOut?
    ) -> Double {
        let learned = model.learnedEvidence(for: NoteFeatures(document: document), leaveOut: leaveOut)
        func kernelScore(_ label: Int) -> Double {
            let column = Int(model.kernelColumn[label])
            return column >= 0 && column < learned.kernelScores.count ? Double(learned.kernelScores[column]) : 0
        }
        func fill(_ candidate: inout Candidate, label: Int) {
            candidate.neighbourVote = learned.neighbourVote[label] ?? 0
            candidate.association = learned.association[label] ?? 0
            candidate.wordAssociation = learned.wordAssociation[label] ?? 0
            candidate.prior = model.prior(label, leaveOut: leaveOut)
            candidate.kernelScore = kernelScore(label)
            candidate.childShare = model.childShare(label, leaveOut: leaveOut)
        }
        for code in Array(collection.candidates.keys) {
            guard let label = model.labelIndex(code) else { continue }
            fill(&collection.candidates[code]!, label: label)
        }
        // Categories the note affirms, and categories it only denies.
        var affirmedCategories: [CategoryKey: Double] = [:]
        for candidate in collection.candidates.values where candidate.hasMention || candidate.retrievalScore > 0 {
            let key = CategoryKey(candidate.code)
            affirmedCategories[key] = max(affirmedCategories[key] ?? 0, candidate.lexicalScore + 0.3 * candidate.retrievalScore)
        }
        var deniedCategories = Set<CategoryKey>()
        for code in collection.excluded.keys where affirmedCategories[CategoryKey(code)] == nil {
            deniedCategories.insert(CategoryKey(code))
        }
        func admissible(_ code: CodeReference) -> Bool {
            collection.candidates[code] == nil && collection.excluded[code] == nil
                && !deniedCategories.contains(CategoryKey(code)) && (options.systems?.contains(code.system) ?? true)
        }

        var strength: [Int: Double] = learned.neighbourVote
        for (label, value) in learned.association { strength[label] = max(strength[label] ?? 0, value) }
        for (label, value) in learned.wordAssociation { strength[label] = max(strength[label] ?? 0, value) }
        for (column, label) in model.kernel.columns.enumerated() where column < learned.kernelScores.count {
            strength[Int(label)] = max(strength[Int(label)] ?? 0, Double(learned.kernelScores[column]))
        }
        let best = strength.filter { $0.value >= 0.01 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var added = 0
        for (label, _) in best where added < Self.learnedCandidateLimit {
            let code = model.labels[label]
            guard admissible(code) else { continue }
            var candidate = Candidate(code: code)
            fill(&candidate, label: label)
            collection.candidates[code] = candidate
            added += 1
        }
        for key in affirmedCategories.keys.sorted(by: { ($0.system.rawValue, $0.category) < ($1.system.rawValue, $1.category) }) {
            // A training note left out must not find its own codes here.
            let children = (model.categoryLabels[key] ?? []).filter {
                model.prior($0, leaveOut: leaveOut) > 0
            }
            for label in children.prefix(Self.categoryChildLimit) {
                let code = model.labels[label]
                guard admissible(code) else { continue }
                var candidate = Candidate(code: code)
                fill(&candidate, label: label)
                collection.candidates[code] = candidate
            }
        }
        // Category-level evidence for every candidate.
        var categoryKernel: [CategoryKey: Double] = [:]
        for (column, label) in model.kernel.columns.enumerated() where column < learned.kernelScores.count {
            let score = Double(learned.kernelScores[column])
            if score > 0 { categoryKernel[CategoryKey(model.labels[Int(label)]), default: 0] += score }
        }
        // Which child of its category the note's words point to: the code's
        // share of its category's classifier and neighbour evidence (the
        // category is often clear from the text when the child is not).
        var categoryVote: [CategoryKey: Double] = [:]
        for (label, vote) in learned.neighbourVote { categoryVote[CategoryKey(model.labels[label]), default: 0] += vote }
        for code in Array(collection.candidates.keys) {
            let key = CategoryKey(code)
            let lexical = affirmedCategories[key] ?? 0
            let kernelTotal = categoryKernel[key] ?? 0, voteTotal = categoryVote[key] ?? 0
            let isGold = leaveOut.map { left in model.labelIndex(code).map { left.labels.contains($0) } ?? false } ?? false
            let precision = model.lexicalPrecision.features(of: code, leaveOut: leaveOut, isGold: isGold)
            // Changed in place through the dictionary (one look-up, no copy).
            func fill(_ candidate: inout Candidate) {
                candidate.categoryLexical = lexical
                candidate.categoryKernel = kernelTotal
                let kernelShare = kernelTotal > 0 ? max(0, candidate.kernelScore) / kernelTotal : 0
                let voteShare = voteTotal > 0 ? candidate.neighbourVote / voteTotal : 0
                candidate.withinCategory = CategoryShares(
                    kernelShare: kernelShare, voteShare: voteShare,
                    lexicalKernelShare: lexical * kernelShare, lexicalVoteShare: lexical * voteShare)
                candidate.lexicalPrecision = precision.precision
                candidate.lexicalSupport = precision.support
                if let first = candidate.evidence.lazy.map(\.span.start).min(),
                    let last = candidate.evidence.lazy.map(\.span.start).max()
                {
                    let length = Double(max(1, document.scalars.count))
                    candidate.firstPosition = Double(first) / length
                    candidate.lastPosition = Double(last) / length
                }
            }
            fill(&collection.candidates[code]!)
        }
        return learned.topSimilarity
    }
}

extension Ranker {
    /// Runs the note-level coding rules on the lexical (zero-shot) scores and
    /// records their verdicts as features, adding the combination codes they
    /// create: with a trained model the fusion weighs the rules against what
    /// coders did instead of the rules deleting codes outright.
    func addRuleVerdicts(
        _ list: inout [Candidate], excluded: ExcludedCodes,
        cache: CatalogCache
    ) {
        var probe = list
        for index in probe.indices { probe[index].score = CandidateFeatures.zeroShotScore(probe[index]) }
        Self.sortBest(&probe)
        var ruleExcluded = excluded
        let survivors = applier.apply(probe, excluded: &ruleExcluded)
        var surviving: [CodeReference: Candidate] = [:]
        for candidate in survivors { surviving[candidate.code] = candidate }
        let lexical = Dictionary(probe.map { ($0.code, $0.score) }, uniquingKeysWith: { first, _ in first })
        for index in list.indices {
            let node = cache.node(list[index].code)
            list[index].isUnspecified = node?.isUnspecified ?? false
            list[index].isOther = node?.isOther ?? false
            guard let kept = surviving[list[index].code] else {
                list[index].ruleRemoved = true
                continue
            }
            if kept.score < (lexical[list[index].code] ?? 0) - 1e-12 { list[index].ruleDemoted = true }
        }
        // Combination codes the rules build from their parts.
        let present = Set(list.map(\.code))
        for candidate in survivors where !present.contains(candidate.code) { list.append(candidate) }
    }
}
