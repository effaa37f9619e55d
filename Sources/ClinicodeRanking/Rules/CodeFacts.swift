import ClinicodeCore
import Synchronization

/// What the ranker's rules say about one code spelling, worked out once: its
/// catalog node and which rule patterns (superseded, integral symptoms,
/// combination parts, drug-use cues, event causes) it matches. The coding
/// rules ask these questions of every candidate of every note; matching the
/// patterns' Strings each time was a visible share of ranking.
///
/// A value: the node beside the answers (`CodeFactAnswers`), which codes
/// matching the same patterns share when the model's catalog table says
/// which patterns a code matches (its facts class, see `CodeFactsStore`). A
/// code's first facts of a note then read one of a few hot shared objects,
/// where an object of their own per code was one more cold object to reach.
struct CodeFacts: Sendable {
    /// The code's catalog node (as `CodeCatalog.node(_:)` gives it), nil when unknown.
    let node: CatalogNode?
    /// Which patterns the code matches.
    let answers: CodeFactAnswers

    init(node: CatalogNode?, answers: CodeFactAnswers) {
        self.node = node
        self.answers = answers
    }

    /// Some combination rule's part pattern matches the code.
    var isCombinationPart: Bool { answers.isCombinationPart }
    /// Some superseded rule's vague (symptom) pattern matches the code.
    var isSuperseded: Bool { answers.isSuperseded }
    /// Some superseded rule whose terms never name the code outright matches it
    /// (see `RankingRules.supersededKeepsNamed`).
    var isVague: Bool { answers.isVague }
    /// Some integral-symptom rule's symptom pattern matches the code.
    var isIntegralSymptom: Bool { answers.isIntegralSymptom }
    /// Some drug-use cue rule covers the code.
    var hasDrugUseCue: Bool { answers.hasDrugUseCue }
    /// Some external-cause rule's cause pattern matches the code.
    var isExternalCause: Bool { answers.isExternalCause }
    /// The first unsited-code rule whose pattern matches the code, if any.
    var unsitedRule: Int? { answers.unsitedRule }
    /// The first event-cause rule whose code pattern matches the code, if any.
    var eventCauseRule: Int? { answers.eventCauseRule }

    /// `rules.superseded[rule].symptom.matches(code)`.
    func supersededSymptom(_ rule: Int) -> Bool { answers.supersededSymptom(rule) }
    /// `rules.superseded[rule].diagnoses.matches(code)`.
    func supersededDiagnosis(_ rule: Int) -> Bool { answers.supersededDiagnosis(rule) }
    /// `rules.integralSymptoms[rule].symptom.matches(code)`.
    func integralSymptom(_ rule: Int) -> Bool { answers.integralSymptom(rule) }
    /// `rules.integralSymptoms[rule].diagnoses.matches(code)`.
    func integralDiagnosis(_ rule: Int) -> Bool { answers.integralDiagnosis(rule) }
    /// `rules.combinations[rule].parts[part].matches(code)`.
    func combinationPart(_ rule: Int, _ part: Int) -> Bool { answers.combinationPart(rule, part) }
    /// Some kept ("use additional code") pattern of `rules.combinations[rule]` matches the code.
    func combinationKept(_ rule: Int) -> Bool { answers.combinationKept(rule) }
    /// `rules.drugUseCues[rule].codes.matches(code)`.
    func drugUseCue(_ rule: Int) -> Bool { answers.drugUseCue(rule) }
    /// `rules.externalCauses[rule].symptom.matches(code)`.
    func externalCause(_ rule: Int) -> Bool { answers.externalCause(rule) }
    /// `rules.externalCauses[rule].diagnoses.matches(code)`.
    func externalCondition(_ rule: Int) -> Bool { answers.externalCondition(rule) }

    /// The bits `CodeFactAnswers` holds for a code.
    static func matchBits(code: String, layout: RuleLayout) -> [UInt64] {
        CodeFactAnswers.matchBits(code: code, layout: layout)
    }
}

/// Which rule patterns a code matches (see `CodeFacts`), shared by every code
/// of a facts class when the catalog table gives classes, else one per code.
final class CodeFactAnswers: Sendable {
    /// The store (rules) these answers are for: a node's slot keeps the first
    /// store's answers, and another ranker over the same catalog must not use them.
    let owner: CodeFactsStore.Owner
    /// Which patterns match, laid out as `layout` says: bit `g & 63` of word
    /// `g >> 6` for answer group `g` (one small buffer, not a Bool per group).
    private let matches: [UInt64]
    /// Shared by every answers of a store (one retain, not one per array of the layout).
    private let layout: RuleLayout

    convenience init(code: String, layout: RuleLayout, owner: CodeFactsStore.Owner) {
        self.init(matches: Self.matchBits(code: code, layout: layout), layout: layout, owner: owner)
    }

    /// The bits `matches` holds for a code.
    static func matchBits(code: String, layout: RuleLayout) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (layout.count + 63) >> 6)
        // Only the groups a code with this first byte may match (see
        // `RuleLayout.groupsByFirstByte`); all of them for a code with none or a non-ASCII one.
        // Through buffers and no nested function over a `var`: a captured
        // var is boxed, and every access to it was checked for exclusivity.
        var spelled = code
        // An ASCII code (all of them, in practice) is read as bytes once, not
        // once per pattern (`CodePattern.matches(_:)` takes the bytes of its argument).
        let ascii = spelled.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if ascii, let first = code.utf8.first {
            spelled.withUTF8 { bytes in
                layout.groupsByFirstByte[Int(first)].withUnsafeBufferPointer { slots in
                    for slot in slots where Self.groupMatches(layout.groups, Int(slot), asciiCode: bytes) {
                        bits[Int(slot) >> 6] |= 1 << UInt64(slot & 63)
                    }
                }
            }
        } else if let first = code.utf8.first, first < 0x80 {
            layout.groupsByFirstByte[Int(first)].withUnsafeBufferPointer { slots in
                for slot in slots where Self.groupMatches(layout.groups, Int(slot), code) {
                    bits[Int(slot) >> 6] |= 1 << UInt64(slot & 63)
                }
            }
        } else {
            for slot in layout.groups.indices where Self.groupMatches(layout.groups, slot, code) {
                bits[slot >> 6] |= 1 << UInt64(slot & 63)
            }
        }
        return bits
    }

    /// Answers from match bits (`matchBits(code:layout:)`).
    init(matches bits: [UInt64], layout: RuleLayout, owner: CodeFactsStore.Owner) {
        self.owner = owner
        self.layout = layout
        let matches = bits
        self.matches = matches
        func any(_ range: Range<Int>) -> Bool {
            for slot in range where Self.bit(matches, slot) { return true }
            return false
        }
        func first(_ range: Range<Int>) -> Int? {
            for slot in range where Self.bit(matches, slot) { return slot - range.lowerBound }
            return nil
        }
        isSuperseded = any(layout.supersededSymptom..<layout.supersededDiagnosis)
        var vague = false
        for slot in layout.supersededSymptom..<layout.supersededDiagnosis
        where Self.bit(matches, slot) && !layout.supersededKeepsNamed[slot - layout.supersededSymptom] {
            vague = true
            break
        }
        isVague = vague
        isIntegralSymptom = any(layout.integralSymptom..<layout.integralDiagnosis)
        hasDrugUseCue = any(layout.drugUseCues..<layout.externalCause)
        isExternalCause = any(layout.externalCause..<layout.externalCondition)
        isCombinationPart = any((layout.combinationParts.first ?? layout.combinationKept)..<layout.combinationKept)
        unsitedRule = first(layout.unsited..<layout.eventCause)
        eventCauseRule = first(layout.eventCause..<layout.count)
    }

    /// Whether some pattern of answer group `slot` matches `code`.
    private static func groupMatches(_ groups: [[CodePattern]], _ slot: Int, _ code: String) -> Bool {
        groups.withUnsafeBufferPointer { groups in
            groups[slot].withUnsafeBufferPointer { patterns in
                // By index: `contains`' closure took each pattern by value (retaining its arrays).
                for index in patterns.indices where patterns[index].matches(code) { return true }
                return false
            }
        }
    }

    /// `groupMatches(_:_:_:)` for an ASCII code's bytes.
    private static func groupMatches(_ groups: [[CodePattern]], _ slot: Int, asciiCode code: UnsafeBufferPointer<UInt8>) -> Bool {
        groups.withUnsafeBufferPointer { groups in
            groups[slot].withUnsafeBufferPointer { patterns in
                for index in patterns.indices where patterns[index].matches(asciiBytes: code) { return true }
                return false
            }
        }
    }

    /// Bit `slot` of a bitset.
    @inline(__always)
    private static func bit(_ bits: [UInt64], _ slot: Int) -> Bool { bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0 }

    /// Whether answer group `slot` matched.
    @inline(__always)
    private func matched(_ slot: Int) -> Bool { Self.bit(matches, slot) }

    /// Some combination rule's part pattern matches the code.
    let isCombinationPart: Bool

    /// Some superseded rule's vague (symptom) pattern matches the code.
    let isSuperseded: Bool
    /// Some superseded rule whose terms never name the code outright matches it
    /// (see `RankingRules.supersededKeepsNamed`).
    let isVague: Bool
    /// Some integral-symptom rule's symptom pattern matches the code.
    let isIntegralSymptom: Bool
    /// Some drug-use cue rule covers the code.
    let hasDrugUseCue: Bool
    /// Some external-cause rule's cause pattern matches the code.
    let isExternalCause: Bool
    /// The first unsited-code rule whose pattern matches the code, if any.
    let unsitedRule: Int?
    /// The first event-cause rule whose code pattern matches the code, if any.
    let eventCauseRule: Int?

    /// `rules.superseded[rule].symptom.matches(code)`.
    func supersededSymptom(_ rule: Int) -> Bool { matched(layout.supersededSymptom + rule) }
    /// `rules.superseded[rule].diagnoses.matches(code)`.
    func supersededDiagnosis(_ rule: Int) -> Bool { matched(layout.supersededDiagnosis + rule) }
    /// `rules.integralSymptoms[rule].symptom.matches(code)`.
    func integralSymptom(_ rule: Int) -> Bool { matched(layout.integralSymptom + rule) }
    /// `rules.integralSymptoms[rule].diagnoses.matches(code)`.
    func integralDiagnosis(_ rule: Int) -> Bool { matched(layout.integralDiagnosis + rule) }
    /// `rules.combinations[rule].parts[part].matches(code)`.
    func combinationPart(_ rule: Int, _ part: Int) -> Bool { matched(layout.combinationParts[rule] + part) }
    /// Some kept ("use additional code") pattern of `rules.combinations[rule]` matches the code.
    func combinationKept(_ rule: Int) -> Bool { matched(layout.combinationKept + rule) }
    /// `rules.drugUseCues[rule].codes.matches(code)`.
    func drugUseCue(_ rule: Int) -> Bool { matched(layout.drugUseCues + rule) }
    /// `rules.externalCauses[rule].symptom.matches(code)`.
    func externalCause(_ rule: Int) -> Bool { matched(layout.externalCause + rule) }
    /// `rules.externalCauses[rule].diagnoses.matches(code)`.
    func externalCondition(_ rule: Int) -> Bool { matched(layout.externalCondition + rule) }
}

/// Where each rule family's answers start in `CodeFacts`, and the patterns
/// behind each answer (any of a group matching makes it true). A class: every
/// facts of a store points at the one layout instead of copying its arrays.
final class RuleLayout: Sendable {
    let supersededSymptom: Int, supersededDiagnosis: Int
    /// Per superseded rule, `RankingRules.supersededKeepsNamed`.
    let supersededKeepsNamed: [Bool]
    let integralSymptom: Int, integralDiagnosis: Int
    /// Start of each combination rule's parts.
    let combinationParts: [Int]
    let combinationKept: Int
    let drugUseCues: Int
    let externalCause: Int, externalCondition: Int
    let unsited: Int
    let eventCause: Int
    let count: Int
    /// The patterns of each answer, in answer order.
    let groups: [[CodePattern]]
    /// The union of each group's first-byte masks (see `CodePattern.firstBytes`).
    let groupFirstBytes: [(UInt64, UInt64)]
    /// For each ASCII byte, the groups (in order) a code starting with it may
    /// match: a code's facts test a few groups instead of masking every one
    /// (done for every code a ranker meets).
    let groupsByFirstByte: [[Int32]]
    /// A hash of the groups' patterns and of which superseded rules keep
    /// named codes: the catalog table's facts classes hold for rules with
    /// the same fingerprint (FNV-1a, the same in every process).
    let fingerprint: UInt64

    init(_ rules: RankingRules) {
        var groups: [[CodePattern]] = []
        func take(_ patterns: [[CodePattern]]) -> Int {
            defer { groups += patterns }
            return groups.count
        }
        supersededSymptom = take(rules.superseded.map { [$0.symptom] })
        supersededKeepsNamed = rules.superseded.indices.map { $0 < rules.supersededKeepsNamed.count && rules.supersededKeepsNamed[$0] }
        supersededDiagnosis = take(rules.superseded.map { [$0.diagnoses] })
        integralSymptom = take(rules.integralSymptoms.map { [$0.symptom] })
        integralDiagnosis = take(rules.integralSymptoms.map { [$0.diagnoses] })
        combinationParts = rules.combinations.map { rule in take(rule.parts.map { [$0] }) }
        combinationKept = take(rules.combinations.map(\.kept))
        drugUseCues = take(rules.drugUseCues.map { [$0.codes] })
        externalCause = take(rules.externalCauses.map { [$0.symptom] })
        externalCondition = take(rules.externalCauses.map { [$0.diagnoses] })
        unsited = take(rules.unsited.map { [$0.codes] })
        eventCause = take(rules.eventCauses.map { [$0.codes] })
        count = groups.count
        self.groups = groups
        let masks = groups.map { group in
            group.reduce((UInt64(0), UInt64(0))) { ($0.0 | $1.firstBytes.0, $0.1 | $1.firstBytes.1) }
        }
        groupFirstBytes = masks
        groupsByFirstByte = (0..<128).map { byte in
            masks.indices.filter { CodePattern.mayStart(with: UInt8(byte), masks[$0]) }.map { Int32($0) }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x0000_0100_0000_01b3
        }
        for start in [supersededSymptom, supersededDiagnosis, integralSymptom, integralDiagnosis, combinationKept,
            drugUseCues, externalCause, externalCondition, unsited, eventCause, count] + combinationParts
        {
            add(String(start))
        }
        for group in groups {
            for pattern in group { add(pattern.text) }
            add("|")
        }
        for keeps in supersededKeepsNamed { add(keeps ? "1" : "0") }
        fingerprint = hash
    }
}

/// The facts of every code a ranker has met, shared by all its notes (and
/// threads): made on first use, by code id, for codes spelled as their node
/// spells them; other spellings get facts made afresh (they are rare). A
/// node read from the model's catalog table knows its facts class (the
/// codes matching the same patterns), whose answers the store works out
/// once per class.
final class CodeFactsStore: Sendable {
    private let layout: RuleLayout
    /// Identifies the store's answers (never freed while a node holds them, so never reused).
    final class Owner: Sendable {}
    private let owner = Owner()
    /// Answers of nodes whose slot another store filled first.
    private let memo = Mutex<[Int: CodeFactAnswers]>([:])
    /// One answers per class of the first catalog table met, if its classes are for these rules.
    private let classes = LazyReference<ClassFacts>()

    /// The answers of each class of one table.
    private final class ClassFacts: Sendable {
        let table: CatalogTable
        /// Per class; empty when the table's classes are for other rules.
        let answers: [CodeFactAnswers]

        init(table: CatalogTable, layout: RuleLayout, owner: Owner) {
            self.table = table
            guard table.factsFingerprint == layout.fingerprint, table.factsWords == (layout.count + 63) >> 6 else {
                answers = []
                return
            }
            answers = (0..<table.factsClassCount).map {
                CodeFactAnswers(matches: table.factsBits(ofClass: $0), layout: layout, owner: owner)
            }
        }
    }

    init(rules: RankingRules) {
        layout = RuleLayout(rules)
    }

    /// The facts of `code`, whose catalog node (`CodeCatalog.node(_:)`) is `node`.
    func facts(code: String, node: CatalogNode?) -> CodeFacts {
        guard let node, node.code.code == code else {
            return CodeFacts(node: node, answers: CodeFactAnswers(code: code, layout: layout, owner: owner))
        }
        // The class the node's table gives it (copied into the node when it was made).
        if let table = node.table, let factsClass = node.factsClass {
            // Read in place: the class facts are not retained (and released) per call.
            let answers = classes.read({ ClassFacts(table: table, layout: layout, owner: owner) }) { known in
                known.table === table && factsClass < known.answers.count ? known.answers[factsClass] : nil
            }
            if let answers { return CodeFacts(node: node, answers: answers) }
        }
        let slotted = node.factsSlot.value { CodeFactAnswers(code: code, layout: layout, owner: owner) }
        if slotted.owner === owner { return CodeFacts(node: node, answers: slotted) }
        if let known = memo.withLock({ $0[node.id] }) { return CodeFacts(node: node, answers: known) }
        let made = CodeFactAnswers(code: code, layout: layout, owner: owner)
        let answers = memo.withLock { table in
            if let known = table[node.id] { return known }
            table[node.id] = made
            return made
        }
        return CodeFacts(node: node, answers: answers)
    }

    /// The facts of a code reference, looking its node up in the catalog.
    func facts(of code: CodeReference, catalog: CatalogCache) -> CodeFacts {
        facts(code: code.code, node: catalog.node(code))
    }
}
