import ClinicodeCore

/// A fracture not said to be displaced or not is coded displaced (Guidelines
/// I.C.19.c.1), so a term such as "lateral malleolus fracture" reaches the
/// "Displaced ..." code. When the note calls its fracture nondisplaced and never
/// displaced ("X-ray: nondisplaced fracture of the left lateral malleolus"), the
/// "Nondisplaced ..." sibling with the same 7th character is the code.
enum DisplacementRule {
    /// Note words saying a fracture is not displaced.
    static let nondisplacedWords: Set<String> = ["nondisplaced", "non-displaced", "undisplaced"]

    /// The nondisplaced twin of a "Displaced ..." code, or nil when the rule does not apply.
    static func nondisplacedTwin(of node: CatalogNode, in document: Document, catalog: CatalogCache) -> CatalogNode? {
        guard node.saysDisplaced, let parentID = node.parentID else { return nil }
        // The code itself or, for a 7th-character expansion, its parent carries the site.
        var base = node
        var seventh: Character? = nil
        let parent = catalog.node(id: parentID)
        if Specificity.isSeventhCharacterExpansion(node.code.code, of: parent.code.code) {
            base = parent
            seventh = node.lastCharacter
        }
        guard base.saysDisplaced, let familyID = base.parentID, saysNondisplacedOnly(document) else { return nil }
        let wanted = "Nondisplaced " + base.title.dropFirst("Displaced ".count)
        guard let twin = catalog.children(of: catalog.node(id: familyID)).first(where: { $0.title == wanted }) else { return nil }
        // A category ("S82.62") is refined below as the displaced one would have been.
        guard let seventh else { return twin }
        return catalog.children(of: twin).first { $0.lastCharacter == seventh && $0.billable }
    }

    /// Whether the note says "nondisplaced" and never "displaced" on its own.
    private static func saysNondisplacedOnly(_ document: Document) -> Bool {
        var nondisplaced = false
        for token in document.tokens where token.kind == .word {
            let word = token.normalized
            if word == "displaced" { return false }
            if nondisplacedWords.contains(word) { nondisplaced = true }
        }
        return nondisplaced
    }
}
