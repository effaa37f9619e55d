import ClinicodeCore

/// Whether a widening (`refine` walking up from an unspecified code and back
/// down) can find anything, told from a few words per root instead of the
/// descent: about one widening in thirty finds a code, and each tried
/// one built the mention's neighbourhood and scored its category's children
/// (about 3% of a run).
///
/// A descent passes its first scored level only when some child covers
/// `minimumRefinementCoverage` of its distinguishing words, and coverage only
/// grows with the words a context names. So for each child, its heaviest
/// words, enough that the rest cannot reach that coverage even all named, are
/// words the context must name for the child to pass: a context naming none of
/// any child's (`DescentWords`) fails the level, and the descent with it.
extension Specificity {
    /// Coverage the rest of a child's words must stay under: a margin below
    /// `minimumRefinementCoverage`, so summing in another order cannot tip it.
    static let descentWordsMargin = 0.01

    /// Whether `widened` may find a code for `node` in a context whose words
    /// are among `words` and `extra` (a bound: it may name more): false when
    /// neither the category's descent nor the parent's can pass their first
    /// scored level.
    func mayWiden(_ node: CatalogNode, within words: WordSet, or extra: [UInt64] = []) -> Bool {
        guard let categoryID = node.categoryID else { return false }
        if mayDescend(from: catalog.node(id: categoryID), within: words, or: extra) { return true }
        guard let parentID = node.parentID, parentID != categoryID else { return false }
        return mayDescend(from: catalog.node(id: parentID), within: words, or: extra)
    }

    /// Whether `descend(from:context:)` may pass its first scored level in a
    /// context whose words are among `words` and `extra` (see `mayWiden(_:within:or:)`).
    @inline(__always)
    func mayDescend(from root: CatalogNode, within words: WordSet, or extra: [UInt64] = []) -> Bool {
        root.descentWordsSlot.read({ DescentWords(root: root, catalog: catalog) }) { required in
            required.words.withUnsafeBufferPointer { required in
                for word in required where words.contains(word) || !extra.isEmpty && extra.contains(word) { return true }
                return false
            }
        }
    }
}

/// The words a context must name one of for a descent from a node to pass
/// its first scored level (see `Specificity.mayDescend(from:within:or:)`),
/// worked out once per node. Empty when no descent from it can pass (a
/// billable node, or a chain of single children longer than the descent walks).
final class DescentWords: Sendable {
    let words: [UInt64]

    init(root: CatalogNode, catalog: CatalogCache) {
        // The descent's walk to its first level with more than one child.
        var node = root
        var depth = 0
        var scored: CatalogNode? = nil
        while !node.billable, node.hasChildren, depth < 6 {
            depth += 1
            if node.childIDs.count == 1 {
                node = catalog.node(id: node.childIDs[0])
                continue
            }
            scored = node
            break
        }
        guard let scored else {
            words = []
            return
        }
        // Read from the table when the node has one: no child node is made for this.
        let (familyWords, ends) = scored.table.map { table in
            let family = table.family(scored.id)
            return (family.words, family.ends)
        } ?? {
            let family = catalog.family(of: scored)
            return (family.words, family.ends)
        }()
        let threshold = Specificity.minimumRefinementCoverage - Specificity.descentWordsMargin
        var required: [UInt64] = []
        var start = 0
        for index in 0..<ends.count {
            let childWords = familyWords.slice(start..<ends[index])
            start = ends[index]
            // Heaviest first: each moved to the required words lowers what the rest can reach most.
            let order = childWords.indices.sorted { abs(childWords.weight(at: $0)) > abs(childWords.weight(at: $1)) }
            var named = [Bool](repeating: true, count: childWords.count)
            for position in order {
                if Self.coverage(childWords, named: named) < threshold { break }
                required.append(childWords.hash(at: position))
                named[position] = false
            }
        }
        words = required
    }

    /// `Specificity.computeBestChild`'s score of a child whose words at the
    /// positions `named` marks are named and the others not.
    private static func coverage(_ words: WeightedWords, named: [Bool]) -> Double {
        var found = 0.0, missing = 0.0
        for position in words.indices {
            let weight = words.weight(at: position)
            if named[position] { found += abs(weight) } else if weight > 0 { missing += weight }
        }
        guard found > 0 else { return 0 }
        return found / (found + missing) + 0.01 * found
    }
}
