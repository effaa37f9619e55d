import ClinicodeCore
import ClinicodeText

/// Everything the procedure rules need at run time, stored in the model's
/// "procedures" section: the status cues, the qualifier words and descriptor
/// stop words of "the more complete description wins", and which code
/// systems are procedure systems.
public struct ProcedureRules: Sendable, Hashable {
    /// The model-archive section that holds these rules.
    public static let modelSection = "procedures"
    static let formatVersion: UInt32 = 2

    /// Performed / not-performed cues.
    public var status: ProcedureStatusRules
    /// Qualifier words (normalised) and their group (`approach`, `laterality`).
    public var qualifiers: [String: String]
    /// Descriptor words that say nothing about which service was done (normalised).
    public var descriptorStopwords: Set<String>
    /// The code systems whose codes are procedures (default: CPT).
    public var procedureSystems: [CodeSystemID]
    /// Lower-cased phrases marking an add-on code's added part ("each additional").
    public var addOnMarkers: [String]
    /// Number words that count treated things (normalised word -> value).
    public var countWords: [String: Int]

    /// Rules with no data (every procedure performed, no completeness evidence).
    public init(procedureSystems: [CodeSystemID] = [.cpt]) {
        status = ProcedureStatusRules()
        qualifiers = [:]
        descriptorStopwords = []
        self.procedureSystems = procedureSystems
        addOnMarkers = []
        countWords = [:]
    }

    /// Parses `<lexiconsDirectory>/procedures/`; `procedureSystems` names the
    /// systems loaded from licensed procedure files (`ProcedureCodeFile`).
    public init(lexiconsDirectory: String, procedureSystems: [CodeSystemID] = [.cpt]) throws {
        let textRules = (try? TextRules(lexiconsDirectory: lexiconsDirectory)) ?? TextRules()
        try self.init(lexiconsDirectory: lexiconsDirectory, analyzer: TextAnalyzer(rules: textRules),
                      procedureSystems: procedureSystems)
    }

    /// Parses `<lexiconsDirectory>/procedures/` with `analyzer`. Errors name the file and line.
    public init(lexiconsDirectory: String, analyzer: TextAnalyzer, procedureSystems: [CodeSystemID] = [.cpt]) throws {
        self.init(procedureSystems: procedureSystems)
        status = try ProcedureStatusRules(lexiconsDirectory: lexiconsDirectory, analyzer: analyzer)
        let folder = lexiconsDirectory + "/" + ProcedureStatusRules.lexiconSubdirectory + "/"
        let qualifierFile = try DataFile(path: folder + "qualifiers.tsv")
        for row in qualifierFile.rows {
            guard !row[0].isEmpty, !row[1].isEmpty, !row[0].contains(" ") else {
                throw DataFileError.malformed(source: qualifierFile.source, line: row.line, reason: "expected word<TAB>group")
            }
            qualifiers[analyzer.normalize(row[0])] = row[1]
        }
        let stopFile = try DataFile(path: folder + "descriptor-stopwords.txt")
        for row in stopFile.rows {
            guard !row[0].isEmpty else { continue }
            descriptorStopwords.insert(analyzer.normalize(row[0]))
        }
        let markerFile = try DataFile(path: folder + "addon-markers.txt")
        addOnMarkers = markerFile.rows.map { $0[0].lowercased() }.filter { !$0.isEmpty }
        let countFile = try DataFile(path: folder + "count-words.tsv")
        for row in countFile.rows {
            guard !row[0].isEmpty, let value = Int(row[1]), value > 0 else {
                throw DataFileError.malformed(source: countFile.source, line: row.line, reason: "expected word<TAB>positive integer")
            }
            countWords[analyzer.normalize(row[0])] = value
        }
    }

    /// Whether `code` belongs to a procedure system.
    public func isProcedure(_ code: CodeReference) -> Bool { procedureSystems.contains(code.system) }

    /// Writes the rules for the model file.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        status.encode(to: &writer)
        let pairs = qualifiers.sorted { $0.key < $1.key }
        writer.write(pairs.map(\.key))
        writer.write(pairs.map(\.value))
        writer.write(descriptorStopwords.sorted())
        writer.write(procedureSystems.map(\.rawValue))
        writer.write(addOnMarkers)
        let counts = countWords.sorted { $0.key < $1.key }
        writer.write(counts.map(\.key))
        writer.write(counts.map { String($0.value) })
    }

    /// Reads rules written by `encode(to:)`; corrupt data throws.
    public init(from reader: inout BinaryReader) throws {
        let version = try reader.readUInt32()
        guard version == Self.formatVersion else {
            throw reader.corrupt("procedure rules format \(version), expected \(Self.formatVersion): rebuild the model")
        }
        status = try ProcedureStatusRules(from: &reader)
        let words = try reader.readStringArray()
        let groups = try reader.readStringArray()
        guard words.count == groups.count else { throw reader.corrupt("procedure qualifier columns differ in length") }
        qualifiers = Dictionary(zip(words, groups), uniquingKeysWith: { first, _ in first })
        descriptorStopwords = Set(try reader.readStringArray())
        procedureSystems = try reader.readStringArray().map(CodeSystemID.init(rawValue:))
        addOnMarkers = try reader.readStringArray()
        let countKeys = try reader.readStringArray()
        let countValues = try reader.readStringArray().map { Int($0) ?? 0 }
        guard countKeys.count == countValues.count else { throw reader.corrupt("procedure count-word columns differ in length") }
        countWords = Dictionary(zip(countKeys, countValues), uniquingKeysWith: { first, _ in first })
    }
}
