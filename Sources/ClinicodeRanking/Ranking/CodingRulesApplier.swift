import ClinicodeCore
import ClinicodeTerminology

/// The coding rules that look at the note's codes together: combination codes
/// over their parts, Excludes1 pairs, and symptoms integral to a definitive
/// diagnosis (ranked below it).
struct CodingRulesApplier {
    let catalog: CatalogCache
    let rules: RankingRules
    /// Candidates' rule matches (see `CodeFacts`), for candidates made without them.
    let facts: CodeFactsStore

    init(catalog: CatalogCache, rules: RankingRules, facts: CodeFactsStore? = nil) {
        self.catalog = catalog
        self.rules = rules
        self.facts = facts ?? CodeFactsStore(rules: rules)
    }

    /// A candidate's facts (passed as its two fields: reading a whole
    /// candidate out of an array copies it), made when it has none.
    func codeFacts(_ known: CodeFacts?, orCode code: @autoclosure () -> CodeReference) -> CodeFacts {
        known ?? facts.facts(of: code(), catalog: catalog)
    }

    /// How many of the best candidates the pairwise rules examine (bounds the cost).
    static let pairwiseLimit = 25

    /// Score share kept by a history code whose wording names no condition.
    static let bareHistoryFactor = 0.3

    /// A code its named sibling makes redundant (one retrieval alone found,
    /// an unsided twin, a residual "other" code on the same words) keeps at
    /// most this share of the sibling's score: below
    /// `RankingOptions.defaultMinScore` for any sibling.
    static let redundantSiblingFactor = 0.25

    /// An integral symptom's score is at most this share of its diagnosis's.
    static let integralSymptomFactor = 0.5

    /// An external cause's score is at most this share of its condition's.
    static let externalCauseFactor = 0.9

    /// Score share kept by an external cause with no condition it could accompany.
    static let unaccompaniedCauseFactor = 0.25

    /// Applies the rules to candidates sorted best first; returns the survivors
    /// (re-sorted) and adds what they remove to `excluded`.
    func apply(
        _ ranked: [Candidate],
        excluded: inout ExcludedCodes
    ) -> [Candidate] {
        var list = ranked
        apply(&list, excluded: &excluded)
        return list
    }

    /// `apply(_:excluded:)` in place: candidates are moved, never copied.
    func apply(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        combine(&list, excluded: &excluded)
        Ranker.sortBest(&list)
        preferSpecificSiblings(&list, excluded: &excluded)
        dropWithoutTwins(&list, excluded: &excluded)
        demoteUnsidedTwins(&list)
        Ranker.sortBest(&list)
        demoteSuperseded(&list)
        demoteUnsited(&list)
        demoteBareHistoryCodes(&list)
        Ranker.sortBest(&list)
        applyExcludes1(&list, excluded: &excluded)
        demoteIntegralSymptoms(&list)
        demoteExternalCauses(&list)
        sequenceEtiologies(&list)
        Ranker.sortBest(&list)
    }

    /// Keeps the candidates whose `keep` flag is set, in order, moving them
    /// by swaps (no candidate is copied).
    static func compact(_ list: inout [Candidate], keep: [Bool]) {
        var next = 0
        // The buffer's swapAt moves memory; Array's copies (retains) both elements.
        list.withUnsafeMutableBufferPointer { list in
            for index in list.indices where keep[index] {
                if index != next { list.swapAt(index, next) }
                next += 1
            }
        }
        list.removeLast(list.count - next)
    }

    /// Combination codes: when every part has text support, code the
    /// combination; parts not kept by "use additional code" are excluded.
    private func combine(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        // A rule's first part must be a mentioned candidate matching some part
        // pattern; most notes have none, and then no rule needs a scan of the list.
        guard rules.combinations.contains(where: { $0.parts.isEmpty }) || list.indices.contains(where: {
            list[$0].hasMention && !list[$0].fromRule && codeFacts(list[$0].facts, orCode: list[$0].code).isCombinationPart
        }) else { return }
        for (ruleIndex, rule) in rules.combinations.enumerated() {
            var partIndices: [Int] = []
            for partIndex in rule.parts.indices {
                guard let index = list.indices.first(where: { list[$0].hasMention && !list[$0].fromRule && codeFacts(list[$0].facts, orCode: list[$0].code).combinationPart(ruleIndex, partIndex) && !partIndices.contains($0) })
                else { break }
                partIndices.append(index)
            }
            guard partIndices.count == rule.parts.count else { continue }
            let system = list[partIndices[0]].code.system
            let result = CodeReference(system: system, code: rule.result)
            guard catalog.node(result) != nil else { continue }
            var combined = list.first(where: { $0.code == result }) ?? Candidate(code: result)
            if combined.facts == nil { combined.facts = facts.facts(of: result, catalog: catalog) }
            combined.fromRule = true
            var removed: [Int] = []
            for index in partIndices {
                let part = list[index]
                combined.mentionWeights.append(contentsOf: part.mentionWeights)
                for item in part.evidence { combined.addEvidence(item) }
                combined.score = max(combined.score, part.score)
                combined.neighbourVote = max(combined.neighbourVote, part.neighbourVote)
                combined.titleCoverage = max(combined.titleCoverage, part.titleCoverage)
                combined.bestSectionWeight = max(combined.bestSectionWeight, part.bestSectionWeight)
                if !codeFacts(part.facts, orCode: part.code).combinationKept(ruleIndex) {
                    removed.append(index)
                    excluded[part.code] = (.combinationCode, part.evidence)
                } else {
                    list[index].addRationale("also coded with combination code \(rule.result) (use additional code)")
                }
            }
            let parts = partIndices.map { list[$0].code.code }.joined(separator: " + ")
            combined.addRationale("combination code for \(parts)")
            combined.score = min(1, combined.score + 0.01)
            // Remove by code: removing the old copy of the result first would
            // shift the parts' indices onto unrelated candidates.
            let removedCodes = Set(removed.map { list[$0].code })
            list.removeAll { $0.code == result || removedCodes.contains($0.code) }
            list.append(combined)
        }
    }

    /// A vague code ranks below a more specific code of the same kind the
    /// note's text supports (half its score).
    private func demoteSuperseded(_ list: inout [Candidate]) {
        guard !rules.superseded.isEmpty else { return }
        // Positions of the specific codes (only scores change below, never codes).
        let specific = list.prefix(Self.pairwiseLimit).indices.filter { list[$0].hasMention }
        for index in list.indices {
            let vague = codeFacts(list[index].facts, orCode: list[index].code)
            guard vague.isSuperseded else { continue }
            for rule in rules.superseded.indices where vague.supersededSymptom(rule) {
                guard let better = specific.first(where: {
                    let other = codeFacts(list[$0].facts, orCode: list[$0].code)
                    return other.supersededDiagnosis(rule) && !other.supersededSymptom(rule) && list[$0].code.code != list[index].code.code
                }) else { continue }
                list[index].score *= 0.5
                list[index].addRationale("less specific than \(list[better].code.code)")
                break
            }
        }
    }

    /// A code of unspecified site or kind ranks at its rule's factor: the
    /// note usually says more than the bare word that reached it.
    private func demoteUnsited(_ list: inout [Candidate]) {
        guard !rules.unsited.isEmpty else { return }
        for index in list.indices {
            guard let rule = codeFacts(list[index].facts, orCode: list[index].code).unsitedRule else { continue }
            list[index].score *= rules.unsited[rule].factor
            list[index].addRationale("a code for an unspecified site or kind: the note may name the site")
        }
    }

    /// A personal or family history code (Z80-Z87) of "other" or
    /// "unspecified" conditions reached by the note's wording alone names no
    /// condition: "Personal history: ..." and "family history" are labels.
    /// Such a code ranks low unless a history rule or a synonym gave it.
    private func demoteBareHistoryCodes(_ list: inout [Candidate]) {
        for index in list.indices {
            let code = list[index].code.code
            guard code.hasPrefix("Z8"), code < "Z88", !list[index].fromRule, !list[index].namedOutright,
                let node = codeFacts(list[index].facts, orCode: list[index].code).node, node.isOther || node.isUnspecified
            else { continue }
            list[index].score *= Self.bareHistoryFactor
            list[index].addRationale("history code naming no condition")
        }
    }

    /// Excludes1: two codes that may not be coded together keep the better
    /// supported one; candidates are moved, never copied.
    func applyExcludes1(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        var keep = [Bool](repeating: true, count: list.count)
        // The kept candidates the check looks at, as plain values: the pair
        // test copies each one, and a copy holding Strings or class references
        // would retain and release them for every pair.
        var examined: [ExclusionParty] = []
        examined.reserveCapacity(Self.pairwiseLimit)
        // Keeps the examined parties' Excludes1 lists alive (parties hold them unretained).
        var lists: [ExclusionList] = []
        lists.reserveCapacity(Self.pairwiseLimit)
        // Distinct code systems met, so parties compare systems as integers.
        var systems: [CodeSystemID] = []
        list.withUnsafeBufferPointer { candidates in
            for position in candidates.indices.prefix(Self.pairwiseLimit) {
                let code = candidates[position].code
                let found = codeFacts(candidates[position].facts, orCode: code).node
                let system: Int
                if let known = systems.firstIndex(of: code.system) {
                    system = known
                } else {
                    system = systems.count
                    systems.append(code.system)
                }
                var exclusions: Unmanaged<ExclusionList>? = nil
                if let found {
                    let list = catalog.excludes1(of: found)
                    lists.append(list)
                    exclusions = Unmanaged.passUnretained(list)
                }
                // Packed comparisons are on the node's own code: only when it is the candidate's spelling.
                let ownNode = found.map { $0.code.code == code.code } ?? false
                let packed = ownNode ? found?.packedCode : nil
                let party = ExclusionParty(
                    position: position, system: system, exclusions: exclusions, hasNode: ownNode,
                    hasPackedCode: packed != nil, packedCode: packed ?? 0,
                    firstByte: ExclusionList.firstByteBit(of: code.code))
                let clashes = examined.withUnsafeBufferPointer { winners in
                    winners.prefix(Self.pairwiseLimit).contains { winner in
                        winner.system == party.system
                            && (winner.excludes(party, in: candidates) || party.excludes(winner, in: candidates))
                    }
                }
                if clashes {
                    if excluded[code] == nil { excluded[code] = (.excludes1, candidates[position].evidence) }
                    keep[position] = false
                    continue
                }
                examined.append(party)
            }
        }
        withExtendedLifetime(lists) {}
        Self.compact(&list, keep: keep)
    }

    /// One side of an Excludes1 check: a candidate code and its notes' ranges,
    /// in plain values (the list is held alive by the caller).
    private struct ExclusionParty {
        /// The candidate's position in the list (for its code when a range is not packed).
        let position: Int
        /// The code system, as an index into the systems met.
        let system: Int
        let exclusions: Unmanaged<ExclusionList>?
        /// The candidate's node carries the candidate's own code spelling.
        let hasNode: Bool
        /// The node's packed code (valid when `hasPackedCode`).
        let hasPackedCode: Bool
        let packedCode: UInt64
        let firstByte: UInt64

        /// Whether this code's Excludes1 notes name `other`'s code (as `CodeRange.contains`).
        func excludes(_ other: ExclusionParty, in candidates: UnsafeBufferPointer<Candidate>) -> Bool {
            guard let exclusions else { return false }
            return exclusions._withUnsafeGuaranteedRef { exclusions in
                guard exclusions.firstBytes & other.firstByte != 0 else { return false }
                return exclusions.ranges.withUnsafeBufferPointer { ranges in
                    for index in ranges.indices {
                        if other.hasNode, other.hasPackedCode, ranges[index].isPacked {
                            if ranges[index].contains(packed: other.packedCode) { return true }
                        } else if ranges[index].range.contains(candidates[other.position].code.code) {
                            return true
                        }
                    }
                    return false
                }
            }
        }
    }

    /// Symptoms integral to a definitive diagnosis named in the note rank
    /// below it (Guidelines I.B.5): kept for the coder, never above the
    /// diagnosis, with a rationale naming it.
    private func demoteIntegralSymptoms(_ list: inout [Candidate]) {
        guard !rules.integralSymptoms.isEmpty else { return }
        // Positions and scores of the definitive diagnoses, taken before any symptom's score changes.
        let definitive = list.prefix(Self.pairwiseLimit).indices
            .filter { list[$0].hasMention && !list[$0].code.code.hasPrefix("R") }
            .map { (position: $0, score: list[$0].score) }
        guard !definitive.isEmpty else { return }
        for index in list.indices {
            let symptom = codeFacts(list[index].facts, orCode: list[index].code)
            // Mostly R codes; a row may also name a sign coded elsewhere ("pain in wrist"
            // M25.531 beside the wrist's fracture, "erythema" L53.9 beside cellulitis).
            guard symptom.isIntegralSymptom else { continue }
            for rule in rules.integralSymptoms.indices where symptom.integralSymptom(rule) {
                // The best-scored diagnosis it is integral to (definitive is best first).
                guard let diagnosis = definitive.first(where: { codeFacts(list[$0.position].facts, orCode: list[$0.position].code).integralDiagnosis(rule) }) else { continue }
                list[index].score = min(list[index].score, diagnosis.score * Self.integralSymptomFactor)
                list[index].addRationale("integral to \(list[diagnosis.position].code.code); ranks below it")
                break
            }
        }
    }

    /// External-cause codes say how an injury or complication happened: they
    /// rank below the condition they accompany and are never coded alone
    /// (Guidelines I.C.20), so without one they keep a small share.
    private func demoteExternalCauses(_ list: inout [Candidate]) {
        guard !rules.externalCauses.isEmpty else { return }
        let conditions = list.prefix(Self.pairwiseLimit).indices
            .filter { list[$0].hasMention }
            .map { (position: $0, score: list[$0].score) }
        for index in list.indices {
            let cause = codeFacts(list[index].facts, orCode: list[index].code)
            guard cause.isExternalCause else { continue }
            var accompanied: (position: Int, score: Double)?
            for rule in rules.externalCauses.indices where cause.externalCause(rule) {
                // The best-scored condition it can accompany (conditions are best first).
                if let found = conditions.first(where: {
                    codeFacts(list[$0.position].facts, orCode: list[$0.position].code).externalCondition(rule)
                }), found.score > (accompanied?.score ?? -1) {
                    accompanied = found
                }
            }
            if let condition = accompanied {
                list[index].score = min(list[index].score, condition.score * Self.externalCauseFactor)
                list[index].addRationale("external cause of \(list[condition.position].code.code); ranks below it")
            } else {
                list[index].score *= Self.unaccompaniedCauseFactor
                list[index].addRationale("external cause with no injury or complication suggested")
            }
        }
    }
}
