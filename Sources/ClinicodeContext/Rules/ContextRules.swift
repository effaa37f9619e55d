import ClinicodeCore
import ClinicodeText

/// The context stage's data: trigger phrases, scope terminators, section
/// defaults, chronic conditions and scope caps, parsed from
/// `Lexicons/context/` when a model is built and stored in (and decoded
/// from) the model's "context" section.
public struct ContextRules: Sendable, Hashable {
    /// The folder under `Lexicons/` holding the context stage's files.
    public static let lexiconSubdirectory = "context"
    /// Format version of the encoded section.
    static let formatVersion: UInt32 = 3

    /// A section kind whose mentions get a category by default.
    public struct SectionDefault: Sendable, Hashable {
        /// The section kind (`family_history`).
        public var section: SectionKind
        /// The category it implies (`family`, `historical`, `possible`, `hypothetical`).
        public var kind: TriggerKind
        /// For `historical`: the section lists things still true unless a cue
        /// says they are over (Social History: "smokes"), rather than past
        /// conditions that are over unless chronic (Past Medical History).
        public var isOngoing: Bool

        /// Creates a default.
        public init(section: SectionKind, kind: TriggerKind, isOngoing: Bool = false) {
            self.section = section
            self.kind = kind
            self.isOngoing = isOngoing
        }
    }

    /// Trigger rows in file order (pseudo-triggers included).
    public var triggers: [TriggerRule]
    /// Terminator rows in file order.
    public var terminators: [TerminatorRule]
    /// Section defaults in file order.
    public var sectionDefaults: [SectionDefault]
    /// ICD-10-CM code prefixes of chronic conditions (upper case, with dots).
    public var chronicCodePrefixes: [String]
    /// Normalised token sequences of chronic-condition terms.
    public var chronicTerms: [[String]]
    /// Default cap on a scope's length in word tokens.
    public var maxScopeWords: Int
    /// Per-kind caps, indexed by `TriggerKind.rawValue` (scoped kinds only).
    public var scopeCaps: [Int]
    /// Whether a past-onset condition that is still present ("h/o HTN, on
    /// lisinopril") is reported as recent rather than historical-unresolved.
    public var ongoingHistoryIsRecent: Bool

    /// Rules with no data: nothing fires.
    public init() {
        triggers = []
        terminators = []
        sectionDefaults = []
        chronicCodePrefixes = []
        chronicTerms = []
        maxScopeWords = 12
        scopeCaps = Array(repeating: 12, count: TriggerKind.scopedCount)
        ongoingHistoryIsRecent = false
    }

    /// Parses `<lexiconsDirectory>/context/`. Phrases are tokenised with the
    /// text layer's tokenizer (using `<lexiconsDirectory>/text/` when present)
    /// so they match note tokens exactly. Errors name the file and line.
    public init(lexiconsDirectory: String) throws {
        let textRules = (try? TextRules(lexiconsDirectory: lexiconsDirectory)) ?? TextRules()
        try self.init(lexiconsDirectory: lexiconsDirectory, analyzer: TextAnalyzer(rules: textRules))
    }

    /// Parses `<lexiconsDirectory>/context/`, tokenising phrases with `analyzer`.
    public init(lexiconsDirectory: String, analyzer: TextAnalyzer) throws {
        self.init()
        let folder = lexiconsDirectory + "/" + Self.lexiconSubdirectory + "/"
        let parser = ContextRulesParser(analyzer: analyzer)
        triggers = try parser.triggers(DataFile(path: folder + "triggers.tsv"))
        terminators = try parser.terminators(DataFile(path: folder + "terminators.tsv"))
        sectionDefaults = try parser.sectionDefaults(DataFile(path: folder + "section-defaults.tsv"))
        (chronicCodePrefixes, chronicTerms) = try parser.chronic(DataFile(path: folder + "chronic.tsv"))
        (maxScopeWords, scopeCaps, ongoingHistoryIsRecent) = try parser.settings(DataFile(path: folder + "settings.tsv"))
    }

    /// Writes the rules for the model file.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(Self.formatVersion)
        writer.write(triggers.count)
        for rule in triggers {
            writer.write(rule.phrase)
            writer.write(rule.words)
            writer.write(rule.kind.rawValue)
            writer.write(rule.direction.rawValue)
            writer.write(rule.staysInClause)
        }
        writer.write(terminators.count)
        for rule in terminators {
            writer.write(rule.phrase)
            writer.write(rule.words)
            writer.write(UInt32(rule.ends))
        }
        writer.write(sectionDefaults.map(\.section.rawValue))
        writer.write(sectionDefaults.map { UInt32($0.kind.rawValue) | ($0.isOngoing ? 0x100 : 0) })
        writer.write(chronicCodePrefixes)
        writer.write(chronicTerms.count)
        for term in chronicTerms { writer.write(term) }
        writer.write(maxScopeWords)
        writer.write(scopeCaps.map { UInt32(clamping: $0) })
        writer.write(ongoingHistoryIsRecent)
    }

    /// Reads rules written by `encode(to:)`; corrupt data throws.
    public init(from reader: inout BinaryReader) throws {
        self.init()
        let version = try reader.readUInt32()
        guard version == Self.formatVersion else {
            throw reader.corrupt("context rules format \(version), expected \(Self.formatVersion)")
        }
        let triggerCount = try reader.readContextCount(minimumBytesEach: 14)
        triggers.reserveCapacity(triggerCount)
        for _ in 0..<triggerCount {
            let phrase = try reader.readString()
            let words = try reader.readStringArray()
            guard let kind = TriggerKind(rawValue: try reader.readUInt8()),
                  let direction = ScopeDirection(rawValue: try reader.readUInt8()), !words.isEmpty
            else { throw reader.corrupt("bad context trigger '\(phrase)'") }
            let staysInClause = try reader.readBool()
            triggers.append(TriggerRule(phrase: phrase, words: words, kind: kind, direction: direction,
                                        staysInClause: staysInClause))
        }
        let terminatorCount = try reader.readContextCount(minimumBytesEach: 16)
        terminators.reserveCapacity(terminatorCount)
        for _ in 0..<terminatorCount {
            let phrase = try reader.readString()
            let words = try reader.readStringArray()
            let ends = try reader.readUInt32()
            guard !words.isEmpty, ends <= UInt32(UInt16.max) else {
                throw reader.corrupt("bad context terminator '\(phrase)'")
            }
            terminators.append(TerminatorRule(phrase: phrase, words: words, ends: UInt16(ends)))
        }
        let sections = try reader.readStringArray()
        let kinds = try reader.readUInt32Array()
        guard sections.count == kinds.count else { throw reader.corrupt("section defaults do not line up") }
        for (section, raw) in zip(sections, kinds) {
            guard raw < 0x200, let kind = TriggerKind(rawValue: UInt8(raw & 0xFF)) else {
                throw reader.corrupt("bad section default kind \(raw)")
            }
            sectionDefaults.append(SectionDefault(section: SectionKind(rawValue: section), kind: kind,
                                                  isOngoing: raw & 0x100 != 0))
        }
        chronicCodePrefixes = try reader.readStringArray()
        let termCount = try reader.readContextCount(minimumBytesEach: 8)
        chronicTerms = []
        for _ in 0..<termCount { chronicTerms.append(try reader.readStringArray()) }
        maxScopeWords = try reader.readInt()
        scopeCaps = try reader.readUInt32Array().map { Int($0) }
        guard scopeCaps.count == TriggerKind.scopedCount, maxScopeWords >= 0 else {
            throw reader.corrupt("bad context scope caps")
        }
        ongoingHistoryIsRecent = try reader.readBool()
    }
}

extension BinaryReader {
    /// Reads a count written with `write(_: Int)` and checks it is plausible
    /// for the bytes left, so a corrupt count fails instead of allocating wildly.
    mutating func readContextCount(minimumBytesEach: Int) throws -> Int {
        let raw = try readInt()
        guard raw >= 0, raw <= remaining / max(minimumBytesEach, 1) else {
            throw corrupt("count \(raw) exceeds the data at offset \(position)")
        }
        return raw
    }
}
