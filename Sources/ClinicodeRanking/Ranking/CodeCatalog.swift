import ClinicodeCore
import ClinicodeTerminology

/// What the ranker needs to know about one code.
struct CatalogNode: Sendable {
    var code: CodeReference
    var title: String
    var billable: Bool
    var parent: CodeReference?
    var children: [CodeReference]
    /// Informative title words (hash, weight), unique, for coverage.
    var titleWords: [(hash: UInt64, weight: Double)] = []
    /// The same without parenthesised (nonessential) words, for choosing children.
    var essentialWords: [(hash: UInt64, weight: Double)] = []
    /// Title says "unspecified" or "without complications" (see `Specificity.isUnspecifiedTitle`).
    var isUnspecified = false
    /// Title names a residual "other" type (see `Specificity.isOtherTitle`).
    var isOther = false
    /// Title words that choose a default child, computed once (lower-cased
    /// "unspecified", "without", "with unspecified").
    var saysUnspecified = false, saysWithout = false, saysWithUnspecified = false
    /// A block (`E08-E13`) or chapter (`ch4`): never a code's category.
    var isGrouping = false

    /// Fills the word lists from the title.
    mutating func computeWords(_ weight: (UInt64) -> Double) {
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
        isGrouping = code.code.utf8.contains(UInt8(ascii: "-")) || code.code.hasPrefix("ch")
        let lowered = LoweredTitle(title)
        saysUnspecified = lowered.contains("unspecified")
        saysWithout = lowered.contains("without")
        saysWithUnspecified = lowered.contains("with unspecified")
        titleWords = words(title)
        essentialWords = words(Specificity.essentialWords(title))
    }
}

/// The ranker's view of the terminology: code hierarchy, Excludes1 notes,
/// word informativeness and loose retrieval. `Terminology` conforms; tests may
/// use small fakes.
protocol CodeCatalog: Sendable {
    /// The code's title, billability and neighbours.
    func node(_ code: CodeReference) -> CatalogNode?
    /// The codes an Excludes1 note of `code` (or of its ancestors) names.
    func excludes1(of code: CodeReference) -> [CodeRange]
    /// Informativeness of a normalised word (hash from `WordHash`), about 0...10.
    func informativeness(_ wordHash: UInt64) -> Double
    /// Codes whose terms resemble the words of a sentence window (loose retrieval).
    func retrieve(_ document: Document, sentences: Range<Int>) -> [(code: CodeReference, score: Double)]
}

/// Memoises catalog look-ups for the duration of one note's ranking, so the
/// hierarchy walk and the pairwise rules ask the terminology once per code.
final class CatalogCache {
    let catalog: any CodeCatalog
    private var nodes: [CodeReference: CatalogNode?] = [:]
    private var exclusions: [CodeReference: [CodeRange]] = [:]
    private var childNodes: [CodeReference: [CatalogNode]] = [:]

    init(_ catalog: any CodeCatalog) { self.catalog = catalog }

    func node(_ code: CodeReference) -> CatalogNode? {
        if let cached = nodes[code] { return cached }
        let node = catalog.node(code)
        nodes[code] = node
        return node
    }

    /// Whether an Excludes1 note of `code` (or of its ancestors) names `other`.
    func excludes(_ code: CodeReference, _ other: CodeReference) -> Bool {
        guard code.system == other.system else { return false }
        let ranges: [CodeRange]
        if let cached = exclusions[code] {
            ranges = cached
        } else {
            ranges = catalog.excludes1(of: code)
            exclusions[code] = ranges
        }
        return ranges.contains { $0.contains(other.code) }
    }

    func informativeness(_ word: UInt64) -> Double { catalog.informativeness(word) }

    /// The nodes of a code's children (known ones, in order), memoised per
    /// parent so the descent does not look each child up again.
    func children(of parent: CatalogNode) -> [CatalogNode] {
        if let cached = childNodes[parent.code] { return cached }
        let nodes = parent.children.compactMap { node($0) }
        childNodes[parent.code] = nodes
        return nodes
    }
}
