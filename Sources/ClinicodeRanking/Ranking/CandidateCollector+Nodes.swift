import ClinicodeCore

/// The catalog nodes of a mention's codes, through the ids the matcher
/// carried on the mention (`Mention.codeIDs`): finding a node from its code
/// string hashes the string and probes the terminology's code table, once
/// per code of every mention (1.2-1.5% of a run).
extension CandidateCollector {
    /// The bound under which a mention's code ids may be asked of the catalog:
    /// its code count when it is a terminology's (whose ids the matcher
    /// gives), else 0 (no id is used).
    func mentionCodeIDLimit() -> Int {
        (catalog.catalog as? TerminologyCatalog)?.terminology.codeCount ?? 0
    }

    /// The node of `code`, through `id` when that is the id of this very code
    /// in the catalog (the mention may come from another terminology, or its
    /// codes may have changed since it was matched), else by the code itself.
    @inline(__always)
    func node(of code: CodeReference, id: Int?, below limit: Int) -> CatalogNode? {
        if let id, id < limit {
            let node = catalog.node(id: id)
            if node.code == code { return node }
        }
        return catalog.node(code)
    }
}
