import ClinicodeCore

/// What the ranker needs to know about one code. Built once per code and
/// model, immutable and shared by every note (and every `--jobs` worker): a
/// reference, so handing it around costs one retain instead of a copy of
/// its arrays.
final class CatalogNode: Sendable {
    /// The code's id in its catalog (index into the terminology's arrays).
    let id: Int
    let code: CodeReference
    let title: String
    let billable: Bool
    let parent: CodeReference?
    let parentID: Int?
    /// Children ids, in code order.
    let childIDs: [Int]
    /// The 3-character category above the code (its highest ancestor below a
    /// block or chapter), nil when the code is itself one or has none.
    let categoryID: Int?
    /// Informative title words (hash, weight), unique, for coverage.
    let titleWords: [(hash: UInt64, weight: Double)]
    /// The same without parenthesised (nonessential) words, for choosing children.
    let essentialWords: [(hash: UInt64, weight: Double)]
    /// Title says "unspecified" or "without complications" (see `Specificity.isUnspecifiedTitle`).
    let isUnspecified: Bool
    /// Title names a residual "other" type (see `Specificity.isOtherTitle`).
    let isOther: Bool
    /// Title words that choose a default child, computed once (lower-cased
    /// "unspecified", "without", "with unspecified").
    let saysUnspecified: Bool, saysWithout: Bool, saysWithUnspecified: Bool
    /// A block (`E08-E13`) or chapter (`ch4`): never a code's category.
    let isGrouping: Bool
    /// The code's last character (a 7th character for injury codes).
    let lastCharacter: Character?

    var hasChildren: Bool { !childIDs.isEmpty }

    /// Fills the word lists and flags from the title; `weight` gives a title word's informativeness.
    init(
        id: Int, code: CodeReference, title: String, billable: Bool, parent: CodeReference?, parentID: Int?,
        childIDs: [Int], categoryID: Int?, weight: (UInt64) -> Double
    ) {
        self.id = id
        self.code = code
        self.title = title
        self.billable = billable
        self.parent = parent
        self.parentID = parentID
        self.childIDs = childIDs
        self.categoryID = categoryID
        var scratch: [UInt64] = []
        func words(_ text: String) -> [(hash: UInt64, weight: Double)] {
            WordHash.titleWords(text, into: &scratch)
            var result: [(hash: UInt64, weight: Double)] = []
            for word in scratch where !result.contains(where: { $0.hash == word }) {
                let value = weight(word)
                if value >= 1 { result.append((word, value)) }
            }
            return result
        }
        isUnspecified = Specificity.isUnspecifiedTitle(title)
        isOther = Specificity.isOtherTitle(title)
        isGrouping = Self.isGrouping(code.code)
        let lowered = LoweredTitle(title)
        saysUnspecified = lowered.contains("unspecified")
        saysWithout = lowered.contains("without")
        saysWithUnspecified = lowered.contains("with unspecified")
        titleWords = words(title)
        essentialWords = words(Specificity.essentialWords(title))
        lastCharacter = code.code.last
    }

    /// Whether a code names a block (`E08-E13`) or chapter (`ch4`).
    static func isGrouping(_ code: String) -> Bool {
        code.utf8.contains(UInt8(ascii: "-")) || code.hasPrefix("ch")
    }
}

/// A code's children as the specificity descent sees them, worked out once
/// per parent: which words can credit each child, and the default child.
final class CatalogFamily: Sendable {
    /// The known children, in code order.
    let children: [CatalogNode]
    /// Per child, its distinguishing words (see `Specificity.distinguishingWords`).
    let distinguishing: [[(hash: UInt64, weight: Double)]]
    /// Every child is a 7th-character expansion: the default depends on the note's encounter cue.
    let allSevenths: Bool
    /// The default child when not all children are 7th-character expansions.
    let defaultChild: CatalogNode?

    init(parent: CatalogNode, children: [CatalogNode]) {
        self.children = children
        distinguishing = Specificity.distinguishingWords(parent: parent, children: children)
        allSevenths = children.allSatisfy { Specificity.isSeventhCharacterExpansion($0.code.code, of: parent.code.code) }
        defaultChild = allSevenths ? nil : Specificity.plainDefaultChild(children)
    }
}
