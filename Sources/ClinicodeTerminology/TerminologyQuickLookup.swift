import ClinicodeCore

/// The parts of a code's entry a ranker needs on every look-up, without
/// building the notes it does not read (`entry(for:)` builds them all).
public struct CodeOutline: Sendable, Hashable {
    /// The code.
    public var code: CodeReference
    /// Its title.
    public var title: String
    /// Whether it may be billed.
    public var billable: Bool
    /// Its parent in the hierarchy, if any.
    public var parent: CodeReference?
    /// Its children, in code order.
    public var children: [CodeReference]
}

extension Terminology {
    /// Title, billability, parent and children of a code; nil when unknown.
    public func outline(for code: CodeReference) -> CodeOutline? {
        guard let index = codes.find(code) else { return nil }
        return CodeOutline(
            code: codes.reference(index), title: codes.title(index), billable: codes.isBillable(index),
            parent: codes.parent(index).map(codes.reference),
            children: codes.children[index].map { codes.reference(Int($0)) })
    }

    /// The code's own Excludes1 notes (as in `entry(for:)`), without the other note kinds.
    public func excludes1Notes(for code: CodeReference) -> [CodeRange] {
        guard let index = codes.find(code) else { return [] }
        return codes.notes(index, kind: .excludes1)
    }
}
