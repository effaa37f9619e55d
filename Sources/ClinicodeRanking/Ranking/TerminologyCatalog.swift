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

    /// Entries already looked up, shared by every note this catalog ranks:
    /// building a `CodeEntry` walks all of a code's notes, so it is done once per code.
    let store = EntryStore()

    func node(_ code: CodeReference) -> CatalogNode? { store.entry(code, terminology, weights)?.node }

    func excludes1(of code: CodeReference) -> [CodeRange] { store.entry(code, terminology, weights)?.excludes1 ?? [] }

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

/// A lock-protected memo of the catalog's view of codes. It only grows, by
/// at most one record per code of the terminology, and never changes a record.
final class EntryStore: @unchecked Sendable {
    struct Record {
        var node: CatalogNode
        var excludes1: [CodeRange]
    }

    private let lock = NSLock()
    private var records: [CodeReference: Record?] = [:]

    func entry(_ code: CodeReference, _ terminology: Terminology, _ weights: WordWeights) -> Record? {
        lock.lock()
        if let cached = records[code] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let record = terminology.outline(for: code).map { entry in
            var node = CatalogNode(
                code: entry.code, title: entry.title, billable: entry.billable, parent: entry.parent,
                children: entry.children)
            node.computeWords(weights.weight)
            return Record(node: node, excludes1: terminology.excludes1Notes(for: code))
        }
        lock.lock()
        records[code] = record
        lock.unlock()
        return record
    }
}
