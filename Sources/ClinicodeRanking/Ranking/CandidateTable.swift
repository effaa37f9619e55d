import ClinicodeCore

/// A note's candidates while the collector gathers them: updated in place
/// (no copy of a candidate per mention) and found by code id, with no String
/// hashing, when the code is spelled as its catalog node spells it. Other
/// codes (unknown, or another spelling) are found by their reference, so
/// candidates stay one per `CodeReference`, as in a dictionary keyed by it.
struct CandidateTable {
    /// The candidates, in the order they were first met.
    var list: [Candidate] = []
    /// Where new candidates get their `CodeFacts`.
    let facts: CodeFactsStore
    private var byID = IntIndexTable()
    private var byReference: [CodeReference: Int] = [:]
    /// Whether new candidates keep their rationale (see `Candidate.keepsNotes`).
    let keepsNotes: Bool

    init(facts: CodeFactsStore, keepsNotes: Bool = true) {
        self.facts = facts
        self.keepsNotes = keepsNotes
    }

    /// The index in `list` of the code's candidate, created if new. `node`
    /// is the code's catalog node, if known; `known`, the code's facts when
    /// the caller holds them (`facts.facts(code: code.code, node: node)`).
    mutating func index(of code: CodeReference, node: CatalogNode?, facts known: CodeFacts? = nil) -> Int {
        if let node, node.code == code {
            if let index = byID.index(of: node.id) { return index }
            byID.insert(node.id, index: list.count)
        } else {
            if let index = byReference[code] { return index }
            byReference[code] = list.count
        }
        // Made in place: a local candidate was copied into the list and then destroyed.
        let index = list.count
        list.append(Candidate(code: code))
        list[index].keepsNotes = keepsNotes
        list[index].facts = known ?? facts.facts(code: code.code, node: node)
        return index
    }

    /// A table's candidates (one per code) keyed by code.
    static func dictionary(of list: [Candidate]) -> [CodeReference: Candidate] {
        var result: [CodeReference: Candidate] = [:]
        result.reserveCapacity(list.count)
        for candidate in list { result[candidate.code] = candidate }
        return result
    }
}
