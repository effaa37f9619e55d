/// A "without" title read once per node for `WithClauseRule`: its lower-cased
/// text, its first " without " clause and the clause's finding words. The
/// rule asks this of every "without" code of every mention; lower-casing,
/// searching (through Foundation) and splitting the title each time was most
/// of its cost.
final class WithoutClauseTitle: Sendable {
    /// The title lower-cased.
    let lowered: String
    /// The first " without " in `lowered`, nil when there is none.
    let clause: Range<String.Index>?
    /// The clause's finding words (`WithClauseRule.clauseWords`), in order.
    let findings: [Substring]
    /// The lower-cased title with every " without " read " with ": the title
    /// of the code's "with" twin (see `CodingRulesApplier.dropWithoutTwins`).
    let withTwin: String
    /// Each finding's first six characters, as the rule compares them.
    let prefixes: [Substring]
    /// Each finding's first byte when the finding is all ASCII, else 0: an
    /// ASCII character equals only itself, so a word whose first byte differs
    /// cannot share the finding's first six characters (no string compared).
    let firstBytes: [UInt8]

    init(title: String) {
        let lowered = title.lowercased()
        let clause = lowered.range(of: " without ")
        let findings = clause.map { WithClauseRule.clauseWords(lowered[$0.upperBound...]) } ?? []
        (self.lowered, self.clause, self.findings) = (lowered, clause, findings)
        withTwin = lowered.replacing(" without ", with: " with ")
        prefixes = findings.map { $0.prefix(6) }
        firstBytes = findings.map { finding in
            guard finding.utf8.allSatisfy({ $0 < 0x80 }), let first = finding.utf8.first else { return 0 }
            return first
        }
    }
}
