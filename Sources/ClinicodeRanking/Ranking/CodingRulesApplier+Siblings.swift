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
        let headCount = min(list.count, Self.pairwiseLimit)
        guard headCount > 0 else { return }
        // Positions left out, as bits (the head is at most 64 long).
        var removed: UInt64 = 0
        // The specific codes, on the stack (plain values: their codes are
        // read from the list, which changes no code below): an array of them
        // was an allocation or two per note.
        withUnsafeTemporaryAllocation(of: SpecificSibling.self, capacity: headCount) { found in
            var count = 0
            // Only a code whose own wording the note covers is specific; one
            // reached by defaulting below an "other" parent is not. An "other"
            // code the descent chose from the note's words ("persistent" for
            // I48.19 Other persistent atrial fibrillation) is.
            for index in 0..<headCount where list[index].hasMention {
                guard let node = list[index].facts!.node, node.billable,
                    !node.isUnspecified || sideTitles(of: node).qualifiesParent, !node.isOther || list[index].refined
                else { continue }
                if list[index].titleCoverage < CandidateCollector.looseMatchCoverage, !list[index].fromRule { continue }
                (found.baseAddress! + count).initialize(
                    to: SpecificSibling(index: index, score: list[index].score, packed: ASCIICode(list[index].code.code)))
                count += 1
            }
            guard count > 0 else { return }
            let specific = UnsafeBufferPointer(start: found.baseAddress, count: count)
            for position in 0..<headCount {
                guard let node = list[position].facts!.node else { continue }
                let vague = node.isUnspecified
                let other = !vague && node.isOther
                // A sibling only retrieval found, next to one the wording names.
                let retrieved = !vague && !other && !list[position].hasMention
                // Combination codes stand; so does a vague code ranked above every specific sibling.
                guard vague || other || retrieved, !list[position].fromRule, let parent = node.parent else { continue }
                // A specific code below the vague code's parent (same category);
                // an unspecified code under an unspecified parent ("I48.91" under
                // "Unspecified atrial fibrillation and atrial flutter") is the
                // category's vague branch, covered by any specific code of the category.
                // Worked out once per node (`sideTitles(of:)`): the ancestors' nodes missed the cache.
                let scope = vague ? sideTitles(of: node).vagueScope ?? parent.code : parent.code
                let packedScope = ASCIICode(scope)
                guard let better = specific.first(where: {
                    list[$0.index].code.system == list[position].code.system
                        && $0.isBelow(scope, packed: packedScope, code: list[$0.index].code.code)
                        && list[$0.index].code.code != list[position].code.code
                }) else { continue }
                if vague, better.score >= list[position].score {
                    let code = list[position].code
                    if excluded[code] == nil { excluded[code] = (.combinationCode, list[position].evidence) }
                    removed |= 1 << UInt64(position)
                    continue
                }
                let betterCode = list[better.index].code.code
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
                            retrieved ? "the note's wording names its sibling \(betterCode)"
                                : "the note's words name its sibling \(betterCode)")
                    }
                    continue
                }
                if list[position].score >= better.score {
                    list[position].score = better.score * 0.9
                    list[position].addRationale("ranks below the more specific \(betterCode)")
                }
            }
        }
        Self.compact(&list, removed: removed)
    }

    /// The code an unspecified code's specific siblings lie below: its
    /// parent's, or, under unspecified ancestors, the highest one's parent's
    /// (see `preferSpecificSiblings`).
    func vagueScope(of node: CatalogNode, parent: CodeReference) -> String {
        var scope = parent.code
        if var up = node.parentID.map({ catalog.node(id: $0) }) {
            while up.isUnspecified, let next = up.parentID {
                up = catalog.node(id: next)
                scope = up.code.code
            }
        }
        return scope
    }

    /// A code whose title is its specific parent's plus an unspecified
    /// qualifier (E11.3219 "..., unspecified eye", a 7th character) is
    /// specific within its category: it still covers E11.9.
    func unspecifiedOnlyInQualifier(_ node: CatalogNode) -> Bool {
        guard let parentID = node.parentID else { return false }
        let parent = catalog.node(id: parentID)
        guard !parent.isUnspecified, !parent.isOther else { return false }
        // ASCII titles (nearly all) are compared as bytes: no joined String
        // made for every unspecified candidate of every note.
        var title = node.title, parentTitle = parent.title
        let byBytes = title.withUTF8 { title in
            parentTitle.withUTF8 { parentTitle -> Bool? in
                guard title.allSatisfy({ $0 < 0x80 }), parentTitle.allSatisfy({ $0 < 0x80 }) else { return nil }
                return title.count >= parentTitle.count + 2 && title.starts(with: parentTitle)
                    && title[parentTitle.count] == UInt8(ascii: ",") && title[parentTitle.count + 1] == UInt8(ascii: " ")
            }
        }
        return byBytes ?? node.title.hasPrefix(parent.title + ", ")
    }

    /// A specific code `preferSpecificSiblings` found (its position in the
    /// list, its score before the rule, and its code packed for the prefix
    /// test every vague sibling makes against it): plain values, kept on the stack.
    private struct SpecificSibling {
        let index: Int
        let score: Double
        let packed: ASCIICode?

        /// Whether the code (`code`, packed as `packed`) lies strictly below
        /// `scope` (a longer code starting with it) and the scope is at least
        /// a category (3 characters).
        func isBelow(_ scope: String, packed scopeCode: ASCIICode?, code: String) -> Bool {
            if let packed, let scopeCode {
                return packed.count > scopeCode.count && scopeCode.count >= 3 && packed.starts(with: scopeCode)
            }
            return code.count > scope.count && code.hasPrefix(scope) && scope.count >= 3
        }
    }
}
