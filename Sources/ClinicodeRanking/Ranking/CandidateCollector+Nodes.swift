import ClinicodeCore

/// The catalog nodes of a mention's codes, through the ids the matcher
/// carried on the mention (`Mention.codeIDs`): finding a node from its code
/// string hashes the string and probes the terminology's code table, once
/// per code of every mention (1.2-1.5% of a run).
extension CandidateCollector {
    /// The bound under which a mention's code ids may be asked of the catalog:
    /// its code count when it is a terminology's (whose ids the matcher
    /// gives), else 0 (no id is used); and the terminology's node store.
    /// (One cast per note: each copied the catalog, retaining its parts.)
    func mentionCodeIDLimit() -> (limit: Int, store: NodeStore?) {
        guard let terminology = catalog.catalog as? TerminologyCatalog else { return (0, nil) }
        return (terminology.terminology.codeCount, terminology.store)
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

    /// Starts loading the nodes of the codes a note's mentions name before
    /// the mentions are collected: most are cold, and the collector's work
    /// between one mention's nodes and the next kept their cache misses one
    /// at a time. The slots go first, then (their slots read) the nodes'
    /// first lines (code, flags, links and title words).
    func prefetchNodes(of mentions: UnsafeBufferPointer<Mention>, in store: NodeStore?, below limit: Int) {
        guard limit > 0, let store else { return }
        for position in mentions.indices {
            let ids = mentions[position].codeIDs
            for rank in 0..<Mention.CodeIDs.capacity {
                if let id = ids[rank], id < limit { store.prefetchSlot(id) }
            }
        }
        for position in mentions.indices {
            let ids = mentions[position].codeIDs
            for rank in 0..<Mention.CodeIDs.capacity {
                if let id = ids[rank], id < limit { store.prefetchObject(id, lines: 2) }
            }
        }
    }
}
