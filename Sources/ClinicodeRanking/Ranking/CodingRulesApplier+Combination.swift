import ClinicodeCore
import ClinicodeTerminology

extension CodingRulesApplier {
    /// Combination codes: when every part has text support, code the
    /// combination; parts not kept by "use additional code" are excluded.
    func combine(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        // A part must be a mentioned candidate matching some part pattern; most
        // notes have none, and then no rule needs a scan of the list. The
        // others have one or two: each rule's parts are looked for among
        // those only (in list order, so the same ones are found), not among
        // every candidate, once per part of every rule.
        func partCandidates() -> [Int] {
            list.withUnsafeBufferPointer { list in
                list.indices.filter {
                    list[$0].hasMention && !list[$0].fromRule && list[$0].facts!.isCombinationPart
                }
            }
        }
        var eligible = partCandidates()
        guard !eligible.isEmpty || hasPartlessCombination else { return }
        // One array for every rule's parts (emptied per rule, its storage kept):
        // one made per rule was an allocation for each rule whose first part a candidate matched.
        var partIndices: [Int] = []
        for ruleIndex in rules.combinations.indices {
            let partCount = rules.combinations[ruleIndex].parts.count
            partIndices.removeAll(keepingCapacity: true)
            for partIndex in 0..<partCount {
                guard let index = eligible.first(where: {
                    list[$0].facts!.combinationPart(ruleIndex, partIndex) && !partIndices.contains($0)
                })
                else { break }
                partIndices.append(index)
            }
            guard partIndices.count == partCount else { continue }
            let rule = rules.combinations[ruleIndex]
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
                if !part.facts!.combinationKept(ruleIndex) {
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
            eligible = partCandidates()  // the list changed
        }
    }
}
