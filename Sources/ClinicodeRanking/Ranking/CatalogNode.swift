import ClinicodeCore
import ClinicodeTerminology

/// What the ranker needs to know about one code. Built once per code and
/// model, immutable and shared by every note (and every `--jobs` worker): a
/// reference, so handing it around costs one retain instead of a copy of
/// its lists.
///
/// Two ways to make one: from the model's catalog table (`CatalogTable`),
/// which the model file holds worked out for every code, so the node only
/// copies a few numbers and its lists point into the mapped file; or, for a
/// model without the table (built in memory, or changed), from its title
/// (`CatalogNode.Analysis`), which is what the table was made of.
final class CatalogNode: Sendable {
    // Stored in the order the ranker reads them: a node is usually cold when
    // a note first reaches it, and its code, flags, facts and family links
    // then share the object's first cache lines instead of five.
    /// `id` (32 bits: the first line then also holds the numbers below).
    private let id32: Int32
    /// What the title says (`Flags`).
    let flags: Flags
    let billable: Bool
    /// Where the table's category default stands (`tableCategoryDefault`):
    /// 0 no table, 1 `defaultID` (none when `CatalogTable.none`), 2 decided by the encounter cue.
    private let defaultState: UInt8
    private let defaultID: UInt32
    /// The table's facts class of the code (`CatalogTable.factsClass`), `CatalogTable.none` without a table.
    private let factsClass32: UInt32
    let code: CodeReference
    /// The node's rule matches once worked out (see `CodeFactsStore`), when its table gives no class for them.
    let factsSlot = LazyReference<CodeFactAnswers>()
    /// `categoryID` and `parentID`, -1 for none (32 bits each: they share the
    /// node's second cache line with its facts, lists and table).
    private let category32: Int32, parent32: Int32
    /// The table the node was read from; nil when it was worked out from its title.
    let table: CatalogTable?
    /// Children ids, in code order.
    let childIDs: CodeIDList
    /// Informative title words (hash, weight), unique, for coverage.
    let titleWords: WeightedWords
    /// The 3-character category above the code (its highest ancestor below a
    /// block or chapter), nil when the code is itself one or has none.
    var categoryID: Int? { category32 < 0 ? nil : Int(category32) }
    var parentID: Int? { parent32 < 0 ? nil : Int(parent32) }
    /// The node's family once looked up (see `CodeCatalog.family(of:)`). Only
    /// downward links are kept this way, so nodes never form a cycle.
    let familySlot = LazyReference<CatalogFamily>()
    /// The code's last character (a 7th character for injury codes).
    let lastCharacter: Character?
    /// The same without parenthesised (nonessential) words, for choosing children.
    let essentialWords: WeightedWords
    /// Hashes of the words of the title's "with" clauses (to the next "without"),
    /// empty when it has none or says "with unspecified": the finding the code is
    /// for (see `WithClauseRule.namesNoFinding`).
    let withClauseWords: WordHashList
    /// The code's bytes packed big-endian (see `PackedCodeRange`), nil when longer than 8 bytes.
    let packedCode: UInt64?
    let parent: CodeReference?
    /// The bytes its lists point into when it has no table.
    private let ownBytes: CatalogBytes?
    /// Where the full title comes from, when asked.
    private let titles: CatalogTitles

    /// Title says "unspecified" or "without complications" (see `Specificity.isUnspecifiedTitle`).
    var isUnspecified: Bool { flags.contains(.unspecified) }
    /// Title names a residual "other" type (see `Specificity.isOtherTitle`).
    var isOther: Bool { flags.contains(.other) }
    /// Title words that choose a default child (lower-cased "unspecified", "without", "with unspecified").
    var saysUnspecified: Bool { flags.contains(.saysUnspecified) }
    var saysWithout: Bool { flags.contains(.saysWithout) }
    var saysWithUnspecified: Bool { flags.contains(.saysWithUnspecified) }
    /// A block (`E08-E13`) or chapter (`ch4`): never a code's category.
    var isGrouping: Bool { flags.contains(.grouping) }
    /// The title has " with " in any ASCII case (see `CodingRulesApplier.dropWithoutTwins`).
    var saysSpacedWith: Bool { flags.contains(.saysSpacedWith) }
    /// The title starts "Displaced " (see `DisplacementRule`): asked of every
    /// code a mention reaches, and the node is at hand where its title's bytes are not.
    var saysDisplaced: Bool { flags.contains(.displaced) }

    var hasChildren: Bool { !childIDs.isEmpty }

    /// The code's id in its catalog (index into the terminology's arrays).
    var id: Int { Int(id32) }

    /// The code's facts class in its table (`CatalogTable.factsClass`), read when
    /// the node was made: a code's facts are then one of its class's, with no
    /// cold table record read (nil without a table).
    var factsClass: Int? { factsClass32 == CatalogTable.none ? nil : Int(factsClass32) }

    /// What `CatalogTable.categoryDefault` says of the node, read when the node
    /// was made (nil when it has no table): asked for every loose match, it
    /// cost a cold table record each time.
    @inline(__always)
    var tableCategoryDefault: (id: Int?, dependsOnEncounter: Bool)? {
        switch defaultState {
        case 0: return nil
        case 1: return (defaultID == CatalogTable.none ? nil : Int(defaultID), false)
        default: return (defaultID == CatalogTable.none ? nil : Int(defaultID), true)
        }
    }

    /// The full title. Made on first use: most nodes are built to be compared
    /// while choosing a child and never show their title, and a derived title
    /// is its ancestors' titles joined.
    /// (Read in place: the slot keeps the `TitleText`, so it is not retained per read.)
    var title: String { titleSlot.read({ TitleText(titles.terminology.title(ofID: id)) }) { $0.text } }

    /// What a title says, as bits (the table stores them per code; see `CatalogTable.flags(_:)`).
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        static let unspecified = Flags(rawValue: 1 << 0)
        static let other = Flags(rawValue: 1 << 1)
        static let saysUnspecified = Flags(rawValue: 1 << 2)
        static let saysWithout = Flags(rawValue: 1 << 3)
        static let saysWithUnspecified = Flags(rawValue: 1 << 4)
        static let saysSpacedWith = Flags(rawValue: 1 << 5)
        static let displaced = Flags(rawValue: 1 << 6)
        static let grouping = Flags(rawValue: 1 << 7)
        /// The bits that describe the title (the table keeps others beside them).
        static let title = Flags(rawValue: 0xff)
    }

    /// The node's title once made (see `title`).
    let titleSlot = LazyReference<TitleText>()
    /// The node's Excludes1 ranges once looked up (see `CodeCatalog.excludes1(of:)`).
    let exclusionSlot = LazyReference<ExclusionList>()
    /// The node's category default once worked out (see `Specificity.categoryDefault`), when it has no table.
    let categoryDefaultSlot = LazyReference<CategoryDefault>()
    /// The node's right and left stand-ins once worked out (see `Specificity.sidePair(above:)`), when it has no table.
    let sidePairSlot = LazyReference<SidePairIDs>()
    /// What the sibling rule asks of an unspecified node (whether its title only
    /// qualifies its parent's, its category branch), once worked out, with its
    /// lower-cased title and sided twins made later on first need (see
    /// `CodingRulesApplier.sideTitles(of:)`).
    let sideTitlesSlot = LazyReference<SideTitles>()
    /// The node's "without" clause once read (see `WithClauseRule.withoutClause(of:)`).
    let withoutClauseSlot = LazyReference<WithoutClauseTitle>()
    /// The node's "code first" ranges once looked up (see `CodeCatalog.codeFirst(of:)`):
    /// the etiology rule asks for them for every mentioned candidate of every
    /// note, and the terminology walks the ancestors' notes each time.
    let codeFirstSlot = LazyReference<CodeFirstList>()
    /// The node's title words as `WithoutClauseRule` reads them, once read.
    let denialWordsSlot = LazyReference<TitleDenialWords>()
    /// The numbers the node's title states (see `Specificity.titleValues(of:)`), once read.
    let titleValuesSlot = LazyReference<NodeAnswer<TitleValues>>()
    /// The node's bilateral twin's id, if any (see `BilateralRule.bilateralTwin`), once found.
    let bilateralTwinSlot = LazyReference<NodeAnswer<Int?>>()
    /// The words a descent from the node must find (see `Specificity.mayDescend(from:within:or:)`), once worked out.
    let descentWordsSlot = LazyReference<DescentWords>()

    /// A node worked out from its title (`analysis`) and the terminology's children.
    convenience init(
        id: Int, code: CodeReference, billable: Bool, parent: CodeReference?, parentID: Int?,
        childIDs: [Int], categoryID: Int?, analysis: Analysis, titles: CatalogTitles
    ) {
        var bytes: [UInt8] = []
        WeightedWords.append(analysis.titleWords, to: &bytes)
        if let essential = analysis.essentialWords { WeightedWords.append(essential, to: &bytes) }
        let hashesAt = bytes.count
        WordHashList.append(analysis.withClauseWords, to: &bytes)
        let childrenAt = bytes.count
        CodeIDList.append(childIDs, to: &bytes)
        let own = CatalogBytes(bytes)
        let essentialAt = analysis.essentialWords == nil ? 0 : analysis.titleWords.count * WeightedWords.stride
        self.init(
            id: id, code: code, billable: billable, parent: parent, parentID: parentID,
            childIDs: CodeIDList(base: own.address(childrenAt), count: childIDs.count), categoryID: categoryID,
            titleWords: WeightedWords(base: own.address(0), count: analysis.titleWords.count),
            essentialWords: WeightedWords(
                base: own.address(essentialAt), count: (analysis.essentialWords ?? analysis.titleWords).count),
            withClauseWords: WordHashList(base: own.address(hashesAt), count: analysis.withClauseWords.count),
            flags: analysis.flags, table: nil, ownBytes: own, titles: titles)
    }

    /// A node read from the catalog table (which keeps the bytes its lists point into).
    init(
        id: Int, code: CodeReference, billable: Bool, parent: CodeReference?, parentID: Int?, childIDs: CodeIDList,
        categoryID: Int?, titleWords: WeightedWords, essentialWords: WeightedWords, withClauseWords: WordHashList,
        flags: Flags, table: CatalogTable?, ownBytes: CatalogBytes?, titles: CatalogTitles
    ) {
        // Ids are the terminology's (a few hundred thousand at most): 32 bits each.
        precondition(
            id >= 0 && id <= Int(Int32.max) && (parentID ?? 0) <= Int(Int32.max) && (categoryID ?? 0) <= Int(Int32.max),
            "code id out of range")
        id32 = Int32(id)
        self.code = code
        self.billable = billable
        self.parent = parent
        parent32 = parentID.map { Int32($0) } ?? -1
        self.childIDs = childIDs
        category32 = categoryID.map { Int32($0) } ?? -1
        if let table {
            let known = table.categoryDefault(id)
            defaultState = known.dependsOnEncounter ? 2 : 1
            defaultID = known.id.map { UInt32($0) } ?? CatalogTable.none
            factsClass32 = UInt32(table.factsClass(id))
        } else {
            (defaultState, defaultID, factsClass32) = (0, CatalogTable.none, CatalogTable.none)
        }
        self.titleWords = titleWords
        self.essentialWords = essentialWords
        self.withClauseWords = withClauseWords
        self.flags = flags.intersection(.title)
        self.table = table
        self.ownBytes = ownBytes
        self.titles = titles
        // Codes end in an ASCII byte: one byte is one Character (no grapheme
        // breaking, which was a visible share of building a node).
        if let last = code.code.utf8.last, last < 0x80, last != UInt8(ascii: "\n") {
            lastCharacter = Character(Unicode.Scalar(last))
        } else {
            lastCharacter = code.code.last
        }
        packedCode = PackedCodeRange.pack(code.code)?.key
    }

    /// What a code's title says, worked out from its words: what the table
    /// stores per code, and what a node without a table works out itself.
    struct Analysis {
        var flags: Flags = []
        var titleWords: [(hash: UInt64, weight: Double)] = []
        /// Nil when the same as `titleWords` (the title has no bracketed words).
        var essentialWords: [(hash: UInt64, weight: Double)]?
        var withClauseWords: [UInt64] = []

        /// Reads the title; `weight` gives a title word's informativeness.
        init(title: String, code: String, weight: (UInt64) -> Double) {
            var scratch: [UInt64] = []
            func weighted(_ scratch: [UInt64]) -> [(hash: UInt64, weight: Double)] {
                var result: [(hash: UInt64, weight: Double)] = []
                result.reserveCapacity(scratch.count)
                for word in scratch where !result.contains(where: { $0.hash == word }) {
                    let value = weight(word)
                    if value >= 1 { result.append((word, value)) }
                }
                return result
            }
            let lowered = LoweredTitle(title)
            if Specificity.isUnspecifiedTitle(lowered) { flags.insert(.unspecified) }
            if Specificity.isOtherTitle(lowered) { flags.insert(.other) }
            if CatalogNode.isGrouping(code) { flags.insert(.grouping) }
            if title.hasPrefix("Displaced ") { flags.insert(.displaced) }
            if lowered.saysUnspecified { flags.insert(.saysUnspecified) }
            if lowered.saysWithout { flags.insert(.saysWithout) }
            if lowered.saysWithUnspecified { flags.insert(.saysWithUnspecified) }
            if lowered.saysSpacedWith { flags.insert(.saysSpacedWith) }
            // A title with no "with" in it (in any ASCII case) has no "with" clause:
            // most titles skip the lowered copy and split.
            withClauseWords = lowered.saysWithUnspecified || !lowered.saysWith ? [] : WithClauseRule.withClauseWords(of: title)
            WordHash.titleWords(title, into: &scratch)
            titleWords = weighted(scratch)
            // Most titles have no nonessential (bracketed) words: the lists are the same.
            var bytes = title
            if bytes.withUTF8({ $0.contains { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "[") } }) {
                Specificity.essentialTitleWords(title, into: &scratch)
                essentialWords = weighted(scratch)
            }
        }
    }

    /// Whether a code names a block (`E08-E13`) or chapter (`ch4`).
    static func isGrouping(_ code: String) -> Bool {
        code.utf8.contains(UInt8(ascii: "-")) || code.hasPrefix("ch")
    }
}

/// A node's full title, once made (a reference, for `LazyReference`).
final class TitleText: Sendable {
    let text: String

    init(_ text: String) { self.text = text }
}

/// The terminology as a reference every node of a catalog shares, for the
/// titles nodes make on first use.
final class CatalogTitles: Sendable {
    let terminology: Terminology

    init(_ terminology: Terminology) { self.terminology = terminology }
}

/// A code's children as the specificity descent sees them, worked out once
/// per parent: which words can credit each child, and the default child.
final class CatalogFamily: Sendable {
    /// The known children, in code order.
    let children: [CatalogNode]
    /// The children's distinguishing words (see `Specificity.distinguishingWords`),
    /// flat: child `i`'s are `ends[i - 1]..<ends[i]` (from 0 for the first).
    /// A negative weight marks a word the child says is absent.
    let words: WeightedWords
    let ends: CodeIDList
    /// Every child is a 7th-character expansion: the default depends on the note's encounter cue.
    let allSevenths: Bool
    /// The default child when not all children are 7th-character expansions.
    let defaultChild: CatalogNode?
    /// The bytes the lists point into when the family was worked out here.
    private let ownBytes: CatalogBytes?

    /// Child `index`'s distinguishing words.
    @inline(__always)
    func words(of index: Int) -> WeightedWords {
        words.slice((index == 0 ? 0 : ends[index - 1])..<ends[index])
    }

    /// A family worked out from its members' titles.
    init(parent: CatalogNode, children: [CatalogNode]) {
        self.children = children
        var bytes: [UInt8] = [], ends: [Int] = []
        var count = 0
        for words in Specificity.distinguishingWords(parent: parent, children: children) {
            WeightedWords.append(words, to: &bytes)
            count += words.count
            ends.append(count)
        }
        let endsAt = bytes.count
        CodeIDList.append(ends, to: &bytes)
        let own = CatalogBytes(bytes)
        ownBytes = own
        words = WeightedWords(base: own.address(0), count: count)
        self.ends = CodeIDList(base: own.address(endsAt), count: ends.count)
        allSevenths = children.allSatisfy { Specificity.isSeventhCharacterExpansion($0.code.code, of: parent.code.code) }
        defaultChild = allSevenths ? nil : Specificity.plainDefaultChild(children)
    }

    /// A family read from the catalog table (whose bytes the lists point into and outlive the family).
    init(children: [CatalogNode], words: WeightedWords, ends: CodeIDList, allSevenths: Bool, defaultChild: CatalogNode?) {
        self.children = children
        self.words = words
        self.ends = ends
        self.allSevenths = allSevenths
        self.defaultChild = defaultChild
        ownBytes = nil
    }
}

/// The code a node's category defaults to when no 7th-character family is
/// on the way down (then it depends on no note), by id: an id, not a
/// reference, so nodes never point at one another sideways.
final class CategoryDefault: Sendable {
    /// The default's code id, or nil when there is none (or it is the node itself).
    let id: Int?
    /// A 7th-character family is on the way: each note's encounter cue decides.
    let dependsOnEncounter: Bool

    init(id: Int?, dependsOnEncounter: Bool) {
        self.id = id
        self.dependsOnEncounter = dependsOnEncounter
    }

    /// The answer as `CatalogTable.categoryDefault` gives it.
    var answer: (id: Int?, dependsOnEncounter: Bool) { (id, dependsOnEncounter) }
}

/// A code's "code first" ranges (its own and its ancestors'), as the terminology gives them.
final class CodeFirstList: Sendable {
    let ranges: [CodeRange]

    init(_ ranges: [CodeRange]) { self.ranges = ranges }

    /// The list of a code with no "code first" notes.
    static let none = CodeFirstList([])
}

/// The right and left codes standing in for a code of unspecified side
/// (`Specificity.sidePair(above:)`), by id, worked out once per node: ids,
/// not references, so nodes never point at one another sideways or up.
final class SidePairIDs: Sendable {
    /// Parent, right and left code ids, or nil when the code has no such pair.
    let ids: (parent: Int, right: Int, left: Int)?

    init(_ ids: (parent: Int, right: Int, left: Int)?) { self.ids = ids }
}
