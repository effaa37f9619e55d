/// The gold codes of a set of documents, keyed the way `score.py` keys them
/// (see `CodeKey`): per document, distinct codes in order of first appearance.
public struct GoldStandard: Sendable {
    /// Where the gold came from.
    public var source: String
    /// Document identifiers in order of first appearance.
    public private(set) var documents: [String]
    /// The distinct code keys of each document.
    public private(set) var codes: [String: [String]]
    /// Lines that could not be used (reported, never fatal).
    public var malformed: [MalformedLine]
    /// Lines repeating a code already given for the same document (ignored, as score.py does).
    public var duplicateLines: Int
    /// A display form of each key (the first spelling seen, upper-cased, dots kept).
    public private(set) var displayForms: [String: String]

    /// Builds gold from (document, code) pairs.
    public init(pairs: [(document: String, code: String)], source: String = "<memory>") {
        self.source = source
        documents = []
        codes = [:]
        malformed = []
        duplicateLines = 0
        displayForms = [:]
        for (document, code) in pairs { add(document: document, code: code) }
    }

    /// Builds gold from a parsed file, keeping its malformed lines.
    public init(file: CodeListFile) {
        self.init(pairs: [], source: file.source)
        for entry in file.entries { add(document: entry.document, code: entry.code) }
        malformed = file.malformed
    }

    /// Reads a gold file; throws only when it cannot be read at all.
    public init(path: String) throws {
        self.init(file: try CodeListFile(path: path))
    }

    /// Reads gold text already in memory.
    public init(text: String, source: String = "<memory>") {
        self.init(file: CodeListFile(text: text, source: source))
    }

    /// Number of (document, distinct code) pairs.
    public var codeCount: Int { codes.values.reduce(0) { $0 + $1.count } }

    private mutating func add(document: String, code: String) {
        let key = CodeKey.of(code)
        guard !key.isEmpty else { return }
        if displayForms[key] == nil { displayForms[key] = code.uppercased() }
        if codes[document] == nil {
            documents.append(document)
            codes[document] = [key]
        } else if codes[document]!.contains(key) {
            duplicateLines += 1
        } else {
            codes[document]!.append(key)
        }
    }
}
