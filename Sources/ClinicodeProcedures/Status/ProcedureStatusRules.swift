import ClinicodeCore
import ClinicodeText

/// The data behind procedure status detection, parsed from
/// `Lexicons/procedures/` (`status-cues.tsv`, `terminators.tsv`,
/// `section-defaults.tsv`, `settings.tsv`) and stored in the model.
public struct ProcedureStatusRules: Sendable, Hashable {
    /// The folder under `Lexicons/` holding the procedure files.
    public static let lexiconSubdirectory = "procedures"
    static let formatVersion: UInt32 = 1

    /// Cue phrases (pseudo-cues included), in file order.
    public var cues: [ProcedureStatusCue]
    /// Phrases that end a cue's scope, as normalised tokens.
    public var terminators: [[String]]
    /// The status of a cue-less mention by section kind, or by one header
    /// spelling (key `header:<lower-cased title>`, which wins over the kind).
    public var sectionDefaults: [SectionKind: ProcedureStatus]
    /// How many word tokens a cue reaches at most.
    public var maxScopeWords: Int

    /// Rules with no data: every procedure counts as performed.
    public init() {
        cues = []
        terminators = []
        sectionDefaults = [:]
        maxScopeWords = 12
    }

    /// Parses `<lexiconsDirectory>/procedures/`, tokenising phrases with the
    /// text layer built from `<lexiconsDirectory>/text/` (defaults when absent).
    public init(lexiconsDirectory: String) throws {
        let textRules = (try? TextRules(lexiconsDirectory: lexiconsDirectory)) ?? TextRules()
        try self.init(lexiconsDirectory: lexiconsDirectory, analyzer: TextAnalyzer(rules: textRules))
    }

    /// Parses `<lexiconsDirectory>/procedures/` with `analyzer`. Errors name the file and line.
    public init(lexiconsDirectory: String, analyzer: TextAnalyzer) throws {
        self.init()
        let folder = lexiconsDirectory + "/" + Self.lexiconSubdirectory + "/"
        let words = { (phrase: String) in analyzer.tokenize(phrase).map(\.normalized) }

        let cueFile = try DataFile(path: folder + "status-cues.tsv")
        for row in cueFile.rows {
            let phraseWords = words(row[0])
            guard !phraseWords.isEmpty else {
                throw DataFileError.malformed(source: cueFile.source, line: row.line, reason: "empty phrase")
            }
            guard let status = ProcedureStatus(rawValue: row[1]) else {
                throw DataFileError.malformed(source: cueFile.source, line: row.line,
                                              reason: "status '\(row[1])' is not not_performed, performed or pseudo")
            }
            guard let direction = CueDirection(rawValue: row[2]) else {
                throw DataFileError.malformed(source: cueFile.source, line: row.line,
                                              reason: "direction '\(row[2])' is not forward, backward or both")
            }
            var category = ContextCategory.hypothetical
            if !row[3].isEmpty {
                guard let named = ContextCategory(rawValue: row[3]) else {
                    throw DataFileError.malformed(source: cueFile.source, line: row.line, reason: "unknown category '\(row[3])'")
                }
                category = named
            }
            cues.append(ProcedureStatusCue(phrase: row[0], words: phraseWords, status: status,
                                           direction: direction, category: category))
        }

        let terminatorFile = try DataFile(path: folder + "terminators.tsv")
        for row in terminatorFile.rows {
            let phraseWords = words(row[0])
            guard !phraseWords.isEmpty else {
                throw DataFileError.malformed(source: terminatorFile.source, line: row.line, reason: "empty phrase")
            }
            terminators.append(phraseWords)
        }

        let defaultsFile = try DataFile(path: folder + "section-defaults.tsv")
        for row in defaultsFile.rows {
            guard !row[0].isEmpty, let status = ProcedureStatus(rawValue: row[1]), status != .pseudo else {
                throw DataFileError.malformed(source: defaultsFile.source, line: row.line,
                                              reason: "expected section_kind<TAB>performed|not_performed")
            }
            sectionDefaults[SectionKind(rawValue: row[0])] = status
        }

        let settingsFile = try DataFile(path: folder + "settings.tsv")
        for row in settingsFile.rows {
            guard row[0] == "max_scope_words", let value = Int(row[1]), value > 0 else {
                throw DataFileError.malformed(source: settingsFile.source, line: row.line,
                                              reason: "expected max_scope_words<TAB>positive integer")
            }
            maxScopeWords = value
        }
    }

    /// Writes the rules for the model file.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        writer.write(cues.count)
        for cue in cues {
            writer.write(cue.phrase)
            writer.write(cue.words)
            writer.write(cue.status.rawValue)
            writer.write(cue.direction.rawValue)
            writer.write(cue.category.rawValue)
        }
        writer.write(terminators.count)
        for terminator in terminators { writer.write(terminator) }
        let defaults = sectionDefaults.sorted { $0.key.rawValue < $1.key.rawValue }
        writer.write(defaults.count)
        for (kind, status) in defaults {
            writer.write(kind.rawValue)
            writer.write(status.rawValue)
        }
        writer.write(maxScopeWords)
    }

    /// Reads rules written by `encode(to:)`; corrupt data throws.
    public init(from reader: inout BinaryReader) throws {
        self.init()
        let version = try reader.readUInt32()
        guard version == Self.formatVersion else {
            throw reader.corrupt("procedure status rules format \(version), expected \(Self.formatVersion): rebuild the model")
        }
        let cueCount = try reader.readInt()
        guard cueCount >= 0, cueCount <= reader.remaining else { throw reader.corrupt("bad procedure cue count") }
        for _ in 0..<cueCount {
            let phrase = try reader.readString()
            let words = try reader.readStringArray()
            guard let status = ProcedureStatus(rawValue: try reader.readString()),
                  let direction = CueDirection(rawValue: try reader.readString()),
                  let category = ContextCategory(rawValue: try reader.readString()), !words.isEmpty
            else { throw reader.corrupt("bad procedure cue '\(phrase)'") }
            cues.append(ProcedureStatusCue(phrase: phrase, words: words, status: status, direction: direction, category: category))
        }
        let terminatorCount = try reader.readInt()
        guard terminatorCount >= 0, terminatorCount <= reader.remaining else { throw reader.corrupt("bad terminator count") }
        for _ in 0..<terminatorCount { terminators.append(try reader.readStringArray()) }
        let defaultCount = try reader.readInt()
        guard defaultCount >= 0, defaultCount <= reader.remaining else { throw reader.corrupt("bad section default count") }
        for _ in 0..<defaultCount {
            let kind = try reader.readString()
            guard let status = ProcedureStatus(rawValue: try reader.readString()) else {
                throw reader.corrupt("bad section default for '\(kind)'")
            }
            sectionDefaults[SectionKind(rawValue: kind)] = status
        }
        maxScopeWords = try reader.readInt()
    }
}
