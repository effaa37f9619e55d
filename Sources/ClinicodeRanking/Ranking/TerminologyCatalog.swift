import ClinicodeCore
import ClinicodeTerminology
import Foundation

/// The terminology seen through the ranker's `CodeCatalog` view.
struct TerminologyCatalog: CodeCatalog {
    let terminology: Terminology
    let weights: WordWeights
    /// Retrieval hits kept per sentence.
    static let retrievalLimit = 4
    /// Retrieval hits weaker than this are noise.
    static let retrievalFloor = 0.55

    /// Nodes already worked out, shared by every note this catalog ranks:
    /// building a node hashes its title's words, so it is done once per code,
    /// on first use (model load stays cheap). A node's family and Excludes1
    /// ranges hang off the node itself, also made on first use.
    let store: NodeStore

    init(terminology: Terminology, weights: WordWeights) {
        self.terminology = terminology
        self.weights = weights
        store = NodeStore(count: terminology.codeCount)
    }

    func id(of code: CodeReference) -> Int? { terminology.codeID(of: code) }

    func node(id: Int) -> CatalogNode {
        store.node(id) {
            let parentID = terminology.parentID(ofID: id)
            // A built parent node already knows its code and category (a
            // family's parent always is built): no walk up the ancestors'
            // Strings.
            let parentNode = parentID.flatMap { store.cached($0) }
            var category = id
            if let parentNode {
                if !parentNode.isGrouping { category = parentNode.categoryID ?? parentNode.id }
            } else {
                while let parent = terminology.parentID(ofID: category),
                    !CatalogNode.isGrouping(terminology.codeReference(ofID: parent).code)
                {
                    category = parent
                }
            }
            return CatalogNode(
                id: id, code: terminology.codeReference(ofID: id), title: terminology.title(ofID: id),
                billable: terminology.isBillable(id: id),
                parent: parentNode?.code ?? parentID.map { terminology.codeReference(ofID: $0) },
                parentID: parentID, childIDs: terminology.childIDs(ofID: id), categoryID: category == id ? nil : category,
                weight: weights.weight)
        }
    }

    func family(of node: CatalogNode) -> CatalogFamily {
        node.familySlot.value { CatalogFamily(parent: node, children: node.childIDs.map { self.node(id: $0) }) }
    }

    func excludes1(of node: CatalogNode) -> ExclusionList {
        node.exclusionSlot.value { ExclusionList(terminology.excludes1Notes(ofID: node.id)) }
    }

    func codeFirst(of node: CatalogNode) -> [CodeRange] {
        node.codeFirstSlot.value {
            let ranges = terminology.codeFirstNotes(ofID: node.id)
            // Most codes have none: they share one list, which stays in the processor's cache.
            return ranges.isEmpty ? CodeFirstList.none : CodeFirstList(ranges)
        }.ranges
    }

    func informativeness(_ wordHash: UInt64) -> Double { weights.weight(wordHash) }

    func retrieve(_ document: Document, sentences: Range<Int>) -> [(code: CodeReference, score: Double)] {
        guard let first = sentences.first, let last = sentences.last, last < document.sentences.count else { return [] }
        let tokens = document.sentences[first].tokens.lowerBound..<document.sentences[last].tokens.upperBound
        guard !tokens.isEmpty else { return [] }
        return terminology.retrieve(document, tokens: tokens, limit: Self.retrievalLimit)
            .filter { $0.score >= Self.retrievalFloor && $0.termCoverage >= 0.75 }
            .map { ($0.code, $0.score) }
    }
}

extension Ranker {
    /// Creates a ranker over a terminology, a (possibly zero-shot) model and the coding rules.
    public init(terminology: Terminology, model: RankingModel, rules: RankingRules) {
        self.init(catalog: TerminologyCatalog(terminology: terminology, weights: rules.wordWeights), model: model, rules: rules)
    }
}

extension RankingTrainer {
    /// Creates a trainer; `rules` must be the rules the ranker will use, so the
    /// learned fusion sees the same evidence at training and ranking time.
    public init(terminology: Terminology, base: RankingModel = .zeroShot, rules: RankingRules = .empty) {
        self.init(catalog: TerminologyCatalog(terminology: terminology, weights: rules.wordWeights), rules: rules, base: base)
    }
}

/// A memo of the catalog's nodes, by code id: one lazily set slot per
/// code, so a look-up is one atomic load (no lock taken per node, and the
/// ranker asks for nodes many times per mention). It only grows, by at most
/// one node per code, and never changes one; two workers may build the same
/// node, the first stored wins, and both are equal.
final class NodeStore: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<LazyReference<CatalogNode>>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(1, count))
        for index in 0..<count { (slots + index).initialize(to: LazyReference()) }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The node of a code id if already built.
    func cached(_ id: Int) -> CatalogNode? {
        precondition(id >= 0 && id < count, "code id out of range")
        return slots[id].current
    }

    func node(_ id: Int, make: () -> CatalogNode) -> CatalogNode {
        precondition(id >= 0 && id < count, "code id out of range")
        return slots[id].value(make)
    }
}
