/// Ranked codes per document, best first, keyed like the gold (see `CodeKey`).
/// A repeated code keeps its first (best) rank, as in `score.py`.
///
/// A document may be present with no codes: that records that the note was
/// processed and nothing was suggested, as opposed to a note never seen.
public struct RankedPredictions: Sendable {
    /// Documents in order of first appearance.
    public private(set) var documents: [String]
    /// The ranked distinct code keys of each document.
    public private(set) var rankings: [String: [String]]
    /// Lines that could not be used, when read from a file.
    public var malformed: [MalformedLine]
    /// A display form of each key (the first spelling seen, upper-cased, dots kept).
    public private(set) var displayForms: [String: String]

    /// Creates an empty set.
    public init() {
        documents = []
        rankings = [:]
        malformed = []
        displayForms = [:]
    }

    /// Builds predictions from ranked code lists.
    public init(_ lists: [(document: String, codes: [String])]) {
        self.init()
        for (document, codes) in lists { set(document: document, codes: codes) }
    }

    /// Builds predictions from a parsed `doc_id<TAB>code[<TAB>score]` file in rank order.
    public init(file: CodeListFile) {
        self.init()
        for entry in file.entries { append(document: entry.document, code: entry.code) }
        malformed = file.malformed
    }

    /// Reads a predictions file; throws only when it cannot be read at all.
    public init(path: String) throws {
        self.init(file: try CodeListFile(path: path))
    }

    /// Records the whole ranking of one document (replacing any earlier one).
    public mutating func set(document: String, codes: [String]) {
        if rankings[document] == nil { documents.append(document) }
        // A local set keeps long rankings linear (`append` scans the list).
        var seen = Set<String>()
        var ranking: [String] = []
        ranking.reserveCapacity(codes.count)
        for code in codes {
            let key = CodeKey.of(code)
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            if displayForms[key] == nil { displayForms[key] = code.uppercased() }
            ranking.append(key)
        }
        rankings[document] = ranking
    }

    /// Appends one code at the next rank of `document`.
    public mutating func append(document: String, code: String) {
        if rankings[document] == nil {
            documents.append(document)
            rankings[document] = []
        }
        let key = CodeKey.of(code)
        guard !key.isEmpty, !rankings[document]!.contains(key) else { return }
        if displayForms[key] == nil { displayForms[key] = code.uppercased() }
        rankings[document]!.append(key)
    }
}
