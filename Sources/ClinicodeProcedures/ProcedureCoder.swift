import ClinicodeCore
import ClinicodeTerminology
import ClinicodeText
import Foundation

/// Applies the procedure rules to a ranked note: procedure codes the note
/// names but did not perform are moved to the excluded list
/// (`.notPerformed`, with the cue as evidence), and among procedure codes
/// for the same text the more complete description wins.
///
/// Run it on the Ranker's `NoteResult` for the same annotated `Document`.
/// Diagnosis codes are never touched. Immutable and `Sendable`.
public struct ProcedureCoder: Sendable {
    /// The rules in use.
    public let rules: ProcedureRules
    private let detector: ProcedureStatusDetector
    private let terminology: Terminology
    private let analyzer: TextAnalyzer
    /// Codes sharing a descriptor's common part (the text before its `;`,
    /// the CPT convention for indented codes), by code.
    private let families: [CodeReference: [CodeReference]]
    private let qualifierStems: [String: String]
    /// Add-on codes ("each additional lesion") by the base codes of their family.
    private let addOns: [CodeReference: [CodeReference]]

    /// Prepares the rules for a terminology that holds the procedure systems.
    public init(rules: ProcedureRules, terminology: Terminology, analyzer: TextAnalyzer) {
        self.rules = rules
        self.terminology = terminology
        self.analyzer = analyzer
        detector = ProcedureStatusDetector(rules: rules.status)
        var stems: [String: String] = [:]
        for (word, group) in rules.qualifiers { stems[ProcedureDescriptor.stem(word)] = group }
        qualifierStems = stems
        var byKey: [String: [CodeReference]] = [:]
        var isAddOn = Set<CodeReference>()
        for system in rules.procedureSystems where terminology.systems.contains(system) {
            for code in terminology.billableCodes(in: system) {
                guard let title = terminology.title(of: code), let key = Self.familyKey(title) else { continue }
                byKey[system.rawValue + "\t" + key, default: []].append(code)
                let added = title.drop { $0 != ";" }.lowercased()
                if rules.addOnMarkers.contains(where: added.contains) { isAddOn.insert(code) }
            }
        }
        var families: [CodeReference: [CodeReference]] = [:]
        var addOns: [CodeReference: [CodeReference]] = [:]
        for members in byKey.values where members.count > 1 {
            for member in members { families[member] = members }
            let extras = members.filter(isAddOn.contains)
            for base in members where !isAddOn.contains(base) && !extras.isEmpty { addOns[base] = extras }
        }
        self.families = families
        self.addOns = addOns
    }

    /// The status detector these rules use.
    public var statusDetector: ProcedureStatusDetector { detector }

    /// Whether `code` is a procedure code.
    public func isProcedure(_ code: CodeReference) -> Bool { rules.isProcedure(code) }

    /// The common part of a descriptor with a `;` (lower-cased, bracketed text
    /// and punctuation removed), or nil when it has none.
    static func familyKey(_ title: String) -> String? {
        guard let semicolon = title.firstIndex(of: ";") else { return nil }
        var key = ""
        var depth = 0
        for character in title[..<semicolon] {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            guard depth == 0 else { continue }
            if character.isLetter || character.isNumber {
                key.append(contentsOf: character.lowercased())
            } else if key.last != " " {
                key.append(" ")
            }
        }
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: Mentions

    /// What one procedure mention contributes.
    public struct MentionDecision: Sendable, Hashable {
        /// Index in `Document.mentions`.
        public var mention: Int
        /// Performed or not, with the cue.
        public var status: ProcedureStatusFinding
        /// Whether the context stage placed it in the past (not this encounter).
        public var isHistorical: Bool
        /// The procedure codes it was matched to, plus their family members.
        public var candidates: [CodeReference]
        /// The most complete of them.
        public var winners: [CodeReference]
        /// Whether several winners rest on the same words (a bare "colonoscopy").
        public var isTie: Bool
    }

    /// The status and most complete codes of every procedure mention of a note.
    public func decisions(for document: Document) -> [MentionDecision] {
        var decisions: [MentionDecision] = []
        var sentenceWords: [Int: Set<String>] = [:]
        var descriptors: [CodeReference: ProcedureDescriptor] = [:]
        for (position, mention) in document.mentions.enumerated() {
            var candidates = mention.codes.filter(rules.isProcedure)
            guard !candidates.isEmpty else { continue }
            for code in candidates { for member in families[code] ?? [] where !candidates.contains(member) { candidates.append(member) } }
            let words = sentenceWords[mention.sentence] ?? ProcedureDescriptor.sentenceWords(mention.sentence, in: document)
            sentenceWords[mention.sentence] = words
            let described = candidates.map { code -> ProcedureDescriptor in
                if let known = descriptors[code] { return known }
                let made = ProcedureDescriptor(code: code, title: terminology.title(of: code) ?? "", analyzer: analyzer, rules: rules)
                descriptors[code] = made
                return made
            }
            let winners = ProcedureRanking.preferMostComplete(described, sentenceWords: words, qualifierGroups: qualifierStems)
            // Winners supported by different words are distinct services;
            // winners supported by the same words are a tie to resolve below.
            let supports = Set(described.filter { winners.contains($0.code) }.map { $0.words.intersection(words) })
            decisions.append(MentionDecision(
                mention: position,
                status: detector.status(ofTokens: mention.tokens, sentence: mention.sentence, in: document),
                isHistorical: mention.assertion.temporality == .historical && mention.assertion.isResolved,
                candidates: candidates, winners: winners, isTie: winners.count > 1 && supports.count < winners.count))
        }
        // A mention that cannot choose (a bare "colonoscopy") takes the code
        // another mention of the note chose; failing that, its matcher's first.
        let decisive = Set(decisions.filter { !$0.isTie && $0.status.isPerformed }.flatMap(\.winners))
        for index in decisions.indices where decisions[index].isTie {
            let chosen = decisions[index].winners.filter(decisive.contains)
            let own = document.mentions[decisions[index].mention].codes
            if !chosen.isEmpty {
                decisions[index].winners = chosen
            } else if let ownFirst = own.first(where: decisions[index].winners.contains) ?? decisions[index].winners.first {
                decisions[index].winners = [ownFirst]
            }
            decisions[index].isTie = false
        }
        // The longest match wins: a procedure mention inside a longer one
        // ("laceration repair" in "simple laceration repair") defers to it.
        for index in decisions.indices {
            let span = document.mentions[decisions[index].mention].span
            guard let container = decisions.first(where: {
                let other = document.mentions[$0.mention].span
                return other != span && other.contains(span)
            }) else { continue }
            decisions[index].winners = container.winners
            decisions[index].status = container.status
        }
        return decisions
    }

    // MARK: Applying

    /// Applies the rules to a ranked note in place. `limit` (the caller's
    /// `top`) caps the suggestions again, since add-on codes can add lines.
    public func apply(to result: inout NoteResult, document: Document, limit: Int? = nil) {
        // Most notes name no procedure at all: then only the re-sort, the cap
        // and the excluded list's clean-up below can change anything.
        guard namesProcedures(result, document: document) else {
            Self.finishWithoutProcedures(&result, limit: limit)
            return
        }
        let decisions = decisions(for: document)
        var performed = Set<CodeReference>()
        var notPerformed: [CodeReference: [Evidence]] = [:]
        var historical: [CodeReference: [Evidence]] = [:]
        var replacements: [CodeReference: Set<CodeReference>] = [:]  // loser -> winners
        var winnerEvidence: [CodeReference: [Evidence]] = [:]
        var addOnSupport: [CodeReference: (base: CodeReference, count: Int, evidence: Evidence)] = [:]
        for decision in decisions {
            let mention = document.mentions[decision.mention]
            let evidence = self.evidence(for: mention, in: document)
            for loser in decision.candidates where !decision.winners.contains(loser) {
                replacements[loser, default: []].formUnion(decision.winners)
            }
            for code in decision.winners {
                if decision.isHistorical {
                    historical[code, default: []].append(evidence)
                } else if decision.status.isPerformed {
                    performed.insert(code)
                    if let extras = addOns[code], addOnSupport[extras[0]] == nil {
                        let count = treatedCount(near: code, sentence: mention.sentence, in: document)
                        if count >= 2 { for extra in extras { addOnSupport[extra] = (code, count, evidence) } }
                    }
                    if !(winnerEvidence[code]?.contains(evidence) ?? false) { winnerEvidence[code, default: []].append(evidence) }
                } else {
                    notPerformed[code, default: []].append(evidence)
                    if let cue = decision.status.cue {
                        let section = document.sections.isEmpty ? SectionKind.none : document.section(ofSentence: mention.sentence).kind
                        notPerformed[code]!.append(Evidence(span: cue.span, text: cue.text, section: section, assertion: "not_performed"))
                    }
                }
            }
        }

        var kept: [CodeSuggestion] = []
        var excluded = result.excluded
        var inherited: [CodeReference: (score: Double, from: [String])] = [:]
        for suggestion in result.suggestions {
            let code = suggestion.code
            guard rules.isProcedure(code), !performed.contains(code) else {
                kept.append(suggestion)
                continue
            }
            if let evidence = notPerformed[code] {
                excluded.append(ExcludedCode(code: code, title: suggestion.title, reason: .notPerformed, evidence: evidence))
            } else if let evidence = historical[code] {
                excluded.append(ExcludedCode(code: code, title: suggestion.title, reason: .historical, evidence: evidence))
            } else if let winners = replacements[code] {
                for winner in winners where performed.contains(winner) {
                    let previous = inherited[winner] ?? (0, [])
                    inherited[winner] = (max(previous.score, suggestion.score), previous.from + [code.code])
                }
                let covered = winners.contains(where: performed.contains)
                excluded.append(ExcludedCode(code: code, title: suggestion.title, reason: covered ? .combinationCode : .notPerformed,
                                             evidence: suggestion.evidence))
            } else if let cue = notPerformedCue(of: suggestion.evidence, in: document) {
                excluded.append(ExcludedCode(code: code, title: suggestion.title, reason: .notPerformed, evidence: suggestion.evidence + [cue]))
            } else {
                kept.append(suggestion)
            }
        }
        for (winner, source) in inherited.sorted(by: { $0.key < $1.key }) {
            let rationale = "more complete description than \(source.from.sorted().joined(separator: ", "))"
            if let index = kept.firstIndex(where: { $0.code == winner }) {
                kept[index].score = max(kept[index].score, source.score)
                if !kept[index].rationale.contains(rationale) { kept[index].rationale.append(rationale) }
                continue
            }
            kept.append(CodeSuggestion(
                code: winner, title: terminology.title(of: winner) ?? "", score: source.score,
                billable: terminology.isBillable(winner), evidence: winnerEvidence[winner] ?? [], rationale: [rationale]))
        }
        for (addOn, support) in addOnSupport.sorted(by: { $0.key < $1.key }) {
            guard !kept.contains(where: { $0.code == addOn }), let base = kept.first(where: { $0.code == support.base }) else { continue }
            kept.append(CodeSuggestion(
                code: addOn, title: terminology.title(of: addOn) ?? "", score: base.score,
                billable: terminology.isBillable(addOn), evidence: [support.evidence],
                rationale: ["add-on to \(support.base.code): \(support.count) treated in one session"]))
        }
        kept.sort { $0.score != $1.score ? $0.score > $1.score : $0.code < $1.code }
        if let limit, kept.count > max(0, limit) { kept.removeLast(kept.count - max(0, limit)) }

        // Procedure codes the ranker left out as denied or hypothetical were
        // really not performed: say so.
        for index in excluded.indices where rules.isProcedure(excluded[index].code) {
            switch excluded[index].reason {
            case .negated, .hypothetical, .uncertain:
                if notPerformed[excluded[index].code] != nil || notPerformedCue(of: excluded[index].evidence, in: document) != nil {
                    excluded[index].reason = .notPerformed
                }
            default: continue
            }
        }
        Self.removeSuggestedAndRepeats(from: &excluded, suggestions: kept)
        result.suggestions = kept
        result.excluded = excluded
    }

    /// The excluded codes without the suggested ones or repeats, sorted by code.
    static func removeSuggestedAndRepeats(from excluded: inout [ExcludedCode], suggestions: [CodeSuggestion]) {
        let suggested = Set(suggestions.map(\.code))
        var seen = Set<CodeReference>()
        excluded = excluded.filter { !suggested.contains($0.code) && seen.insert($0.code).inserted }
        excluded.sort { $0.code < $1.code }
    }

    /// Whether any mention, suggestion or excluded code of the note is a
    /// procedure code (read in place: no mention or rules copied per test).
    private func namesProcedures(_ result: NoteResult, document: Document) -> Bool {
        let systems = rules.procedureSystems
        guard !systems.isEmpty else { return false }
        func isProcedure(_ code: CodeReference) -> Bool { systems.contains(code.system) }
        for index in document.mentions.indices where document.mentions[index].codes.contains(where: isProcedure) { return true }
        return result.suggestions.contains { isProcedure($0.code) } || result.excluded.contains { isProcedure($0.code) }
    }

    /// `apply` for a note with no procedure code: the suggestions re-sorted
    /// and capped, the excluded codes without suggested ones or repeats,
    /// sorted by code, as the general path leaves them. The excluded list
    /// usually is already so (the ranker's), which is checked without hashing.
    static func finishWithoutProcedures(_ result: inout NoteResult, limit: Int?) {
        var kept: [CodeSuggestion] = []
        swap(&kept, &result.suggestions)  // moved out: sorted in place, never copied
        kept.sort { $0.score != $1.score ? $0.score > $1.score : $0.code < $1.code }
        if let limit, kept.count > max(0, limit) { kept.removeLast(kept.count - max(0, limit)) }
        var excluded: [ExcludedCode] = []
        swap(&excluded, &result.excluded)
        let ascending = excluded.indices.dropFirst().allSatisfy { excluded[$0 - 1].code < excluded[$0].code }
        // Ascending codes are unique; binary search then tells whether any is suggested.
        let clean = ascending && !kept.contains { suggestion in
            var low = 0, high = excluded.count
            while low < high {
                let mid = (low + high) / 2
                if excluded[mid].code < suggestion.code { low = mid + 1 } else { high = mid }
            }
            return low < excluded.count && excluded[low].code == suggestion.code
        }
        if !clean { removeSuggestedAndRepeats(from: &excluded, suggestions: kept) }
        result.suggestions = kept
        result.excluded = excluded
    }

    /// The largest count of treated things in a sentence ("5 actinic
    /// keratoses", "keratoses x5", "three lesions"): a number next to (within
    /// three tokens of) a word of the base code's descriptor.
    private func treatedCount(near code: CodeReference, sentence: Int, in document: Document) -> Int {
        guard sentence >= 0, sentence < document.sentences.count else { return 0 }
        let words = ProcedureDescriptor(code: code, title: terminology.title(of: code) ?? "", analyzer: analyzer, rules: rules).words
        let range = document.sentences[sentence].tokens
        var best = 0
        for index in range {
            let token = document.tokens[index]
            var value = rules.countWords[token.normalized] ?? 0
            if token.kind == .number, let number = Int(token.normalized) { value = number }
            if token.kind == .word, token.normalized.hasPrefix("x"), let number = Int(token.normalized.dropFirst()) { value = number }
            guard value >= 2, value < 100, value > best else { continue }
            let near = max(range.lowerBound, index - 3)..<min(range.upperBound, index + 4)
            if near.contains(where: { document.tokens[$0].kind == .word && words.contains(ProcedureDescriptor.stem(document.tokens[$0].normalized)) }) {
                best = value
            }
        }
        return best
    }

    /// The first not-performed cue among the evidence spans, as evidence.
    private func notPerformedCue(of evidence: [Evidence], in document: Document) -> Evidence? {
        for item in evidence {
            let tokens = tokenRange(item.span, in: document)
            guard !tokens.isEmpty, let sentence = sentenceIndex(ofToken: tokens.lowerBound, in: document) else { continue }
            let finding = detector.status(ofTokens: tokens, sentence: sentence, in: document)
            if !finding.isPerformed, let cue = finding.cue {
                return Evidence(span: cue.span, text: cue.text, section: item.section, assertion: "not_performed")
            }
        }
        return nil
    }

    private func evidence(for mention: Mention, in document: Document) -> Evidence {
        let section = document.sections.isEmpty || mention.sentence >= document.sentences.count
            ? SectionKind.none : document.section(ofSentence: mention.sentence).kind
        return Evidence(span: mention.span, text: document.surface(mention.span), section: section,
                        assertion: mention.assertion.label)
    }

    private func tokenRange(_ span: TextSpan, in document: Document) -> Range<Int> {
        let tokens = document.tokens
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].span.end <= span.start { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < tokens.count, tokens[end].span.start < span.end { end += 1 }
        return low..<end
    }

    private func sentenceIndex(ofToken token: Int, in document: Document) -> Int? {
        var low = 0, high = document.sentences.count
        while low < high {
            let mid = (low + high) / 2
            if document.sentences[mid].tokens.upperBound <= token { low = mid + 1 } else { high = mid }
        }
        return low < document.sentences.count && document.sentences[low].tokens.contains(token) ? low : nil
    }
}
