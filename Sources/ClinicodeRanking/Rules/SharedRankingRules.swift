import ClinicodeCore

/// The rules a note's collector reads, behind one reference and worked out
/// once per ranker: handing it to a collector costs one retain, where a
/// copy of `RankingRules` (or a method called on one read out of a class)
/// retains and releases each of its tables, once per note.
final class SharedRankingRules: Sendable {
    /// `RankingRules.sectionWeights`.
    let sectionWeights: [String: Double]
    /// `RankingRules.familyHistory`.
    let familyHistory: [CodeMapping]
    /// `RankingRules.personalHistory`.
    let personalHistory: [CodeMapping]
    /// `RankingRules.drugUseCues`.
    let drugUseCues: [DrugUseCueRule]
    /// The largest section weight (at least 1): section weights are scaled by it.
    let maxSectionWeight: Double
    /// `RankingRules.situationWords`, hashed as title words, in title-word order.
    let situationWords: [(title: UInt64, note: [UInt64])]
    /// `RankingRules.sideDominance`, hashed as context words.
    let sideDominance: [SideDominanceRule.Hashed]
    /// Every side-dominance rule's implied words, in rule order (see
    /// `CandidateCollector.partOnlyWords(of:)`): one list for every sentence
    /// that names a rule's side, not one made per mention.
    let sideDominanceImplied: [UInt64]

    init(_ rules: RankingRules) {
        sectionWeights = rules.sectionWeights
        familyHistory = rules.familyHistory
        personalHistory = rules.personalHistory
        drugUseCues = rules.drugUseCues
        maxSectionWeight = max(1, rules.sectionWeights.values.max() ?? 1)
        sideDominance = rules.sideDominance.map(\.hashed)
        sideDominanceImplied = sideDominance.flatMap(\.implied)
        situationWords = rules.situationWords.keys.sorted().map { title in
            (WordHash.hash(title, namespace: WordHash.word),
             rules.situationWords[title]!.map { WordHash.hash($0, namespace: WordHash.word) })
        }
    }

    /// `RankingRules.weight(of:)`.
    func weight(of section: SectionKind) -> Double {
        sectionWeights[section.rawValue] ?? sectionWeights[SectionKind.none.rawValue] ?? 1
    }
}
