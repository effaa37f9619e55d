import ClinicodeCore

/// "Primary osteoarthritis of both knees": the lexicon's term sits under the
/// "Unilateral ..." code (M17.1 "Unilateral primary osteoarthritis of knee").
/// When the sentence names both sides, the sibling whose title says
/// "Bilateral" in its place (M17.0) is the code; the classification writes
/// the pair with the same words, so the rule reads titles, not a lexicon.
enum BilateralRule {
    /// How far above the matched code a "Unilateral ..." title is looked for
    /// (K40.90 lies under K40.9 "Unilateral inguinal hernia, ...").
    static let searchDepth = 3

    /// The bilateral code to use instead of `node`, or nil when no ancestor
    /// (or the node itself) is a "Unilateral ..." code with a "Bilateral ..." twin.
    /// A twin that is a category gives its default child ("not specified as recurrent").
    /// Found once per node (it reads the titles of the node, its ancestors and their children).
    static func bilateralTwin(of node: CatalogNode, catalog: CatalogCache) -> CatalogNode? {
        node.bilateralTwinSlot.value { NodeAnswer(findTwin(of: node, catalog: catalog)?.id) }.value.map { catalog.node(id: $0) }
    }

    /// `bilateralTwin(of:catalog:)`, worked out.
    private static func findTwin(of node: CatalogNode, catalog: CatalogCache) -> CatalogNode? {
        var current = node
        for _ in 0...searchDepth {
            if current.title.hasPrefix("Unilateral ") {
                guard let parentID = current.parentID else { return nil }
                let wanted = "Bilateral " + current.title.dropFirst("Unilateral ".count)
                guard let twin = catalog.children(of: catalog.node(id: parentID)).first(where: { $0.title == wanted })
                else { return nil }
                if twin.billable { return twin }
                let children = catalog.children(of: twin).filter(\.billable)
                return children.first { $0.title.hasSuffix("not specified as recurrent") || $0.saysUnspecified }
                    ?? children.first
            }
            guard let parentID = current.parentID else { return nil }
            current = catalog.node(id: parentID)
        }
        return nil
    }
}
