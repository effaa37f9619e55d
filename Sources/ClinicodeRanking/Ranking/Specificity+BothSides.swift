import ClinicodeCore

/// Guidelines I.B.13: "When a patient has a bilateral condition and each side
/// is treated during the current encounter, assign separate codes for both the
/// left and right side" where the classification has no bilateral code for it
/// ("bilateral renal cell carcinoma": C64.1 and C64.2, not C64.9). Where it has
/// one ("Bilateral primary osteoarthritis of knee", "..., bilateral") that code
/// stays the answer: the descent already chooses it from the bilateral word.
extension Specificity {
    /// One refinement of a mention's code: the code, its node, the rationale
    /// note, and the side word added to the refined context for measuring its
    /// title coverage (not the context itself: a copy of it per refinement
    /// retained and released its word table and encounter cue).
    struct SideRefinement {
        let code: CodeReference
        let node: CatalogNode?
        let rationale: RationaleNote?
        /// The side's word (`rightWord`, `leftWord`) when the code is one side
        /// of a bilateral condition: its coverage counts the word as named.
        let sideWord: UInt64?
        /// The code `refine` chose: `code`, or the unspecified-side code it stands
        /// in for (so a term naming that code outright names each side's too).
        let unsplitCode: CodeReference
    }

    /// One refinement (`main`), or one per side (right in `main`): held
    /// inline, so the usual single refinement costs no array.
    struct Refinements: RandomAccessCollection {
        let main: SideRefinement
        let otherSide: SideRefinement?

        var startIndex: Int { 0 }
        var endIndex: Int { otherSide == nil ? 1 : 2 }
        subscript(position: Int) -> SideRefinement { position == 0 ? main : otherSide! }
    }

    /// The hashes of the canonical side words that `laterality.tsv` words fold to.
    static let rightWord = WordHash.hash(Side.right.rawValue, namespace: WordHash.word)
    static let leftWord = WordHash.hash(Side.left.rawValue, namespace: WordHash.word)
    static let bilateralWord = WordHash.hash(Side.bilateral.rawValue, namespace: WordHash.word)
    static let unspecifiedWord = WordHash.hash("unspecified", namespace: WordHash.word)

    /// `refine(_:start:in:)`, then, when `bothSides` (a bilateral word stands
    /// near the mention) and the refined code is of unspecified side where
    /// its family has right and left codes but no bilateral one, one
    /// refinement per side instead (right first), each measured with its
    /// side's word added to the context.
    func refineEachSide(
        _ code: CodeReference, start: CatalogNode?, in context: Context, widenIn near: Context? = nil,
        term: String? = nil, bothSides: Bool, widens: Bool = true
    ) -> Refinements {
        // Taken apart at once: reading fields of the returned tuple copied all of it.
        let (refinedCode, refinedNode, rationale) = refine(code, start: start, in: context, widenIn: near, term: term, widens: widens)
        let single = SideRefinement(
            code: refinedCode, node: refinedNode, rationale: rationale.map { .refinement($0) }, sideWord: nil,
            unsplitCode: refinedCode)
        guard bothSides, let node = refinedNode, node.billable, let pair = sidePair(above: node)
        else { return Refinements(main: single, otherSide: nil) }
        var result: [SideRefinement] = []
        for (side, word) in [(pair.right, Self.rightWord), (pair.left, Self.leftWord)] {
            var sideContext = context
            sideContext.words.insert(word)
            // Words of one side only: choices made in them are not the sentence's to memoise.
            sideContext.key = -1
            let chosen = refine(side.code, start: side, in: sideContext)
            guard chosen.node?.billable == true else { return Refinements(main: single, otherSide: nil) }
            let note = "bilateral, and \(pair.parent.code.code) has no bilateral code: each side coded (Guidelines I.B.13)"
            result.append(SideRefinement(code: chosen.code, node: chosen.node, rationale: .text(note), sideWord: word, unsplitCode: refinedCode))
        }
        return Refinements(main: result[0], otherSide: result[1])
    }

    /// The right and left codes standing in for a code of unspecified side:
    /// in the nearest ancestor family (up to the category) where the code
    /// descends from a child whose title says "unspecified" in one place, the
    /// siblings whose titles say "right" and "left" there instead ("Pain in
    /// unspecified knee": "Pain in right knee", "Pain in left knee"). Nil when
    /// there are none or when any family on the way from the code up to its
    /// category has a child saying "bilateral" (M17.0 next to M17.1-).
    func sidePair(above node: CatalogNode) -> (parent: CatalogNode, right: CatalogNode, left: CatalogNode)? {
        // It depends on the catalog alone: worked out once per node, not per
        // bilateral mention (it hashes the titles of whole families).
        // The model's catalog table has it for every code.
        let ids: (parent: Int, right: Int, left: Int)?
        if let table = node.table {
            ids = table.sidePair(node.id)
        } else {
            ids = node.sidePairSlot.value {
                SidePairIDs(computeSidePair(above: node).map { ($0.parent.id, $0.right.id, $0.left.id) })
            }.ids
        }
        guard let ids else { return nil }
        return (catalog.node(id: ids.parent), catalog.node(id: ids.right), catalog.node(id: ids.left))
    }

    /// `sidePair(above:)`, worked out; `familyWords` gives the essential word
    /// lists of a parent's children and whether one says "bilateral" (the
    /// catalog table's builder keeps them for the families it has read).
    func computeSidePair(
        above node: CatalogNode,
        familyWords: (CatalogNode, [CatalogNode]) -> (words: [[UInt64]], bilateral: Bool) = { _, children in
            let words = children.map { Specificity.essentialWordList($0.title) }
            return (words, words.contains { $0.contains(Specificity.bilateralWord) })
        }
    ) -> (parent: CatalogNode, right: CatalogNode, left: CatalogNode)? {
        var found: (parent: CatalogNode, right: CatalogNode, left: CatalogNode)?
        var child = node
        var depth = 0
        while let parentID = child.parentID, depth < 7 {
            depth += 1
            let parent = catalog.node(id: parentID)
            if parent.isGrouping { break }
            let children = catalog.family(of: parent).children
            let (words, bilateral) = familyWords(parent, children)
            if bilateral { return nil }
            if found == nil, child.saysUnspecified, let pair = Self.sidePair(of: Self.essentialWordList(child.title), among: words) {
                found = (parent, children[pair.right], children[pair.left])
            }
            if parent.categoryID == nil { break }
            child = parent
        }
        return found
    }

    /// Positions of the titles that are `unspecified` with one "unspecified"
    /// word read as "right" and as "left".
    private static func sidePair(of unspecified: [UInt64], among words: [[UInt64]]) -> (right: Int, left: Int)? {
        for position in unspecified.indices where unspecified[position] == unspecifiedWord {
            var right = unspecified, left = unspecified
            right[position] = rightWord
            left[position] = leftWord
            if let rightIndex = words.firstIndex(of: right), let leftIndex = words.firstIndex(of: left) {
                return (rightIndex, leftIndex)
            }
        }
        return nil
    }

    /// A title's essential words (hashes, in order, repeats kept).
    static func essentialWordList(_ title: String) -> [UInt64] {
        var words: [UInt64] = []
        essentialTitleWords(title, into: &words)
        return words
    }
}
