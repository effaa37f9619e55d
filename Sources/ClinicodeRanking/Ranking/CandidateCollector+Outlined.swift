import ClinicodeCore

/// The collector's less common steps for one reading of a mention, kept out
/// of line: the mention loop is large, and these steps (a history mapping,
/// an alternative code, a sentence with a "without" clause) inlined in it
/// spread its common path over more instruction-cache lines, which the
/// specificity walk between one mention and the next evicts.
extension CandidateCollector {
    /// Adds a mention's weight and evidence to an alternative candidate (a
    /// category's unspecified code beside a loose match, the matched code
    /// beside the specific one the sentence moved to).
    @inline(never)
    func addAlternative(
        _ code: CodeReference, node: CatalogNode, weight: Double, sectionWeight: Double, coverage: Double,
        rationale: RationaleNote, evidence: NoteEvidence, sharing sharedEvidence: inout [NoteEvidence], to table: inout CandidateTable
    ) {
        let alternative = table.index(of: code, node: node)
        table.list[alternative].mentionWeights.append(weight)
        table.list[alternative].bestSectionWeight = max(table.list[alternative].bestSectionWeight, sectionWeight)
        table.list[alternative].titleCoverage = max(table.list[alternative].titleCoverage, coverage)
        table.list[alternative].addRationale(rationale)
        table.list[alternative].addEvidence(evidence, sharing: &sharedEvidence)
    }

    /// Codes an excluded reading (a family member's, a resolved past
    /// condition) as its history code `target`, if the catalog has it.
    @inline(never)
    func addHistoryCode(
        _ target: String, of code: CodeReference, reason: ExclusionReason, unweighted: Double, decay: Double, sectionWeight: Double,
        neutralSectionWeight: Double, evidence: NoteEvidence, sharing sharedEvidence: inout [NoteEvidence],
        to table: inout CandidateTable, in document: Document
    ) {
        let targetCode = CodeReference(system: code.system, code: target)
        guard let targetNode = catalog.node(targetCode) else { return }
        let index = table.index(of: targetCode, node: targetNode)
        // The family history section is where a family-history code's
        // evidence belongs: it weighs there as a neutral section does.
        let targetSectionWeight = reason == .family ? max(sectionWeight, neutralSectionWeight) : sectionWeight
        table.list[index].mentionWeights.append(unweighted * targetSectionWeight * decay * 0.9)
        table.list[index].fromRule = true
        table.list[index].bestSectionWeight = max(table.list[index].bestSectionWeight, targetSectionWeight)
        table.list[index].titleCoverage = max(table.list[index].titleCoverage, 0.5)
        table.list[index].addEvidence(evidence, sharing: &sharedEvidence)
        let kind = reason == .family ? "family history" : "resolved personal history"
        // Written out now: two spans of one wording give one note (and this is rare).
        table.list[index].addRationale("\(kind) of \(code.code) (\(evidence.text(in: document)))")
    }

    /// `Specificity.refineEachSide` for a sentence whose "without" clauses
    /// deny `sentenceDenied`: the walk must not read what they deny
    /// ("preeclampsia without severe features" is no lead to the severe
    /// codes, nor "COPD, stable without exacerbation" to the exacerbation
    /// code). Nil when the reading gives no code.
    @inline(never)
    func refineOutsideDenials(
        _ code: CodeReference, start: CatalogNode?, sentenceDenied: [String], context: Specificity.Context,
        near: Specificity.Context?, term: String, bothSides: Bool, widens: Bool, specificity: Specificity,
        scratch: inout [UInt64]
    ) -> Specificity.Refinements? {
        // Hashed text by text: a space ends a word, so this is the joined text's words.
        WordHash.titleWords(of: sentenceDenied, into: &scratch)
        var kept = context
        kept.words = context.words.removing(scratch)
        kept.key = -1
        var keptNear = near
        keptNear?.words = near?.words.removing(scratch) ?? []
        keptNear?.key = -1
        let refined = specificity.refineEachSide(
            code, start: start, in: kept, widenIn: keptNear, term: term, bothSides: bothSides, widens: widens)
        if let node = refined.main.node, node !== start, WithoutClauseRule.contradicts(node, denied: sentenceDenied) {
            guard let start, start.billable else { return nil }
            return .init(main: .init(code: code, node: start, rationale: nil, sideWord: nil, unsplitCode: code), otherSide: nil)
        }
        return refined
    }
}
