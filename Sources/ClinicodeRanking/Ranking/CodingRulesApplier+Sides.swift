import ClinicodeCore

extension CodingRulesApplier {
    /// Ranks a code whose title leaves the side unspecified ("… of unspecified
    /// radius") below the default cut-off when its twin naming a side ("… of
    /// left radius") has the note's wording behind it: the side is known, so
    /// a coder codes the side (Guidelines I.B.13). Both codes are often
    /// "unspecified" in another way (the fracture's type), so
    /// `preferSpecificSiblings` cannot tell them apart. Demoted rather than
    /// left out: a second, unsided site of the same condition stays findable.
    func demoteUnsidedTwins(_ list: inout [Candidate]) {
        let head = list.indices.prefix(Self.pairwiseLimit)
        // Titles are compared as text only for an unspecified code with a sided
        // code of its category: the side test and the category test are on
        // hashed words and code bytes (this runs for every note).
        // Nodes come from the candidates' facts (`CodeFacts.node` is the code's
        // catalog node): looking each code up again hashed its String twice per note.
        // The categories of the codes the rule may demote, as bits (id mod 64):
        // most notes have none with a candidate of the same category, and then
        // no candidate's title words are read.
        // The candidates are read through the buffer (an element read out of the
        // array copied its facts, retaining and releasing them), and the side
        // words are read once (each read of a static asked the runtime whether it was set).
        let (right, left) = (Specificity.rightWord, Specificity.leftWord)
        var sided: [(node: CatalogNode, score: Double)] = []
        list.withUnsafeBufferPointer { list in
            var unsidedCategories: UInt64 = 0
            for position in head where !list[position].fromRule {
                guard let node = list[position].facts!.node, node.isUnspecified, let categoryID = node.categoryID else { continue }
                unsidedCategories |= Self.categoryBit(categoryID)
            }
            guard unsidedCategories != 0 else { return }
            for index in head where list[index].hasMention {
                guard let node = list[index].facts!.node, node.billable,
                    let categoryID = node.categoryID, unsidedCategories & Self.categoryBit(categoryID) != 0,
                    node.titleWords.contains(where: { $0.hash == right || $0.hash == left })
                else { continue }
                sided.append((node, list[index].score))
            }
        }
        guard !sided.isEmpty else { return }
        for position in head where !list[position].fromRule {
            guard let node = list[position].facts!.node, node.isUnspecified,
                let categoryID = node.categoryID
            else { continue }
            let sameCategory = sided.filter { $0.node.categoryID == categoryID && $0.node.id != node.id }
            guard !sameCategory.isEmpty else { continue }
            let twins = sidedTitle(of: node).twins
            guard let twin = sameCategory.first(where: { twins.contains(sidedTitle(of: $0.node).lowered) }) else { continue }
            let ceiling = twin.score * Self.redundantSiblingFactor
            guard list[position].score > ceiling else { continue }
            list[position].score = ceiling
            list[position].addRationale("the note names the side: \(twin.node.code.code)")
        }
    }

    /// A category's bit for `demoteUnsidedTwins`' screen.
    private static func categoryBit(_ id: Int) -> UInt64 { 1 << UInt64(id & 63) }

    /// What the sibling rule reads of an unspecified code's ancestors (see
    /// `SideTitles`), worked out once per node: the ancestors' nodes and
    /// titles were most of the sibling rule's cost.
    func sideTitles(of node: CatalogNode) -> SideTitles {
        node.sideTitlesSlot.value {
            guard node.isUnspecified, let parent = node.parent else { return SideTitles(qualifiesParent: false, vagueScope: nil) }
            return SideTitles(qualifiesParent: unspecifiedOnlyInQualifier(node), vagueScope: vagueScope(of: node, parent: parent))
        }
    }

    /// A node's lower-cased title and its sided twins, worked out once per
    /// node: lower-casing and rewriting titles for every unspecified candidate
    /// of every note was most of the side rule's cost. Kept apart from
    /// `sideTitles(of:)`, which the sibling rule asks of every unspecified
    /// candidate: these are read only beside a sided code of the same
    /// category, or for a title with " with ".
    func sidedTitle(of node: CatalogNode) -> SidedTitle {
        sideTitles(of: node).sided.value {
            let lowered = node.title.lowercased()
            return SidedTitle(lowered: lowered, twins: Self.sidedTwins(of: lowered))
        }
    }

    /// Side words of ICD-10-CM titles, with the space that ends them.
    private static let sideWords = ["left ", "right "]

    /// The titles that name a side where `title` says "unspecified" (one
    /// occurrence at a time: "unspecified fracture of … unspecified radius").
    static func sidedTwins(of title: String) -> [String] {
        // An ASCII title's characters are its bytes: the same twins, written
        // without Foundation's search (this runs for every node whose
        // lower-cased title a rule asks for).
        if title.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSidedTwins(of: title) }
        var twins: [String] = []
        var searchStart = title.startIndex
        while let range = title.range(of: "unspecified ", range: searchStart..<title.endIndex) {
            for side in sideWords { twins.append(title.replacingCharacters(in: range, with: side)) }
            searchStart = range.upperBound
        }
        return twins
    }

    /// `sidedTwins(of:)` over an ASCII title's bytes.
    private static func asciiSidedTwins(of title: String) -> [String] {
        let bytes = Array(title.utf8), pattern = Array("unspecified ".utf8)
        var twins: [String] = []
        var start = 0
        while start + pattern.count <= bytes.count {
            guard bytes[start] == UInt8(ascii: "u"), bytes[start..<(start + pattern.count)].elementsEqual(pattern) else {
                start += 1
                continue
            }
            for side in sideWords {
                twins.append(String(decoding: bytes[..<start] + Array(side.utf8) + bytes[(start + pattern.count)...], as: UTF8.self))
            }
            start += pattern.count
        }
        return twins
    }
}

/// What the sibling rule reads of an unspecified code's ancestors, kept on
/// its catalog node, and (made only when asked) its lower-cased title and
/// sided twins (see `CodingRulesApplier.sidedTitle(of:)`).
final class SideTitles: Sendable {
    /// An unspecified code whose title is its specific parent's plus an
    /// unspecified qualifier (see `CodingRulesApplier.unspecifiedOnlyInQualifier`);
    /// false for a code that is not unspecified.
    let qualifiesParent: Bool
    /// An unspecified code's category branch: the code its specific
    /// siblings lie below (see `CodingRulesApplier.vagueScope`); nil for a
    /// code that is not unspecified or has no parent.
    let vagueScope: String?
    /// The node's lower-cased title and sided twins once made.
    let sided = LazyReference<SidedTitle>()

    init(qualifiesParent: Bool, vagueScope: String?) {
        self.qualifiesParent = qualifiesParent
        self.vagueScope = vagueScope
    }
}

/// A code's title lower-cased and the titles of its sided twins (see
/// `CodingRulesApplier.sidedTwins(of:)`).
final class SidedTitle: Sendable {
    let lowered: String
    let twins: [String]

    init(lowered: String, twins: [String]) {
        self.lowered = lowered
        self.twins = twins
    }
}
