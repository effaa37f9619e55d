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
        // Lower-cased titles of the supported "with" codes, by position.
        var withTitles: [String: Int] = [:]
        for index in head where list[index].hasMention || list[index].fromRule {
            guard let node = codeFacts(list[index].facts, orCode: list[index].code).node, node.billable else { continue }
            // Most titles have no " with ": a byte scan rules them out before
            // the lowered copy (and it finds " with " in any case, so no search follows).
            guard Self.saysSpacedWith(node.title) else { continue }
            // Lower-cased once per node (see `sideTitles(of:)`), not per note.
            withTitles[Self.sideTitles(of: node).lowered] = index
        }
        guard !withTitles.isEmpty else { return }
        var keep = [Bool](repeating: true, count: list.count)
        for position in head where !list[position].fromRule {
            guard let node = codeFacts(list[position].facts, orCode: list[position].code).node, node.saysWithout else { continue }
            let twin = WithClauseRule.withoutClause(of: node).withTwin
            guard let better = withTitles[twin], better != position else { continue }
            let code = list[position].code
            if excluded[code] == nil { excluded[code] = (.combinationCode, list[position].evidence) }
            keep[position] = false
        }
        Self.compact(&list, keep: keep)
    }

    /// Whether a title has " with " in any ASCII case: a title whose lowered
    /// form contains " with " always does (only ASCII letters lower to ASCII ones).
    private static func saysSpacedWith(_ title: String) -> Bool {
        var title = title
        return title.withUTF8 { bytes in
            guard bytes.count >= 6 else { return false }
            // ASCII letters lowered by setting bit 5 (no other byte here maps to these).
            for start in 0...(bytes.count - 6) where bytes[start] == 0x20 && bytes[start + 5] == 0x20 {
                if bytes[start + 1] | 0x20 == UInt8(ascii: "w"), bytes[start + 2] | 0x20 == UInt8(ascii: "i"),
                    bytes[start + 3] | 0x20 == UInt8(ascii: "t"), bytes[start + 4] | 0x20 == UInt8(ascii: "h")
                {
                    return true
                }
            }
            return false
        }
    }
}
