import ClinicodeCore

extension CodingRulesApplier {
    /// Within one category, a code the note's text supports specifically
    /// (E11.22) rules out the category's "without complications" and
    /// "unspecified" codes above it (E11.9, E11.8: excluded as covered by the
    /// specific code), and ranks above its "other" siblings (E11.29).
    func preferSpecificSiblings(
        _ list: inout [Candidate],
        excluded: inout ExcludedCodes
    ) {
        let head = list.indices.prefix(Self.pairwiseLimit)
        var specific: [(code: CodeReference, score: Double, index: Int)] = []
        // Only a code whose own wording the note covers is specific; one
        // reached by defaulting below an "other" parent is not. An "other"
        // code the descent chose from the note's words ("persistent" for
        // I48.19 Other persistent atrial fibrillation) is.
        for index in head where list[index].hasMention {
            guard let node = codeFacts(list[index].facts, orCode: list[index].code).node, node.billable,
                !node.isUnspecified || unspecifiedOnlyInQualifier(node), !node.isOther || list[index].refined
            else { continue }
            if list[index].titleCoverage < CandidateCollector.looseMatchCoverage, !list[index].fromRule { continue }
            specific.append((list[index].code, list[index].score, index))
        }
        guard !specific.isEmpty else { return }
        var keep = [Bool](repeating: true, count: list.count)
        for position in head {
            guard let node = codeFacts(list[position].facts, orCode: list[position].code).node, let parent = node.parent else { continue }
            let vague = node.isUnspecified
            let other = !vague && node.isOther
            // A sibling only retrieval found, next to one the wording names.
            let retrieved = !vague && !other && !list[position].hasMention
            // Combination codes stand; so does a vague code ranked above every specific sibling.
            guard vague || other || retrieved, !list[position].fromRule else { continue }
            // A specific code below the vague code's parent (same category);
            // an unspecified code under an unspecified parent ("I48.91" under
            // "Unspecified atrial fibrillation and atrial flutter") is the
            // category's vague branch, covered by any specific code of the category.
            var scope = parent.code
            if vague, var up = node.parentID.map({ catalog.node(id: $0) }) {
                while up.isUnspecified, let next = up.parentID {
                    up = catalog.node(id: next)
                    scope = up.code.code
                }
            }
            let code = list[position].code
            guard let better = specific.first(where: {
                $0.code.system == code.system && $0.code != code
                    && $0.code.code.count > scope.count && $0.code.code.hasPrefix(scope) && scope.count >= 3
            }) else { continue }
            if vague, better.score >= list[position].score {
                if excluded[code] == nil { excluded[code] = (.combinationCode, list[position].evidence) }
                keep[position] = false
                continue
            }
            // A sibling only retrieval found, or a residual "other" code on the
            // very words that name its specific sibling (M81.8 beside M81.0 for
            // "osteoporosis"), says nothing more: it ranks under the default cut-off.
            let sameWords = other && !list[position].evidence.isEmpty
                && list[position].evidence.allSatisfy { list[better.index].evidence.contains($0) }
            if retrieved || sameWords {
                let ceiling = better.score * Self.redundantSiblingFactor
                if list[position].score > ceiling {
                    list[position].score = ceiling
                    list[position].addRationale(
                        retrieved ? "the note's wording names its sibling \(better.code.code)"
                            : "the note's words name its sibling \(better.code.code)")
                }
                continue
            }
            if list[position].score >= better.score {
                list[position].score = better.score * 0.9
                list[position].addRationale("ranks below the more specific \(better.code.code)")
            }
        }
        Self.compact(&list, keep: keep)
    }

    /// A code whose title is its specific parent's plus an unspecified
    /// qualifier (E11.3219 "..., unspecified eye", a 7th character) is
    /// specific within its category: it still covers E11.9.
    private func unspecifiedOnlyInQualifier(_ node: CatalogNode) -> Bool {
        guard let parentID = node.parentID else { return false }
        let parent = catalog.node(id: parentID)
        return !parent.isUnspecified && !parent.isOther && node.title.hasPrefix(parent.title + ", ")
    }
}
