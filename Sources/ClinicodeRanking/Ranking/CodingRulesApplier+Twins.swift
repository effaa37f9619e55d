import ClinicodeCore

extension CodingRulesApplier {
    /// A "without" code beside its "with" twin the note supports: R65.20
    /// "Severe sepsis without septic shock" (from "severe sepsis") beside R65.21
    /// "Severe sepsis with septic shock" (from "septic shock"). The note names
    /// the finding the first one says is absent, so the "with" code covers it
    /// and the "without" one is excluded (the classification writes the pair
    /// with the same words, so the rule reads titles).
    func dropWithoutTwins(_ list: inout [Candidate], excluded: inout ExcludedCodes) {
        let head = list.indices.prefix(Self.pairwiseLimit)
        // Most notes have no "without" code to drop: then no title is read.
        guard head.contains(where: { !list[$0].fromRule && list[$0].facts!.node?.saysWithout == true }) else { return }
        // Lower-cased titles of the supported "with" codes, by position.
        var withTitles: [String: Int] = [:]
        for index in head where list[index].hasMention || list[index].fromRule {
            guard let node = list[index].facts!.node, node.billable else { continue }
            // Most titles have no " with ": the node's flag (read from its title's
            // bytes in any case when the node was made) rules them out before the lowered copy.
            guard node.saysSpacedWith else { continue }
            // Lower-cased once per node (see `sidedTitle(of:)`), not per note.
            withTitles[sidedTitle(of: node).lowered] = index
        }
        guard !withTitles.isEmpty else { return }
        // Positions left out, as bits (the head is at most 64 long).
        var removed: UInt64 = 0
        for position in head where !list[position].fromRule {
            guard let node = list[position].facts!.node, node.saysWithout else { continue }
            let twin = WithClauseRule.withoutClause(of: node).withTwin
            guard let better = withTitles[twin], better != position else { continue }
            let code = list[position].code
            if excluded[code] == nil { excluded[code] = (.combinationCode, list[position].evidence) }
            removed |= 1 << UInt64(position)
        }
        Self.compact(&list, removed: removed)
    }
}
