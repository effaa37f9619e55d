import ClinicodeCore

/// Picks the most specific billable code the evidence supports: descends from
/// a category to the child whose distinguishing words the sentence names
/// (laterality included), falls back to the unspecified child, and chooses the
/// 7th character from encounter cues.
struct Specificity {
    let catalog: CatalogCache
    let rules: RankingRules

    /// Words of the context (one sentence) as hashes, plus side words folded to
    /// their canonical form.
    struct Context {
        var words: Set<UInt64>
        /// 7th character for injury codes (A when the note gives no cue).
        var encounter: Character
    }

    /// The refined code, and a note for the rationale when it differs.
    func refine(_ code: CodeReference, in context: Context) -> (code: CodeReference, rationale: String?) {
        guard var node = catalog.node(code) else { return (code, nil) }
        var notes: [String] = []
        var scratch: [UInt64] = []
        // A billable but unspecified code: walk up to its category and come
        // back down along the children the sentence names, in case it supports
        // a more specific code ("upper lobe", "with chronic kidney disease").
        // An "Other ..." code is a residual for types the note must name: when
        // the note names only the common wording, the category's descent
        // (which never credits "other" children with a sibling's words) decides.
        let residual = node.isOther
        if node.billable && isUnspecified(node) || residual, let category = category(of: node),
            let better = descend(from: category, context: context, scratch: &scratch), better.code != node.code,
            !(residual && better.code.code.hasPrefix(node.code.code)),
            !residual || (better.parent == node.parent || better.parent == category.code) && better.isUnspecified
        {
            let kind = residual ? "a residual (other) code" : "unspecified"
            notes.append("\(node.code.code) is \(kind); the note supports \(better.code.code)")
            node = better
        }
        var depth = 0
        while !node.billable, !node.children.isEmpty, depth < 6 {
            depth += 1
            let chosen: CatalogNode
            if let best = bestChild(of: node, context: context, scratch: &scratch), best.score > 0 {
                chosen = best.node
            } else if let fallback = defaultChild(of: node, context: context) {
                chosen = fallback
            } else {
                break
            }
            if depth == 1 {
                notes.append("\(node.code.code) is not billable: most specific supported child")
            }
            node = chosen
        }
        guard node.billable else { return (code, nil) }
        return (node.code, notes.isEmpty || node.code == code ? nil : notes.joined(separator: "; "))
    }

    /// The code a coder would use for the code's category when the note says
    /// no more (the unspecified path), if different from the code.
    func categoryDefault(of code: CodeReference, context: Context) -> CodeReference? {
        guard let node = catalog.node(code), let top = category(of: node) else { return nil }
        var current = top
        var depth = 0
        while !current.billable, depth < 6, let next = defaultChild(of: current, context: context) {
            current = next
            depth += 1
        }
        return current.billable && current.code != code ? current.code : nil
    }

    /// The 3-character category above a code (its highest ancestor below a block).
    private func category(of node: CatalogNode) -> CatalogNode? {
        var current = node
        while let parentCode = current.parent, let parent = catalog.node(parentCode), !parent.isGrouping {
            current = parent
        }
        return current.code == node.code ? nil : current
    }

    /// How much of a sibling's distinguishing words (by informativeness) the
    /// sentence must name before an unspecified code gives way to it: one
    /// shared generic word ("hepatitis") does not make "Autoimmune hepatitis".
    static let minimumRefinementCoverage = 0.5

    /// Descends from a code along children the context names; nil when the
    /// context names none at the first level. Below that, unnamed levels take
    /// the default child.
    private func descend(from start: CatalogNode, context: Context, scratch: inout [UInt64]) -> CatalogNode? {
        var node = start
        var matched = false
        var depth = 0
        while !node.billable, !node.children.isEmpty, depth < 6 {
            depth += 1
            if let best = bestChild(of: node, context: context, scratch: &scratch),
                best.score >= (matched ? 0 : Self.minimumRefinementCoverage)
            {
                node = best.node
                matched = true
            } else if matched, let fallback = defaultChild(of: node, context: context) {
                node = fallback
            } else {
                return nil
            }
        }
        return matched && node.billable ? node : nil
    }

    /// "Hyperlipidemia, unspecified", "Type 2 diabetes mellitus without complications".
    static func isUnspecifiedTitle(_ title: String) -> Bool {
        let lowered = LoweredTitle(title)
        return lowered.contains("unspecified") || lowered.contains("without complication")
    }

    /// "Other hyperlipidemia", "Type 2 diabetes mellitus with other diabetic kidney complication",
    /// "Other specified ...": a residual code for types the note must name.
    static func isOtherTitle(_ title: String) -> Bool {
        let lowered = LoweredTitle(title)
        return lowered.hasPrefix("other ") || lowered.contains(" other ") || lowered.contains("other specified")
    }

    private func isUnspecified(_ node: CatalogNode) -> Bool { node.isUnspecified }

    /// The child whose distinguishing words (not in the parent's title) the
    /// context covers best, weighted by informativeness.
    private func bestChild(of parent: CatalogNode, context: Context, scratch: inout [UInt64]) -> (node: CatalogNode, score: Double)? {
        let parentWords = parent.essentialWords
        let children = catalog.children(of: parent)
        // Words an unspecified sibling also carries ("Hyperlipidemia,
        // unspecified") cannot support an "Other ..." child: "other" means a
        // type the note must name beyond those words.
        var unspecifiedWords: [UInt64] = []
        for child in children where child.isUnspecified {
            unspecifiedWords.append(contentsOf: child.essentialWords.map(\.hash))
        }
        var best: (node: CatalogNode, score: Double)?
        for child in children {
            let isOther = child.isOther
            // Nonessential modifiers in parentheses do not distinguish a child.
            var found = 0.0, missing = 0.0
            for (word, weight) in child.essentialWords where !parentWords.contains(where: { $0.hash == word }) {
                if isOther && unspecifiedWords.contains(word) { continue }
                if context.words.contains(word) { found += weight } else { missing += weight }
            }
            guard found > 0 else { continue }
            // Coverage of the child's own words, with a small bonus for more
            // words found so "right upper lobe" beats "upper lobe".
            let score = found / (found + missing) + 0.01 * found
            if best == nil || score > best!.score { best = (child, score) }
        }
        return best
    }

    /// The child to code when the note says nothing more specific.
    private func defaultChild(of parent: CatalogNode, context: Context) -> CatalogNode? {
        let children = catalog.children(of: parent)
        guard !children.isEmpty else { return nil }
        // 7th-character expansions: the encounter cue, default initial (A).
        let sevenths = children.filter { Self.isSeventhCharacterExpansion($0.code.code, of: parent.code.code) }
        if sevenths.count == children.count {
            return sevenths.first { $0.code.code.last == context.encounter }
                ?? sevenths.first { $0.code.code.last == "A" } ?? sevenths.first
        }
        func unspecified(_ node: CatalogNode) -> Bool { node.saysUnspecified }
        func endsInNine(_ node: CatalogNode) -> Bool { node.code.code.utf8.last == UInt8(ascii: "9") }
        return children.first { endsInNine($0) && unspecified($0) }
            ?? children.first { endsInNine($0) && $0.saysWithout }
            ?? children.first { unspecified($0) && !$0.saysWithUnspecified }
            ?? children.first(where: endsInNine)
            ?? children.first(where: unspecified)
            // No unspecified child: the residual "other" child says no more
            // than the note does; the first child (Z87.890) would say more.
            ?? children.first(where: \.isOther)
            ?? children.first
    }

    /// A title without its parenthesised and bracketed (nonessential) words.
    static func essentialWords(_ title: String) -> String {
        guard title.contains("(") || title.contains("[") else { return title }
        var result = ""
        var depth = 0
        for character in title {
            if character == "(" || character == "[" { depth += 1; continue }
            if character == ")" || character == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { result.append(character) }
        }
        return result
    }

    /// `S52.501A` under `S52.501`, `T07.XXXA` under `T07`.
    static func isSeventhCharacterExpansion(_ code: String, of parent: String) -> Bool {
        code.count == 8 && code.last.map { $0.isLetter } == true && code.count > parent.count
    }
}
