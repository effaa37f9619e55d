import ClinicodeCore
import Foundation

/// The ranker's coding rules, read from `Lexicons/ranking/` at build time and
/// stored in the model: section weights, family- and personal-history
/// mappings, combination codes, integral symptoms, external causes,
/// laterality words and the dominance a side implies, title-word equivalents,
/// event causes and 7th-character cues.
public struct RankingRules: Sendable {
    /// The folder under `Lexicons/` holding the ranking rules.
    public static let lexiconSubdirectory = "ranking"

    /// Evidence weight per section kind (raw name).
    var sectionWeights: [String: Double]
    /// Family member's condition -> family-history Z code.
    var familyHistory: [CodeMapping]
    /// Resolved past condition -> personal-history code.
    var personalHistory: [CodeMapping]
    /// Parts -> combination code, most parts first.
    var combinations: [CombinationRule]
    /// Symptom patterns -> definitive diagnoses they are integral to.
    var integralSymptoms: [IntegralSymptomRule]
    /// Normalised word -> side.
    var laterality: [String: Side]
    /// Normalised word -> 7th character.
    var encounterCues: [String: Character]
    /// Vague codes that rank below a more specific code of the same kind.
    var superseded: [IntegralSymptomRule] = []
    /// Per `superseded` rule: whether a term naming its general code still names
    /// it outright (a stroke, a stone: lowered only beside the specific code),
    /// rather than being vague wording ("tumor", "infection") that never does.
    var supersededKeepsNamed: [Bool] = []
    /// Cues near a drug mention that cancel long-term drug-use codes.
    var drugUseCues: [DrugUseCueRule] = []
    /// External-cause codes -> the injuries or complications they accompany.
    var externalCauses: [IntegralSymptomRule] = []
    /// Codes of unspecified site or kind, lowered even when nothing more specific was found.
    var unsited: [UnsitedCodeRule] = []
    /// Codes a bare event word reaches that stand for the injury's external cause ("a fall").
    var eventCauses: [EventCauseRule] = []
    /// Normalised note word -> the title word it stands for when choosing
    /// among a code's children ("distal" -> "lower": "lower end of radius").
    var titleWordEquivalents: [String: String] = [:]
    /// Informativeness of title words.
    var wordWeights = WordWeights()
    /// Title word naming a situation (history, pregnancy, newborn) -> the note
    /// words that name it (`situation-words.tsv`).
    var situationWords: [String: [String]] = [:]
    /// The dominance a side word implies for hemiplegia and monoplegia when
    /// the note does not say it (`side-dominance.tsv`).
    var sideDominance: [SideDominanceRule] = []

    /// Creates rules from their parts (used by decoding and tests).
    init(
        sectionWeights: [String: Double], familyHistory: [CodeMapping], personalHistory: [CodeMapping],
        combinations: [CombinationRule], integralSymptoms: [IntegralSymptomRule],
        laterality: [String: Side], encounterCues: [String: Character]
    ) {
        self.sectionWeights = sectionWeights
        self.familyHistory = familyHistory
        self.personalHistory = personalHistory
        self.combinations = combinations.sorted { $0.parts.count > $1.parts.count }
        self.integralSymptoms = integralSymptoms
        self.laterality = laterality
        self.encounterCues = encounterCues
    }

    /// Rules with no data: neutral section weights, no mappings.
    public static let empty = RankingRules(
        sectionWeights: [:], familyHistory: [], personalHistory: [], combinations: [],
        integralSymptoms: [], laterality: [:], encounterCues: [:])

    /// Parses `Lexicons/ranking/*.tsv` under the given `Lexicons` folder;
    /// errors name the file and line.
    public init(lexiconsDirectory: String) throws {
        let folder = (lexiconsDirectory as NSString).appendingPathComponent(Self.lexiconSubdirectory)
        func file(_ name: String) throws -> DataFile {
            try DataFile(path: (folder as NSString).appendingPathComponent(name))
        }
        var weights: [String: Double] = [:]
        let weightFile = try file("section-weights.tsv")
        for row in weightFile.rows {
            guard !row[0].isEmpty, let weight = Double(row[1]), weight >= 0 else {
                throw DataFileError.malformed(source: weightFile.source, line: row.line, reason: "expected: section<TAB>non-negative weight")
            }
            weights[row[0]] = weight
        }
        let sides = try Self.parseWords(try file("laterality.tsv")) { Side(rawValue: $0) }
        let cues = try Self.parseWords(try file("encounter-cues.tsv")) { $0.count == 1 ? Character($0) : nil }
        self.init(
            sectionWeights: weights,
            familyHistory: try CodeMapping.parse(try file("family-history.tsv")),
            personalHistory: try CodeMapping.parse(try file("personal-history.tsv")),
            combinations: try CombinationRule.parse(try file("combinations.tsv")),
            integralSymptoms: try IntegralSymptomRule.parse(try file("integral-symptoms.tsv")),
            laterality: sides, encounterCues: cues)
        wordWeights = try WordWeights(lexiconsDirectory: lexiconsDirectory)
        let supersededFile = try file("superseded.tsv")
        superseded = try IntegralSymptomRule.parse(supersededFile)
        supersededKeepsNamed = try supersededFile.rows.map { row in
            guard row[2].isEmpty || row[2] == "named" else {
                throw DataFileError.malformed(source: supersededFile.source, line: row.line, reason: "the third column is empty or 'named'")
            }
            return row[2] == "named"
        }
        drugUseCues = try DrugUseCueRule.parse(try file("drug-use-cues.tsv"))
        externalCauses = try IntegralSymptomRule.parse(try file("external-causes.tsv"))
        unsited = try UnsitedCodeRule.parse(try file("unsited.tsv"))
        eventCauses = try EventCauseRule.parse(try file("event-causes.tsv"))
        titleWordEquivalents = try Self.parseWords(try file("title-word-equivalents.tsv")) { value in
            value.isEmpty || value.contains(" ") ? nil : value.lowercased()
        }
        situationWords = try Self.parseWords(try file("situation-words.tsv")) { value in
            let words = value.lowercased().split(separator: "|").map(String.init)
            return words.isEmpty || words.contains(where: { $0.contains(" ") }) ? nil : words
        }
        sideDominance = try SideDominanceRule.parse(try file("side-dominance.tsv"))
    }

    private static func parseWords<Value>(_ file: DataFile, _ value: (String) -> Value?) throws -> [String: Value] {
        var result: [String: Value] = [:]
        for row in file.rows {
            guard !row[0].isEmpty, let parsed = value(row[1]) else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "unexpected value '\(row[1])'")
            }
            result[row[0].lowercased()] = parsed
        }
        return result
    }

    /// The evidence weight of a section kind (that of `none` when unknown, else 1).
    func weight(of section: SectionKind) -> Double {
        sectionWeights[section.rawValue] ?? sectionWeights[SectionKind.none.rawValue] ?? 1
    }

    /// Writes the rules into a model section.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(UInt32(1))  // format version of this section
        let sections = sectionWeights.keys.sorted()
        writer.write(sections)
        for name in sections { writer.write(sectionWeights[name] ?? 1) }
        CodeMapping.encode(familyHistory, to: &writer)
        CodeMapping.encode(personalHistory, to: &writer)
        writer.write(UInt64(combinations.count))
        for rule in combinations {
            writer.write(rule.parts.map(\.text))
            writer.write(rule.result)
            writer.write(rule.kept.map(\.text))
        }
        writer.write(UInt64(integralSymptoms.count))
        for rule in integralSymptoms {
            writer.write(rule.symptom.text)
            writer.write(rule.diagnoses.text)
        }
        let words = laterality.keys.sorted()
        writer.write(words)
        writer.write(words.map { laterality[$0]!.rawValue })
        let cueWords = encounterCues.keys.sorted()
        writer.write(cueWords)
        writer.write(cueWords.map { String(encounterCues[$0]!) })
        wordWeights.encode(to: &writer)
        writer.write(superseded.map(\.symptom.text))
        writer.write(superseded.map(\.diagnoses.text))
        DrugUseCueRule.encode(drugUseCues, to: &writer)
        writer.write(externalCauses.map(\.symptom.text))
        writer.write(externalCauses.map(\.diagnoses.text))
        UnsitedCodeRule.encode(unsited, to: &writer)
        let equivalentWords = titleWordEquivalents.keys.sorted()
        writer.write(equivalentWords)
        writer.write(equivalentWords.map { titleWordEquivalents[$0]! })
        EventCauseRule.encode(eventCauses, to: &writer)
        let situations = situationWords.keys.sorted()
        writer.write(situations)
        writer.write(situations.map { situationWords[$0]!.joined(separator: "|") })
        writer.write(supersededKeepsNamed.map { $0 ? "named" : "" })
        SideDominanceRule.encode(sideDominance, to: &writer)
    }

    /// Reads rules written by `encode(to:)`.
    public init(from reader: inout BinaryReader) throws {
        guard try reader.readUInt32() == 1 else { throw reader.corrupt("unknown ranking-rules version") }
        let sections = try reader.readStringArray()
        var weights: [String: Double] = [:]
        for name in sections { weights[name] = try reader.readDouble() }
        let family = try CodeMapping.decode(from: &reader)
        let personal = try CodeMapping.decode(from: &reader)
        func pattern(_ text: String) throws -> CodePattern {
            guard let pattern = CodePattern(text) else { throw reader.corrupt("bad code pattern '\(text)'") }
            return pattern
        }
        var combinations: [CombinationRule] = []
        let combinationCount = try reader.readUInt64()
        guard combinationCount <= UInt64(reader.remaining) else { throw reader.corrupt("bad combination count") }
        for _ in 0..<combinationCount {
            let parts = try reader.readStringArray().map(pattern)
            let result = try reader.readString()
            let kept = try reader.readStringArray().map(pattern)
            combinations.append(CombinationRule(parts: parts, result: result, kept: kept))
        }
        var integral: [IntegralSymptomRule] = []
        let integralCount = try reader.readUInt64()
        guard integralCount <= UInt64(reader.remaining) else { throw reader.corrupt("bad integral-symptom count") }
        for _ in 0..<integralCount {
            integral.append(IntegralSymptomRule(symptom: try pattern(try reader.readString()), diagnoses: try pattern(try reader.readString())))
        }
        let words = try reader.readStringArray(), sideNames = try reader.readStringArray()
        guard words.count == sideNames.count else { throw reader.corrupt("laterality table mismatch") }
        var sides: [String: Side] = [:]
        for (word, name) in zip(words, sideNames) {
            guard let side = Side(rawValue: name) else { throw reader.corrupt("bad side '\(name)'") }
            sides[word] = side
        }
        let cueWords = try reader.readStringArray(), cueValues = try reader.readStringArray()
        guard cueWords.count == cueValues.count else { throw reader.corrupt("encounter-cue table mismatch") }
        var cues: [String: Character] = [:]
        for (word, value) in zip(cueWords, cueValues) {
            guard let character = value.first else { throw reader.corrupt("empty encounter cue") }
            cues[word] = character
        }
        self.init(
            sectionWeights: weights, familyHistory: family, personalHistory: personal,
            combinations: combinations, integralSymptoms: integral, laterality: sides, encounterCues: cues)
        wordWeights = try WordWeights(from: &reader)
        let general = try reader.readStringArray(), specific = try reader.readStringArray()
        guard general.count == specific.count else { throw reader.corrupt("superseded table mismatch") }
        superseded = try zip(general, specific).map {
            IntegralSymptomRule(symptom: try pattern($0), diagnoses: try pattern($1))
        }
        // Models written before drug-use cues existed end here.
        if reader.remaining > 0 { drugUseCues = try DrugUseCueRule.decode(from: &reader) }
        // And those written before external-cause rules existed here.
        if reader.remaining > 0 {
            let causes = try reader.readStringArray(), conditions = try reader.readStringArray()
            guard causes.count == conditions.count else { throw reader.corrupt("external-cause table mismatch") }
            externalCauses = try zip(causes, conditions).map {
                IntegralSymptomRule(symptom: try pattern($0), diagnoses: try pattern($1))
            }
        }
        // And those written before unsited-code rules existed here.
        if reader.remaining > 0 { unsited = try UnsitedCodeRule.decode(from: &reader) }
        // And those written before title-word equivalents existed here.
        if reader.remaining > 0 {
            let words = try reader.readStringArray(), titles = try reader.readStringArray()
            guard words.count == titles.count else { throw reader.corrupt("title-word equivalents mismatch") }
            titleWordEquivalents = Dictionary(uniqueKeysWithValues: zip(words, titles))
        }
        // And those written before event-cause rules existed here.
        if reader.remaining > 0 { eventCauses = try EventCauseRule.decode(from: &reader) }
        // And those written before situation words existed here.
        if reader.remaining > 0 {
            let words = try reader.readStringArray(), notes = try reader.readStringArray()
            guard words.count == notes.count else { throw reader.corrupt("situation words mismatch") }
            situationWords = Dictionary(uniqueKeysWithValues: zip(words, notes.map { $0.split(separator: "|").map(String.init) }))
        }
        // And those written before superseded rules could keep named terms here.
        supersededKeepsNamed = [Bool](repeating: false, count: superseded.count)
        if reader.remaining > 0 {
            let flags = try reader.readStringArray()
            guard flags.count == superseded.count else { throw reader.corrupt("superseded flags mismatch") }
            supersededKeepsNamed = flags.map { $0 == "named" }
        }
        // And those written before side-dominance defaults existed here.
        if reader.remaining > 0 { sideDominance = try SideDominanceRule.decode(from: &reader) }
    }
}

/// Which side of the body a mention is about, and the words that say so
/// only together ("both" before a paired part: "both knees", not "both stable").
enum Side: String, Sendable {
    case right, left, bilateral
    /// Both sides of the paired part one of the next two words names ("both").
    case paired
    /// A paired part of the body ("knees", "kidneys") that a `paired` word may name.
    case part
}
