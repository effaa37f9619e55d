import ClinicodeCore

/// "The more complete description wins": among candidate procedure codes for
/// the same text, prefer the code whose descriptor the sentence covers more
/// completely ("colonoscopy with biopsy" over "colonoscopy" when the
/// sentence says biopsy), and let approach and laterality words decide
/// between otherwise equal codes ("laparoscopic" against "open").
public enum ProcedureRanking {
    /// How one candidate fares against a sentence.
    public struct Evidence: Sendable, Hashable {
        /// The candidate's descriptor words present in the sentence.
        public var matched: Set<String>
        /// Qualifier words of the candidate contradicted by the sentence
        /// (it says `open`, the sentence says `laparoscopic` and not `open`).
        public var conflicts: Int
    }

    /// How `descriptor` fares against a sentence's word stems.
    public static func evidence(_ descriptor: ProcedureDescriptor, sentenceWords: Set<String>,
                                sentenceGroups: Set<String>) -> Evidence {
        let matched = descriptor.words.intersection(sentenceWords)
        var conflicts = 0
        for (word, group) in descriptor.qualifiers where !sentenceWords.contains(word) && sentenceGroups.contains(group) {
            conflicts += 1
        }
        return Evidence(matched: matched, conflicts: conflicts)
    }

    /// The candidates no other candidate beats, in input order.
    ///
    /// `b` beats `a` when the sentence supports everything of `a` that it
    /// supports of `b` and more (`a`'s matched words are a strict subset of
    /// `b`'s), or the same words while `a` asks for more that is not there
    /// (`a`'s descriptor words strictly contain `b`'s: "medial and lateral"
    /// loses to "medial"), or with fewer contradicted qualifiers. Codes that
    /// survive together name distinct services (control of bleeding and
    /// biopsy at one endoscopy) or are a genuine tie (a bare "colonoscopy").
    /// Candidates with no supported word at all lose to any that has one.
    ///
    /// `qualifierGroups` maps qualifier stems to their group (from `ProcedureRules`).
    public static func preferMostComplete(
        _ candidates: [ProcedureDescriptor], sentenceWords: Set<String>, qualifierGroups: [String: String]
    ) -> [CodeReference] {
        guard candidates.count > 1 else { return candidates.map(\.code) }
        var groups = Set<String>()
        for word in sentenceWords { if let group = qualifierGroups[word] { groups.insert(group) } }
        let scored = candidates.map { evidence($0, sentenceWords: sentenceWords, sentenceGroups: groups) }
        let anySupported = scored.contains { !$0.matched.isEmpty }
        var winners: [CodeReference] = []
        for (index, candidate) in candidates.enumerated() {
            let mine = scored[index]
            if anySupported && mine.matched.isEmpty { continue }
            let beaten = candidates.indices.contains { other in
                guard other != index else { return false }
                let theirs = scored[other]
                guard mine.matched.isSubset(of: theirs.matched), theirs.conflicts <= mine.conflicts else { return false }
                if mine.matched.count < theirs.matched.count { return true }
                if theirs.conflicts < mine.conflicts { return true }
                return candidates[other].words.isStrictSubset(of: candidate.words)
            }
            if !beaten { winners.append(candidate.code) }
        }
        return winners.isEmpty ? candidates.map(\.code) : winners
    }
}
