import ClinicodeCore

/// The text layer's data: section headers, British->American spelling
/// variants, abbreviations that end in a period, words that continue a
/// sentence across a line break, and the section kinds whose header heads
/// only its own line when written with content after it. Parsed from `Lexicons/text/` when a model is
/// built, then stored in (and decoded from) the model's "text" section.
public struct TextRules: Sendable, Hashable {
    /// The folder under `Lexicons/` holding the text layer's files.
    public static let lexiconSubdirectory = "text"

    /// How a spelling-variant row applies.
    enum SpellingScope: UInt8, Sendable, Hashable {
        /// The whole (hyphen/slash-separated part of a) word.
        case word = 0
        /// The beginning of a word.
        case prefix = 1
        /// The end of a word.
        case suffix = 2
    }

    /// One British -> American spelling rule.
    struct SpellingRule: Sendable, Hashable {
        var british: String
        var american: String
        var scope: SpellingScope
    }

    /// Header variants (as written in the lexicon) and the kind each names.
    var sectionHeaders: [(header: String, kind: SectionKind)]
    /// Spelling rules in file order.
    var spellingRules: [SpellingRule]
    /// Lower-case abbreviations written with a final period (`dr.`, `e.g.`).
    var abbreviationsWithPeriods: [String]
    /// Lower-case words after which a line break does not end a sentence.
    var lineContinuationWords: [String]
    /// Section kinds whose header, with content after its colon, heads only
    /// the sentences that begin on its line ("Family history: uncle with ALS.").
    var lineSectionKinds: [SectionKind]
    /// Lower-case words after which a capital `A` abbreviates "atrial" (`A fib`).
    var atrialWords: [String]

    /// Rules with no data: no sections, no spelling variants. Tokenisation
    /// and NFKC/accent folding still work.
    public init() {
        sectionHeaders = []
        spellingRules = []
        abbreviationsWithPeriods = []
        lineContinuationWords = []
        lineSectionKinds = []
        atrialWords = []
    }

    /// Parses `<lexiconsDirectory>/text/`. Errors name the file and line.
    public init(lexiconsDirectory: String) throws {
        let folder = lexiconsDirectory + "/" + Self.lexiconSubdirectory + "/"
        self.init()

        let sections = try DataFile(path: folder + "sections.tsv")
        for row in sections.rows {
            guard row.fields.count >= 2, !row[0].isEmpty, !row[1].isEmpty else {
                throw DataFileError.malformed(source: sections.source, line: row.line,
                                              reason: "expected 'header<TAB>section_kind'")
            }
            guard row[1].allSatisfy({ $0.isLetter || $0 == "_" }) else {
                throw DataFileError.malformed(source: sections.source, line: row.line,
                                              reason: "section kind '\(row[1])' must be snake_case letters")
            }
            sectionHeaders.append((row[0], SectionKind(rawValue: row[1].lowercased())))
        }

        let spelling = try DataFile(path: folder + "spelling-variants.tsv")
        for row in spelling.rows {
            guard row.fields.count >= 2, !row[0].isEmpty, !row[1].isEmpty else {
                throw DataFileError.malformed(source: spelling.source, line: row.line,
                                              reason: "expected 'british<TAB>american[<TAB>word|prefix|suffix]'")
            }
            let scope: SpellingScope
            switch row[2].lowercased() {
            case "", "word": scope = .word
            case "prefix": scope = .prefix
            case "suffix": scope = .suffix
            default:
                throw DataFileError.malformed(source: spelling.source, line: row.line,
                                              reason: "unknown rule type '\(row[2])' (word, prefix or suffix)")
            }
            let british = row[0].lowercased(), american = row[1].lowercased()
            guard british.unicodeScalars.allSatisfy(\.isASCII), american.unicodeScalars.allSatisfy(\.isASCII) else {
                throw DataFileError.malformed(source: spelling.source, line: row.line,
                                              reason: "spelling variants must be ASCII")
            }
            spellingRules.append(SpellingRule(british: british, american: american, scope: scope))
        }

        let abbreviations = try DataFile(path: folder + "abbreviations-with-periods.txt")
        for row in abbreviations.rows {
            let word = row[0].lowercased()
            guard word.hasSuffix("."), word.count > 1 else {
                throw DataFileError.malformed(source: abbreviations.source, line: row.line,
                                              reason: "an abbreviation here must end with '.'")
            }
            abbreviationsWithPeriods.append(word)
        }

        let continuations = try DataFile(path: folder + "line-continuation-words.txt")
        for row in continuations.rows where !row[0].isEmpty {
            lineContinuationWords.append(row[0].lowercased())
        }

        let lineSections = try DataFile(path: folder + "line-sections.txt")
        let knownKinds = Set(sectionHeaders.map(\.kind))
        for row in lineSections.rows where !row[0].isEmpty {
            let kind = SectionKind(rawValue: row[0].lowercased())
            guard knownKinds.contains(kind) else {
                throw DataFileError.malformed(source: lineSections.source, line: row.line,
                                              reason: "section kind '\(row[0])' is named by no header in sections.tsv")
            }
            lineSectionKinds.append(kind)
        }

        let atrial = try DataFile(path: folder + "atrial-a-words.txt")
        for row in atrial.rows where !row[0].isEmpty {
            let word = row[0].lowercased()
            guard word.unicodeScalars.allSatisfy({ $0.value &- 0x61 < 26 }) else {
                throw DataFileError.malformed(source: atrial.source, line: row.line,
                                              reason: "'\(row[0])' must be ASCII letters only")
            }
            atrialWords.append(word)
        }
    }

    /// Writes the rules for the model's "text" section.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.encodingVersion)
        writer.write(sectionHeaders.map(\.header))
        writer.write(sectionHeaders.map(\.kind.rawValue))
        writer.write(spellingRules.map(\.british))
        writer.write(spellingRules.map(\.american))
        writer.write(bytes: spellingRules.map(\.scope.rawValue))
        writer.write(abbreviationsWithPeriods)
        writer.write(lineContinuationWords)
        writer.write(lineSectionKinds.map(\.rawValue))
        writer.write(atrialWords)
    }

    /// Reads rules written by `encode(to:)`.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.readUInt32()
        guard version == Self.encodingVersion else {
            throw reader.corrupt("text rules version \(version), expected \(Self.encodingVersion)")
        }
        let headers = try reader.readStringArray()
        let kinds = try reader.readStringArray()
        let british = try reader.readStringArray()
        let american = try reader.readStringArray()
        let scopes = try reader.readBytes()
        guard headers.count == kinds.count, british.count == american.count, british.count == scopes.count else {
            throw reader.corrupt("text rules arrays disagree in length")
        }
        self.init()
        sectionHeaders = zip(headers, kinds).map { ($0, SectionKind(rawValue: $1)) }
        for index in british.indices {
            guard let scope = SpellingScope(rawValue: scopes[index]) else {
                throw reader.corrupt("unknown spelling rule type \(scopes[index])")
            }
            spellingRules.append(SpellingRule(british: british[index], american: american[index], scope: scope))
        }
        abbreviationsWithPeriods = try reader.readStringArray()
        lineContinuationWords = try reader.readStringArray()
        lineSectionKinds = try reader.readStringArray().map { SectionKind(rawValue: $0) }
        atrialWords = try reader.readStringArray()
    }

    private static let encodingVersion: UInt32 = 3

    /// Number of section header variants (for diagnostics and tests).
    public var sectionHeaderCount: Int { sectionHeaders.count }
    /// Number of spelling rules (for diagnostics and tests).
    public var spellingRuleCount: Int { spellingRules.count }

    /// Compares every rule.
    public static func == (lhs: TextRules, rhs: TextRules) -> Bool {
        lhs.sectionHeaders.map(\.header) == rhs.sectionHeaders.map(\.header)
            && lhs.sectionHeaders.map(\.kind) == rhs.sectionHeaders.map(\.kind)
            && lhs.spellingRules == rhs.spellingRules
            && lhs.abbreviationsWithPeriods == rhs.abbreviationsWithPeriods
            && lhs.lineContinuationWords == rhs.lineContinuationWords
            && lhs.lineSectionKinds == rhs.lineSectionKinds
            && lhs.atrialWords == rhs.atrialWords
    }

    /// Hashes every rule.
    public func hash(into hasher: inout Hasher) {
        for (header, kind) in sectionHeaders { hasher.combine(header); hasher.combine(kind) }
        hasher.combine(spellingRules)
        hasher.combine(abbreviationsWithPeriods)
        hasher.combine(lineContinuationWords)
        hasher.combine(lineSectionKinds)
        hasher.combine(atrialWords)
    }
}
