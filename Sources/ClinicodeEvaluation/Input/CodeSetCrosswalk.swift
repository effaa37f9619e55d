/// Scores gold coded under an older release of a code set against rankings
/// made in the current one.
///
/// Code sets change every year: a code is split into children (ICD-10-CM
/// R51 "Headache" became R51.0 and R51.9 in FY2021, M54.5 became M54.50,
/// M54.51 and M54.59 in FY2022), and some corpora drop a required seventh
/// character (T14.90 for T14.90XA). An engine that follows the current
/// release can never match such a gold code exactly. The crosswalk lets a
/// gold code that is no longer a final (billable) code be matched by the
/// best-ranked code of the note's ranking that descends from it, once, so
/// researchers can see how much of a gap is the release and how much the
/// engine. Exact matching stays the default and what `score.py` computes.
public struct CodeSetCrosswalk: Sendable {
    /// Keys (see `CodeKey`) of the current release's final codes.
    let currentCodes: Set<String>

    /// A crosswalk to the release whose final (billable) codes are `currentCodes`.
    public init(currentCodes: some Sequence<String>) {
        self.currentCodes = Set(currentCodes.map { CodeKey.of($0) })
    }

    /// The gold with each out-of-release code replaced by its best-ranked
    /// descendant in the note's ranking, when there is one that is neither
    /// gold already nor taken by another such code; and how many were replaced.
    public func apply(to gold: GoldStandard, rankings: RankedPredictions) -> (gold: GoldStandard, replaced: Int) {
        var pairs: [(document: String, code: String)] = []
        var replaced = 0
        for document in gold.documents {
            let keys = gold.codes[document] ?? []
            var taken = Set(keys)
            let ranking = rankings.rankings[document] ?? []
            for key in keys {
                guard !currentCodes.contains(key),
                    let descendant = ranking.first(where: { $0.count > key.count && $0.hasPrefix(key) && !taken.contains($0) })
                else {
                    pairs.append((document, gold.displayForms[key] ?? key))
                    continue
                }
                taken.insert(descendant)
                replaced += 1
                pairs.append((document, rankings.displayForms[descendant] ?? descendant))
            }
        }
        var result = GoldStandard(pairs: pairs, source: gold.source)
        result.malformed = gold.malformed
        result.duplicateLines = gold.duplicateLines
        return (result, replaced)
    }
}
