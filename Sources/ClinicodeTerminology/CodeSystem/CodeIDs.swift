import ClinicodeCore

/// Codes by their index in the terminology's flat arrays ("code id"), for
/// callers that walk the hierarchy many times (the ranker): an id is found
/// once from a `CodeReference`, then parent, children and title are array
/// reads with no string hashing.
extension Terminology {
    /// The id of a code (upper-case fallback as in `entry(for:)`), or nil when unknown.
    public func codeID(of code: CodeReference) -> Int? { storage.codes.find(code) }

    /// The canonical reference of a code id.
    public func codeReference(ofID id: Int) -> CodeReference { storage.codes.reference(id) }

    /// The full title of a code id.
    public func title(ofID id: Int) -> String { storage.codes.title(id) }

    /// Whether a code id may be billed.
    public func isBillable(id: Int) -> Bool { storage.codes.isBillable(id) }

    /// The parent's id, if any.
    public func parentID(ofID id: Int) -> Int? { storage.codes.parent(id) }

    /// The children's ids, in code order.
    public func childIDs(ofID id: Int) -> [Int] { storage.codes.children[id].map { Int($0) } }

    /// The code's Excludes1 notes, its own first, then its ancestors' (as `excludes1Notes(for:)`).
    public func excludes1Notes(ofID id: Int) -> [CodeRange] { storage.codes.notes(id, kind: .excludes1) }

    /// The codes the code's "code first" notes name (its own, then its ancestors'):
    /// the etiologies the classification sequences before it.
    public func codeFirstNotes(ofID id: Int) -> [CodeRange] { storage.codes.notes(id, kind: .codeFirst) }
}
