import ClinicodeCore

/// Picks the most specific billable code the evidence supports: descends from
/// a category to the child whose distinguishing words the sentence names
/// (laterality included), falls back to the unspecified child, and chooses the
/// 7th character from encounter cues.
struct Specificity {
    let catalog: CatalogCache
    /// What the note says for all its sentences: the 7th character for injury
    /// codes. Held here, once per note, not in each context: every copy of a
    /// context retained (and released) it.
    let encounterCue: NoteCue
    /// Best children already chosen for this note, by parent and context.
    let memo = Memo()

    /// A note's specificity walk; `encounter` gives its encounter character
    /// (initial, A, when not given).
    init(catalog: CatalogCache, encounter: NoteCue = NoteCue { "A" }) {
        self.catalog = catalog
        encounterCue = encounter
    }

    /// 7th character for injury codes (A when the note gives no cue).
    var encounter: Character { encounterCue.character }

    /// One note's memo of `bestChild`: a mention's top codes usually share a
    /// category, and retrieval refines again in the same sentences.
    /// (Unchecked for exclusivity: a class's stored properties are otherwise
    /// checked at run time on every access, and the memo is read in every
    /// descent; one note's collection uses it, on one thread, each access complete.)
    final class Memo {
        /// Position in `choices` by parent id and context key.
        @exclusivity(unchecked) var bestChild = IntIndexTable()
        @exclusivity(unchecked) var choices: [(node: CatalogNode, score: Double)?] = []
    }

    /// Words of the context (one sentence) as hashes, plus side words folded to
    /// their canonical form.
    struct Context {
        var words: WordSet
        /// Identifies the words within the note (the sentence index, or a key
        /// past them for a mention's neighbourhood: see `CandidateCollector.neighbourhoodKeyBase`)
        /// so choices can be memoised; negative when the words are changed for one use.
        var key = -1
        /// Whether the words named a side-dominance rule's side before the
        /// rules added theirs (see `CandidateCollector.partOnlyWords(of:)`).
        var namesDominanceSide = false

        init(words: WordSet, key: Int = -1, namesDominanceSide: Bool = false) {
            self.words = words
            self.key = key
            self.namesDominanceSide = namesDominanceSide
        }
    }

    /// What a note says once for all its sentences, each found on first use:
    /// its encounter character (only a code whose children are all
    /// 7th-character expansions needs it, and finding it scans the whole note)
    /// and whether it says a phrase anywhere (`SideDominanceRule` note words:
    /// asked only when a sentence names a side and a paralysis).
    final class NoteCue {
        private var found: Character?
        private let find: () -> Character
        private let findPhrase: ([UInt64]) -> Bool
        /// Phrases asked about so far (a handful), with the answers.
        private var phrases: [(phrase: [UInt64], said: Bool)] = []

        init(_ find: @escaping () -> Character, says findPhrase: @escaping ([UInt64]) -> Bool = { _ in false }) {
            self.find = find
            self.findPhrase = findPhrase
        }

        var character: Character {
            if let found { return found }
            let character = find()
            found = character
            return character
        }

        /// Whether the note says the phrase (its words' hashes, in order).
        func says(_ phrase: [UInt64]) -> Bool {
            if let known = phrases.first(where: { $0.phrase == phrase }) { return known.said }
            let said = findPhrase(phrase)
            phrases.append((phrase, said))
            return said
        }
    }

    /// The refined code (and its node when known), and a note for the rationale when it differs.
    func refine(_ code: CodeReference, in context: Context) -> (code: CodeReference, node: CatalogNode?, rationale: Refinement?) {
        refine(code, start: catalog.node(code), in: context)
    }

    /// `refine(_:in:)` for a code whose node (`CodeCatalog.node(_:)`) the caller has looked up;
    /// `near`, when given, is the only context that may widen an unspecified code,
    /// and only for a word outside the words of `term` (the term that
    /// matched the code, which already chose it).
    /// `widens` false skips the widening: the caller knows it finds nothing
    /// (see `mayWiden(_:within:or:)`).
    func refine(
        _ code: CodeReference, start: CatalogNode?, in context: Context, widenIn near: Context? = nil,
        term: String? = nil, widens: Bool = true
    ) -> (code: CodeReference, node: CatalogNode?, rationale: Refinement?) {
        guard let start else { return (code, nil, nil) }
        var node = start
        // Kept as values: the text is written only if the code is output.
        var notes = Refinement()
        // Tracked here: asking `notes.isEmpty` copies (retains) both optional steps.
        var hasNotes = false
        // A billable but unspecified code: walk up to its category and come
        // back down along the children the sentence names, in case it supports
        // a more specific code ("upper lobe", "with chronic kidney disease").
        // An "Other ..." code is a residual for types the note must name: when
        // the note names only the common wording, the category's descent
        // (which never credits "other" children with a sibling's words) decides.
        let residual = node.isOther
        let widening = near ?? context
        if widens, Self.mayWiden(node), let category = category(of: node),
            let better = widened(node, under: category, context: widening, residual: residual, term: term)
        {
            notes.widened = Refinement.Widening(from: node.code, to: better.code, residual: residual)
            hasNotes = true
            node = better
        }
        // An injury code a term names with its initial-encounter character
        // ("left ankle fracture" → S82.892A) takes the note's encounter character.
        // (Only an eight-character code can be one: the parent, often cold, is not read for the others.)
        if node.billable, node.lastCharacter == "A", node.code.code.utf8.count >= 8, let parentID = node.parentID {
            let parent = catalog.node(id: parentID)
            if Self.isSeventhCharacterExpansion(node.code.code, of: parent.code.code) {
                let encounter = self.encounter
                if encounter != "A", let other = catalog.family(of: parent).children.first(where: { $0.lastCharacter == encounter }) {
                    node = other
                }
            }
        }
        var depth = 0
        while !node.billable, node.hasChildren, depth < 6 {
            depth += 1
            let chosen: CatalogNode
            if let best = bestChild(of: node, context: context), best.score > 0 {
                chosen = best.node
            } else if let fallback = defaultChild(of: node, context: context) {
                chosen = fallback
            } else {
                break
            }
            if depth == 1 {
                notes.notBillable = node.code
                hasNotes = true
            }
            node = chosen
        }
        guard node.billable else { return (code, start, nil) }
        return (node.code, node, !hasNotes || node.code == code ? nil : notes)
    }

    /// The code an unspecified or residual code gives way to: the descent
    /// from its category, else a sibling, which the category's titles may
    /// never reach ("hyperplastic" names Z86.0102 beside Z86.0100, but no
    /// title on the way down from Z86 names polyps).
    private func widened(
        _ node: CatalogNode, under category: CatalogNode, context: Context, residual: Bool, term: String?
    ) -> CatalogNode? {
        // The category, then the node's own parent: tried in turn, no array of roots built per call.
        func better(under root: CatalogNode) -> CatalogNode? {
            // Most widenings find nothing: a few words tell most of them (see `DescentWords`).
            guard mayDescend(from: root, within: context.words),
                let better = descend(from: root, context: context), better.id != node.id,
                root.id == category.id || better.parentID == node.parentID,
                !(residual && better.code.code.hasPrefix(node.code.code)),
                !residual || (better.parentID == node.parentID || better.parentID == category.id) && better.isUnspecified,
                leavesBranchForNamedWord(from: node, to: better, under: category, context: context),
                namesNewWord(from: node, to: better, context: context, besides: term)
            else { return nil }
            return better
        }
        if let found = better(under: category) { return found }
        guard let parentID = node.parentID, parentID != category.id else { return nil }
        return better(under: catalog.node(id: parentID))
    }

    /// Whether `refine` may walk up from a code to its category and back down:
    /// a billable unspecified code, or a residual ("other") one.
    static func mayWiden(_ node: CatalogNode) -> Bool {
        node.billable && node.isUnspecified || node.isOther
    }

    /// The code a coder would use for the code's category when the note says
    /// no more (the unspecified path), if different from the code.
    func categoryDefault(of node: CatalogNode, context: Context) -> CatalogNode? {
        // Worked out once per node unless the encounter cue decides: loose
        // matches ask for it on every mention.
        // The model's catalog table has it for every code.
        // (Copied into the node from the table when it was made: no cold table record per loose match.)
        let known = node.tableCategoryDefault
            ?? node.categoryDefaultSlot.value { noteIndependentCategoryDefault(of: node) }.answer
        guard known.dependsOnEncounter else { return known.id.map { catalog.node(id: $0) } }
        guard let top = category(of: node) else { return nil }
        var current = top
        var depth = 0
        while !current.billable, depth < 6, let next = defaultChild(of: current, context: context) {
            current = next
            depth += 1
        }
        return current.billable && current.id != node.id ? current : nil
    }

    /// `categoryDefault(of:context:)` when no family on the way down is all
    /// 7th-character expansions (the only children `defaultChild` chooses by note).
    func noteIndependentCategoryDefault(of node: CatalogNode) -> CategoryDefault {
        guard let top = category(of: node) else { return CategoryDefault(id: nil, dependsOnEncounter: false) }
        var current = top
        var depth = 0
        while !current.billable, depth < 6 {
            let family = catalog.family(of: current)
            guard !family.children.isEmpty else { break }
            if family.allSevenths { return CategoryDefault(id: nil, dependsOnEncounter: true) }
            guard let next = family.defaultChild else { break }
            current = next
            depth += 1
        }
        return CategoryDefault(id: current.billable && current.id != node.id ? current.id : nil, dependsOnEncounter: false)
    }

    /// The 3-character category above a code (its highest ancestor below a block).
    private func category(of node: CatalogNode) -> CatalogNode? {
        node.categoryID.map { catalog.node(id: $0) }
    }

    /// How much of a sibling's distinguishing words (by informativeness) the
    /// sentence must name before an unspecified code gives way to it: one
    /// shared generic word ("hepatitis") does not make "Autoimmune hepatitis".
    static let minimumRefinementCoverage = 0.5

    /// Descends from a code along children the context names; nil when the
    /// context names none at the first level. Below that, unnamed levels take
    /// the default child.
    private func descend(from start: CatalogNode, context: Context) -> CatalogNode? {
        var node = start
        var matched = false
        var depth = 0
        while !node.billable, node.hasChildren, depth < 6 {
            depth += 1
            // A level with one child (F17 "Nicotine dependence" -> F17.2) names nothing to choose.
            if node.childIDs.count == 1 {
                node = catalog.node(id: node.childIDs[0])
                continue
            }
            if let best = bestChild(of: node, context: context),
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

    /// Whether a refinement from `start` to `better` that leaves the branch of
    /// `category` the start lies in rests on a word the note names for the other
    /// branch and not for the start's: "proximal humerus fracture" names the
    /// humerus, which the upper end (matched) and the shaft share, so the
    /// matched upper end stays.
    private func leavesBranchForNamedWord(
        from start: CatalogNode, to better: CatalogNode, under category: CatalogNode, context: Context
    ) -> Bool {
        guard let from = branch(of: start, under: category), let to = branch(of: better, under: category), from != to
        else { return true }
        let family = catalog.family(of: category)
        guard let fromIndex = family.children.firstIndex(where: { $0.id == from }),
            let toIndex = family.children.firstIndex(where: { $0.id == to })
        else { return true }
        let startWords = family.words(of: fromIndex)
        return family.words(of: toIndex).contains { context.words.contains($0.hash) && !startWords.contains(hash: $0.hash) }
    }

    /// Whether the note names a word of `better`'s title that `start`'s title
    /// lacks, other than the matched term's own words: "tobacco use disorder"
    /// (F17.200) is no reason for chewing tobacco (F17.220), while "proximal"
    /// beside "tibia fracture" is one for the upper end (S82.1-).
    private func namesNewWord(from start: CatalogNode, to better: CatalogNode, context: Context, besides term: String?) -> Bool {
        // The term's words are hashed only here: most widenings find no better code to ask about.
        var termWords: [UInt64] = []
        if let term { WordHash.titleWords(term, into: &termWords) }
        guard !termWords.isEmpty else { return true }
        // The same code with the 7th character the note's encounter words ask for
        // (a 7th character: N05.A, a fourth-character subcategory, only ends in one).
        // Only an eight-character code can be one: the encounter cue scans the
        // whole note on first use, and most codes here are shorter.
        if better.parentID == start.parentID, better.code.code.utf8.count >= 8, better.lastCharacter == encounter,
            let parentID = better.parentID,
            Self.isSeventhCharacterExpansion(better.code.code, of: catalog.node(id: parentID).code.code)
        {
            return true
        }
        for (word, _) in better.titleWords where context.words.contains(word) && !termWords.contains(word) {
            if !start.titleWords.contains(where: { $0.hash == word }) { return true }
        }
        return false
    }

    /// The id of the child of `category` that `node` lies under (the node's own id when it is one).
    private func branch(of node: CatalogNode, under category: CatalogNode) -> Int? {
        var current = node
        var depth = 0
        while let parent = current.parentID, depth < 8 {
            if parent == category.id { return current.id }
            current = catalog.node(id: parent)
            depth += 1
        }
        return nil
    }

    /// The child whose distinguishing words (not in the parent's title) the
    /// context covers best, weighted by informativeness.
    private func bestChild(of parent: CatalogNode, context: Context) -> (node: CatalogNode, score: Double)? {
        guard context.key >= 0 else { return computeBestChild(of: parent, context: context) }
        let key = parent.id << 32 | context.key
        if let index = memo.bestChild.index(of: key) { return memo.choices[index] }
        let best = computeBestChild(of: parent, context: context)
        memo.bestChild.insert(key, index: memo.choices.count)
        memo.choices.append(best)
        return best
    }

    // Tried and dropped (no gain in ab.sh): asking first whether the context names
    // any of the family's words through a per-family word set (the context's
    // few words probed instead of the family's many: the scan's cost is
    // reading the family's words, and most calls still needed it); and
    // skipping a mention's neighbourhood when its sentence's words (a bound on
    // any neighbourhood's) give no first-level child coverage 0.5: the bound
    // is checked per category and sentence, which cost what the
    // neighbourhoods' descents saved (a sentence's mentions seldom share a category).
    private func computeBestChild(of parent: CatalogNode, context: Context) -> (node: CatalogNode, score: Double)? {
        let family = catalog.family(of: parent)
        // A fracture not said to be open is closed (Guidelines I.C.19.c.1): without
        // the word "open", "(Colles type)" or "grade I" credits no open-fracture character.
        let closedOnly = family.allSevenths && !context.words.contains(Self.openWord)
        var bestIndex = -1, bestScore = 0.0
        let words = family.words, ends = family.ends
        var start = 0
        for index in 0..<ends.count {
            let end = ends[index]
            defer { start = end }
            var found = 0.0, missing = 0.0
            for offset in start..<end {
                // A negative weight marks a word the child says is absent: unnamed, it is no miss.
                let weight = words.weight(at: offset)
                if context.words.contains(words.hash(at: offset)) { found += abs(weight) } else if weight > 0 { missing += weight }
            }
            guard found > 0 else { continue }
            if closedOnly, family.children[index].titleWords.contains(hash: Self.openWord) { continue }
            // Coverage of the child's own words, with a small bonus for more
            // words found so "right upper lobe" beats "upper lobe".
            let score = found / (found + missing) + 0.01 * found
            if bestIndex < 0 || score > bestScore { (bestIndex, bestScore) = (index, score) }
        }
        return bestIndex < 0 ? nil : (family.children[bestIndex], bestScore)
    }

    /// The child to code when the note says nothing more specific.
    private func defaultChild(of parent: CatalogNode, context: Context) -> CatalogNode? {
        let family = catalog.family(of: parent)
        let children = family.children
        guard !children.isEmpty else { return nil }
        // 7th-character expansions: the encounter cue, default initial (A).
        if family.allSevenths {
            return children.first { $0.lastCharacter == encounter }
                ?? children.first { $0.lastCharacter == "A" } ?? children.first
        }
        return family.defaultChild
    }
}

