import ClinicodeCore
import ClinicodeTerminology

/// The ranker's view of the terminology: code hierarchy, Excludes1 notes,
/// word informativeness and loose retrieval, by code id. `TerminologyCatalog`
/// conforms; tests may use small fakes. Every answer is immutable and may be
/// memoised for the life of the catalog (nodes, families, exclusions).
protocol CodeCatalog: Sendable {
    /// The id of a code, or nil when unknown.
    func id(of code: CodeReference) -> Int?
    /// The node of a known code id.
    func node(id: Int) -> CatalogNode
    /// The node's children, with what the descent needs to choose among them.
    func family(of node: CatalogNode) -> CatalogFamily
    /// The codes an Excludes1 note of the node's code (or of its ancestors) names.
    func excludes1(of node: CatalogNode) -> ExclusionList
    /// The codes a "code first" note of the node's code (or of its ancestors) names.
    func codeFirst(of node: CatalogNode) -> [CodeRange]
    /// Informativeness of a normalised word (hash from `WordHash`), about 0...10.
    func informativeness(_ wordHash: UInt64) -> Double
    /// Codes whose terms resemble the words of a sentence window (loose retrieval).
    func retrieve(_ document: Document, sentences: Range<Int>) -> [(code: CodeReference, score: Double)]
}

extension CodeCatalog {
    /// No "code first" notes (catalogs without tabular notes).
    func codeFirst(of node: CatalogNode) -> [CodeRange] { [] }

    /// The code's title, billability and neighbours, or nil when unknown.
    func node(_ code: CodeReference) -> CatalogNode? { id(of: code).map { node(id: $0) } }
}

/// The catalog as one note's ranking uses it. The catalog memoises for
/// every note, so this holds no per-note state and costs nothing to make.
struct CatalogCache {
    let catalog: any CodeCatalog

    init(_ catalog: any CodeCatalog) { self.catalog = catalog }

    func node(_ code: CodeReference) -> CatalogNode? { catalog.node(code) }

    func node(id: Int) -> CatalogNode { catalog.node(id: id) }

    /// The codes an Excludes1 note of the node (or of its ancestors) names.
    func excludes1(of node: CatalogNode) -> ExclusionList { catalog.excludes1(of: node) }

    /// The codes a "code first" note of the node (or of its ancestors) names.
    func codeFirst(of node: CatalogNode) -> [CodeRange] { catalog.codeFirst(of: node) }

    func informativeness(_ word: UInt64) -> Double { catalog.informativeness(word) }

    /// The nodes of a code's children (known ones, in order).
    func children(of parent: CatalogNode) -> [CatalogNode] { catalog.family(of: parent).children }

    func family(of parent: CatalogNode) -> CatalogFamily { catalog.family(of: parent) }
}
