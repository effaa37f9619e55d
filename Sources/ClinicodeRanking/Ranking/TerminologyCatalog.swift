import CPrefetch
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

    /// Nodes already made, shared by every note this catalog ranks: made
    /// once per code, on first use (model load stays cheap). A node's family
    /// and Excludes1 ranges hang off the node itself, also made on first use.
    let store: NodeStore
    /// The model's per-code table (`CatalogTable`), when it has one for this
    /// terminology and these weights: nodes and families are then read from
    /// it instead of worked out from their titles.
    let table: CatalogTable?
    /// The terminology as every node's title source.
    let titles: CatalogTitles
    /// The table's distinct Excludes1 lists, each made on first use and
    /// shared by every code that has it (most inherit their ancestors').
    let exclusions: LazyStore<ExclusionList>?

    /// `table`, when given, must have been written for this terminology and
    /// the rules these weights come from (as `ClinicodeModel` keeps it).
    init(terminology: Terminology, weights: WordWeights, table: CatalogTable? = nil) {
        self.terminology = terminology
        self.weights = weights
        self.table = table?.codeCount == terminology.codeCount ? table : nil
        store = NodeStore(count: terminology.codeCount)
        titles = CatalogTitles(terminology)
        exclusions = self.table.map { LazyStore(count: $0.exclusionListCount) }
    }

    func id(of code: CodeReference) -> Int? { terminology.codeID(of: code) }

    func node(id: Int) -> CatalogNode {
        store.node(id) {
            if let table { return tableNode(id, table) }
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
            let code = terminology.codeReference(ofID: id)
            return CatalogNode(
                id: id, code: code, billable: terminology.isBillable(id: id),
                parent: parentNode?.code ?? parentID.map { terminology.codeReference(ofID: $0) },
                parentID: parentID, childIDs: terminology.childIDs(ofID: id), categoryID: category == id ? nil : category,
                analysis: CatalogNode.Analysis(title: terminology.title(ofID: id), code: code.code, weight: weights.weight),
                titles: titles)
        }
    }

    /// A node read from the table: a few numbers and views of its lists.
    private func tableNode(_ id: Int, _ table: CatalogTable) -> CatalogNode {
        let parentID = table.parentID(id)
        let flags = table.flags(id)
        return CatalogNode(
            id: id, code: terminology.codeReference(ofID: id), billable: flags & CatalogTable.TableFlags.billable != 0,
            parent: parentID.map { store.cached($0)?.code ?? terminology.codeReference(ofID: $0) }, parentID: parentID,
            childIDs: table.childIDs(id), categoryID: table.categoryID(id), titleWords: table.titleWords(id),
            essentialWords: table.essentialWords(id), withClauseWords: table.withClauseWords(id),
            flags: CatalogNode.Flags(rawValue: flags), table: table, ownBytes: nil, titles: titles)
    }

    func family(of node: CatalogNode) -> CatalogFamily {
        node.familySlot.value {
            let children = node.childIDs.map { self.node(id: $0) }
            guard let table = node.table else { return CatalogFamily(parent: node, children: children) }
            let family = table.family(node.id)
            return CatalogFamily(
                children: children, words: family.words, ends: family.ends, allSevenths: family.allSevenths,
                defaultChild: family.defaultChild.map { children[$0] })
        }
    }

    func excludes1(of node: CatalogNode) -> ExclusionList {
        if let table = node.table, let exclusions, table === self.table {
            let index = table.exclusionList(node.id)
            return exclusions.value(index) { ExclusionList(table.exclusionRanges(index)) }
        }
        return node.exclusionSlot.value { ExclusionList(terminology.excludes1Notes(ofID: node.id)) }
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
    /// Creates a ranker over a terminology, a (possibly zero-shot) model and
    /// the coding rules. `catalogTable`, the model file's per-code table
    /// (`ClinicodeModel.rankingCatalog`), must have been written for this
    /// terminology and these rules; without one the ranker works the same
    /// answers out per code on first use.
    public init(terminology: Terminology, model: RankingModel, rules: RankingRules, catalogTable: CatalogTable? = nil) {
        self.init(
            catalog: TerminologyCatalog(terminology: terminology, weights: rules.wordWeights, table: catalogTable),
            model: model, rules: rules)
    }
}

extension RankingTrainer {
    /// Creates a trainer; `rules` must be the rules the ranker will use, so the
    /// learned fusion sees the same evidence at training and ranking time.
    public init(terminology: Terminology, base: RankingModel = .zeroShot, rules: RankingRules = .empty) {
        self.init(catalog: TerminologyCatalog(terminology: terminology, weights: rules.wordWeights), rules: rules, base: base)
    }
}

/// A memo of the catalog's nodes, by code id.
typealias NodeStore = LazyStore<CatalogNode>

/// A memo of objects by index (a catalog's nodes by code id): one lazily
/// set slot per index, so a look-up is one atomic load (no lock taken per
/// node, and the ranker asks for nodes many times per mention). It only
/// grows, by at most one object per index, and never changes one; two
/// workers may build the same object, the first stored wins, and both are equal.
final class LazyStore<Object: AnyObject & Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<LazyReference<Object>>
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

    /// The object at an index if already made.
    func cached(_ id: Int) -> Object? {
        precondition(id >= 0 && id < count, "index out of range")
        return slots[id].current
    }

    /// Starts loading the slot of an index into the cache, without waiting for it.
    @inline(__always)
    func prefetchSlot(_ id: Int) {
        precondition(id >= 0 && id < count, "index out of range")
        clinicode_prefetch(UnsafeRawPointer(slots + id))
    }

    /// Starts loading the first `lines` cache lines of the object at an index,
    /// when made (its slot is read, and waited for if not yet in the cache).
    @inline(__always)
    func prefetchObject(_ id: Int, lines: Int) {
        precondition(id >= 0 && id < count, "index out of range")
        slots[id].prefetch(lines: lines)
    }

    /// The object at an index, made by `make` if not yet.
    func value(_ id: Int, make: () -> Object) -> Object {
        precondition(id >= 0 && id < count, "index out of range")
        return slots[id].value(make)
    }

    func node(_ id: Int, make: () -> Object) -> Object { value(id, make: make) }
}
