import ClinicodeCore
import ClinicodeTerminology

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
    /// Hashes of the words of the title's "with" clauses (to the next "without"),
    /// empty when it has none or says "with unspecified": the finding the code is
    /// for (see `WithClauseRule.namesNoFinding`).
    let withClauseWords: [UInt64]
    /// A block (`E08-E13`) or chapter (`ch4`): never a code's category.
    let isGrouping: Bool
    /// The title has " with " in any ASCII case (see `CodingRulesApplier.dropWithoutTwins`).
    let saysSpacedWith: Bool
    /// The title starts "Displaced " (see `DisplacementRule`): asked of every
    /// code a mention reaches, and the node is at hand where its title's bytes are not.
    let saysDisplaced: Bool
    /// The code's last character (a 7th character for injury codes).
    let lastCharacter: Character?
    /// The code's bytes packed big-endian (see `PackedCodeRange`), nil when longer than 8 bytes.
    let packedCode: UInt64?

    var hasChildren: Bool { !childIDs.isEmpty }

    /// The node's family once looked up (see `CodeCatalog.family(of:)`). Only
    /// downward links are kept this way, so nodes never form a cycle.
    let familySlot = LazyReference<CatalogFamily>()
    /// The node's Excludes1 ranges once looked up (see `CodeCatalog.excludes1(of:)`).
    let exclusionSlot = LazyReference<ExclusionList>()
    /// The node's rule matches once worked out (see `CodeFactsStore`).
    let factsSlot = LazyReference<CodeFacts>()
    /// The node's category default once worked out (see `Specificity.categoryDefault`).
    let categoryDefaultSlot = LazyReference<CategoryDefault>()
    /// The node's right and left stand-ins once worked out (see `Specificity.sidePair(above:)`).
    let sidePairSlot = LazyReference<SidePairIDs>()
    /// The node's lower-cased title and sided twins once worked out (see `CodingRulesApplier.sideTitles(of:)`).
    let sideTitlesSlot = LazyReference<SideTitles>()
    /// The node's "without" clause once read (see `WithClauseRule.withoutClause(of:)`).
    let withoutClauseSlot = LazyReference<WithoutClauseTitle>()
    /// The node's "code first" ranges once looked up (see `CodeCatalog.codeFirst(of:)`):
    /// the etiology rule asks for them for every mentioned candidate of every
    /// note, and the terminology walks the ancestors' notes each time.
    let codeFirstSlot = LazyReference<CodeFirstList>()
    /// The node's title words as `WithoutClauseRule` reads them, once read.
    let denialWordsSlot = LazyReference<TitleDenialWords>()

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
        isUnspecified = Specificity.isUnspecifiedTitle(lowered)
        isOther = Specificity.isOtherTitle(lowered)
        isGrouping = Self.isGrouping(code.code)
        saysDisplaced = title.hasPrefix("Displaced ")
        saysUnspecified = lowered.saysUnspecified
        saysWithout = lowered.saysWithout
        saysWithUnspecified = lowered.saysWithUnspecified
        saysSpacedWith = lowered.saysSpacedWith
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
        } else {
            essentialWords = titleWords
        }
        // Codes end in an ASCII byte: one byte is one Character (no grapheme
        // breaking, which was a visible share of building a node).
        if let last = code.code.utf8.last, last < 0x80, last != UInt8(ascii: "\n") {
            lastCharacter = Character(Unicode.Scalar(last))
        } else {
            lastCharacter = code.code.last
        }
        packedCode = PackedCodeRange.pack(code.code)?.key
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
    /// The children's distinguishing words (see `Specificity.distinguishingWords`),
    /// flat: child `i`'s are `wordEnds[i - 1]..<wordEnds[i]` (from 0 for the first).
    let wordHashes: [UInt64]
    let wordWeights: [Double]
    let wordEnds: [Int]
    /// Every child is a 7th-character expansion: the default depends on the note's encounter cue.
    let allSevenths: Bool
    /// The default child when not all children are 7th-character expansions.
    let defaultChild: CatalogNode?

    init(parent: CatalogNode, children: [CatalogNode]) {
        self.children = children
        var hashes: [UInt64] = [], weights: [Double] = [], ends: [Int] = []
        for words in Specificity.distinguishingWords(parent: parent, children: children) {
            for (hash, weight) in words {
                hashes.append(hash)
                weights.append(weight)
            }
            ends.append(hashes.count)
        }
        wordHashes = hashes
        wordWeights = weights
        wordEnds = ends
        allSevenths = children.allSatisfy { Specificity.isSeventhCharacterExpansion($0.code.code, of: parent.code.code) }
        defaultChild = allSevenths ? nil : Specificity.plainDefaultChild(children)
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

/// A code's Excludes1 ranges (its own and its ancestors'), packed.
final class ExclusionList: Sendable {
    let ranges: [PackedCodeRange]
    /// `firstByteBit` of every first byte a code in the ranges can have (a
    /// range holds only codes whose first byte lies between its bounds'
    /// first bytes): most codes are ruled out with one AND.
    let firstBytes: UInt64

    init(_ ranges: [CodeRange]) {
        self.ranges = ranges.map { PackedCodeRange($0) }
        var bits: UInt64 = 0
        for range in ranges {
            guard let first = range.first.utf8.first, let last = range.last.utf8.first, first <= last else { continue }
            for byte in first...last { bits |= Self.firstByteBit(of: byte) }
        }
        firstBytes = bits
    }

    /// A bit standing for a code's first byte (bytes 64 apart share one; 0 for no byte).
    static func firstByteBit(of byte: UInt8) -> UInt64 { 1 << UInt64(byte & 63) }

    static func firstByteBit(of code: String) -> UInt64 { code.utf8.first.map { firstByteBit(of: $0) } ?? 0 }
}

/// A `CodeRange` as two 64-bit keys, so testing a code against it is two
/// masked integer comparisons instead of two byte walks over Strings (the
/// Excludes1 rule tests every pair of a note's best candidates). Bounds or
/// codes longer than 8 bytes fall back to `CodeRange.contains`.
struct PackedCodeRange: Sendable {
    let range: CodeRange
    /// Packed bounds and the masks keeping as many leading bytes as each bound has.
    let first: UInt64, firstMask: UInt64, last: UInt64, lastMask: UInt64
    let isPacked: Bool

    init(_ range: CodeRange) {
        self.range = range
        if let first = Self.pack(range.first), let last = Self.pack(range.last) {
            (self.first, firstMask, self.last, lastMask) = (first.key, first.mask, last.key, last.mask)
            isPacked = true
        } else {
            (first, firstMask, last, lastMask) = (0, 0, 0, 0)
            isPacked = false
        }
    }

    /// Bytes big-endian from the top, zero-padded (codes hold no NUL), and the
    /// mask of the bytes used; nil when longer than 8 bytes. A code shorter
    /// than a bound whose bytes all match then compares below it, as in
    /// `CodeRange.comparePrefix`.
    static func pack(_ code: String) -> (key: UInt64, mask: UInt64)? {
        var key: UInt64 = 0
        var count = 0
        for byte in code.utf8 {
            guard count < 8, byte != 0 else { return nil }
            key |= UInt64(byte) << (56 - 8 * UInt64(count))
            count += 1
        }
        let mask: UInt64 = count == 0 ? 0 : (count == 8 ? .max : ~(UInt64.max >> (8 * UInt64(count))))
        return (key, mask)
    }

    /// Whether a packed code (`pack(_:)`) is in the packed range.
    @inline(__always)
    func contains(packed code: UInt64) -> Bool {
        code & firstMask >= first && code & lastMask <= last
    }
}
