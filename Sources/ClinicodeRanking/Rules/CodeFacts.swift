import ClinicodeCore
import Synchronization

/// What the ranker's rules say about one code spelling, worked out once: its
/// catalog node and which rule patterns (superseded, integral symptoms,
/// combination parts, drug-use cues) it matches. The coding rules ask these
/// questions of every candidate of every note; matching the patterns' Strings
/// each time was a visible share of ranking.
final class CodeFacts: Sendable {
    /// The code's catalog node (as `CodeCatalog.node(_:)` gives it), nil when unknown.
    let node: CatalogNode?
    /// Which patterns match, laid out as `layout` says.
    private let matches: [Bool]
    private let layout: RuleLayout

    init(code: String, node: CatalogNode?, rules: RankingRules, layout: RuleLayout) {
        self.node = node
        self.layout = layout
        var matches: [Bool] = []
        matches.reserveCapacity(layout.count)
        for rule in rules.superseded { matches.append(rule.symptom.matches(code)) }
        for rule in rules.superseded { matches.append(rule.diagnoses.matches(code)) }
        for rule in rules.integralSymptoms { matches.append(rule.symptom.matches(code)) }
        for rule in rules.integralSymptoms { matches.append(rule.diagnoses.matches(code)) }
        for rule in rules.combinations {
            for part in rule.parts { matches.append(part.matches(code)) }
        }
        for rule in rules.combinations { matches.append(rule.kept.contains { $0.matches(code) }) }
        for rule in rules.drugUseCues { matches.append(rule.codes.matches(code)) }
        self.matches = matches
        isSuperseded = rules.superseded.contains { $0.symptom.matches(code) }
        isIntegralSymptom = rules.integralSymptoms.contains { $0.symptom.matches(code) }
        hasDrugUseCue = rules.drugUseCues.contains { $0.codes.matches(code) }
    }

    /// Some superseded rule's vague (symptom) pattern matches the code.
    let isSuperseded: Bool
    /// Some integral-symptom rule's symptom pattern matches the code.
    let isIntegralSymptom: Bool
    /// Some drug-use cue rule covers the code.
    let hasDrugUseCue: Bool

    /// `rules.superseded[rule].symptom.matches(code)`.
    func supersededSymptom(_ rule: Int) -> Bool { matches[layout.supersededSymptom + rule] }
    /// `rules.superseded[rule].diagnoses.matches(code)`.
    func supersededDiagnosis(_ rule: Int) -> Bool { matches[layout.supersededDiagnosis + rule] }
    /// `rules.integralSymptoms[rule].symptom.matches(code)`.
    func integralSymptom(_ rule: Int) -> Bool { matches[layout.integralSymptom + rule] }
    /// `rules.integralSymptoms[rule].diagnoses.matches(code)`.
    func integralDiagnosis(_ rule: Int) -> Bool { matches[layout.integralDiagnosis + rule] }
    /// `rules.combinations[rule].parts[part].matches(code)`.
    func combinationPart(_ rule: Int, _ part: Int) -> Bool { matches[layout.combinationParts[rule] + part] }
    /// Some kept ("use additional code") pattern of `rules.combinations[rule]` matches the code.
    func combinationKept(_ rule: Int) -> Bool { matches[layout.combinationKept + rule] }
    /// `rules.drugUseCues[rule].codes.matches(code)`.
    func drugUseCue(_ rule: Int) -> Bool { matches[layout.drugUseCues + rule] }
}

/// Where each rule family's answers start in `CodeFacts`.
struct RuleLayout: Sendable {
    let supersededSymptom: Int, supersededDiagnosis: Int
    let integralSymptom: Int, integralDiagnosis: Int
    /// Start of each combination rule's parts.
    let combinationParts: [Int]
    let combinationKept: Int
    let drugUseCues: Int
    let count: Int

    init(_ rules: RankingRules) {
        var offset = 0
        func take(_ count: Int) -> Int {
            defer { offset += count }
            return offset
        }
        supersededSymptom = take(rules.superseded.count)
        supersededDiagnosis = take(rules.superseded.count)
        integralSymptom = take(rules.integralSymptoms.count)
        integralDiagnosis = take(rules.integralSymptoms.count)
        combinationParts = rules.combinations.map { take($0.parts.count) }
        combinationKept = take(rules.combinations.count)
        drugUseCues = take(rules.drugUseCues.count)
        count = offset
    }
}

/// The facts of every code a ranker has met, shared by all its notes (and
/// threads): made on first use, by code id, for codes spelled as their node
/// spells them; other spellings get facts made afresh (they are rare).
final class CodeFactsStore: Sendable {
    let rules: RankingRules
    private let layout: RuleLayout
    private let memo = Mutex<[Int: CodeFacts]>([:])

    init(rules: RankingRules) {
        self.rules = rules
        layout = RuleLayout(rules)
    }

    /// The facts of `code`, whose catalog node (`CodeCatalog.node(_:)`) is `node`.
    func facts(code: String, node: CatalogNode?) -> CodeFacts {
        guard let node, node.code.code == code else { return CodeFacts(code: code, node: node, rules: rules, layout: layout) }
        if let known = memo.withLock({ $0[node.id] }) { return known }
        let made = CodeFacts(code: code, node: node, rules: rules, layout: layout)
        return memo.withLock { table in
            if let known = table[node.id] { return known }
            table[node.id] = made
            return made
        }
    }

    /// The facts of a code reference, looking its node up in the catalog.
    func facts(of code: CodeReference, catalog: CatalogCache) -> CodeFacts {
        facts(code: code.code, node: catalog.node(code))
    }
}
