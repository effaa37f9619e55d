import Foundation
import ClinicodeCore

/// Tells whether a procedure mention was performed during the encounter,
/// from status cues in its sentence ("deferred", "declined", "planned",
/// "was performed"...), ConText style: a cue reaches forward and/or backward
/// within the sentence up to a terminator or `maxScopeWords` words; the
/// nearest cue wins and a performed cue wins a tie.
///
/// Two more sources of status, in order, when the sentence has no cue:
/// a following sentence made only of a cue ("Not performed.", "Declined.")
/// speaks about the sentence before it; then the section default (a
/// procedure named in the Plan is a proposal). Otherwise it was performed.
///
/// Immutable and `Sendable`; cost is linear in the sentence's length.
public struct ProcedureStatusDetector: Sendable {
    /// The rules in use.
    public let rules: ProcedureStatusRules
    /// Phrase (cue or terminator) indices by first word, longest first.
    private let byFirstWord: [String: [Int]]
    /// Every phrase: cues first (same indices as `rules.cues`), then terminators.
    private let phrases: [[String]]

    /// Indexes the rules' phrases.
    public init(rules: ProcedureStatusRules) {
        self.rules = rules
        let all = rules.cues.map(\.words) + rules.terminators
        var index: [String: [Int]] = [:]
        for (position, words) in all.enumerated() { index[words[0], default: []].append(position) }
        for key in index.keys { index[key]!.sort { all[$0].count != all[$1].count ? all[$0].count > all[$1].count : $0 < $1 } }
        byFirstWord = index
        phrases = all
    }

    /// Whether the mention was performed, and the cue (or section default)
    /// that says it was not. A performed verdict carries no cue.
    public func isPerformed(_ mention: Mention, in document: Document) -> (performed: Bool, cue: ContextTrigger?) {
        let finding = status(ofTokens: mention.tokens, sentence: mention.sentence, in: document)
        return (finding.isPerformed, finding.isPerformed ? nil : finding.cue)
    }

    /// The status of any token range within sentence `sentence`.
    public func status(ofTokens tokens: Range<Int>, sentence: Int, in document: Document) -> ProcedureStatusFinding {
        guard sentence >= 0, sentence < document.sentences.count else { return ProcedureStatusFinding(status: .performed) }
        let range = document.sentences[sentence].tokens
        let matches = phraseMatches(in: range, of: document)
        if let found = nearestCue(to: tokens.clamped(to: range), matches: matches, document: document) {
            return found
        }
        if let found = ellipticalStatus(after: sentence, in: document) { return found }
        if !document.sections.isEmpty {
            let section = document.section(ofSentence: sentence)
            let byHeader = rules.sectionDefaults[SectionKind(rawValue: "header:" + section.title.lowercased().trimmingCharacters(in: .init(charactersIn: ": ")))]
            if (byHeader ?? rules.sectionDefaults[section.kind]) == .notPerformed {
                let span = section.headerSpan ?? document.sentences[sentence].span
                let trigger = ContextTrigger(text: section.title.isEmpty ? section.kind.rawValue : section.title,
                                             span: span, category: .sectionDefault)
                return ProcedureStatusFinding(status: .notPerformed, cue: trigger)
            }
        }
        return ProcedureStatusFinding(status: .performed)
    }

    // MARK: Matching

    /// A phrase found in a sentence: absolute token bounds and phrase index.
    struct PhraseMatch {
        var start: Int
        var end: Int
        var phrase: Int
    }

    /// Longest-first, left-to-right phrase matches in a token range.
    func phraseMatches(in range: Range<Int>, of document: Document) -> [PhraseMatch] {
        var matches: [PhraseMatch] = []
        var position = range.lowerBound
        while position < range.upperBound {
            var matched = false
            if let candidates = byFirstWord[document.tokens[position].normalized] {
                for phrase in candidates {
                    let words = phrases[phrase]
                    guard position + words.count <= range.upperBound else { continue }
                    var equal = true
                    for offset in 1..<max(1, words.count) where document.tokens[position + offset].normalized != words[offset] {
                        equal = false
                        break
                    }
                    guard equal else { continue }
                    matches.append(PhraseMatch(start: position, end: position + words.count, phrase: phrase))
                    position += words.count
                    matched = true
                    break
                }
            }
            if !matched { position += 1 }
        }
        return matches
    }

    /// The nearest cue whose scope reaches the target tokens.
    private func nearestCue(to target: Range<Int>, matches: [PhraseMatch], document: Document) -> ProcedureStatusFinding? {
        guard !target.isEmpty else { return nil }
        let cueCount = rules.cues.count
        var best: (distance: Int, match: PhraseMatch)? = nil
        for (position, match) in matches.enumerated() where match.phrase < cueCount {
            let cue = rules.cues[match.phrase]
            guard cue.status != .pseudo, match.end <= target.lowerBound || match.start >= target.upperBound else { continue }
            var distance: Int
            if match.end <= target.lowerBound {
                guard cue.direction.reachesForward,
                      !matches[(position + 1)...].contains(where: { $0.phrase >= cueCount && $0.start < target.lowerBound })
                else { continue }
                distance = words(from: match.end, to: target.lowerBound, in: document)
            } else {
                guard cue.direction.reachesBackward,
                      !matches[..<position].contains(where: { $0.phrase >= cueCount && $0.start >= target.upperBound })
                else { continue }
                distance = words(from: target.upperBound, to: match.start, in: document)
            }
            guard distance <= rules.maxScopeWords else { continue }
            if let current = best {
                let currentStatus = rules.cues[current.match.phrase].status
                if distance > current.distance || (distance == current.distance && currentStatus == .performed) { continue }
            }
            best = (distance, match)
        }
        guard let best else { return nil }
        return finding(for: best.match, in: document)
    }

    /// A sentence made only of cues and punctuation ("Not performed.") right
    /// after `sentence`, in the same section, states the status of the sentence before it.
    private func ellipticalStatus(after sentence: Int, in document: Document) -> ProcedureStatusFinding? {
        let next = sentence + 1
        guard next < document.sentences.count, document.sentences[next].section == document.sentences[sentence].section
        else { return nil }
        let range = document.sentences[next].tokens
        let matches = phraseMatches(in: range, of: document).filter { $0.phrase < rules.cues.count }
        guard let first = matches.first, rules.cues[first.phrase].status != .pseudo else { return nil }
        var covered = Set<Int>()
        for match in matches { covered.formUnion(match.start..<match.end) }
        for index in range where !covered.contains(index) {
            let kind = document.tokens[index].kind
            if kind == .word || kind == .number { return nil }
        }
        return finding(for: first, in: document)
    }

    private func finding(for match: PhraseMatch, in document: Document) -> ProcedureStatusFinding {
        let cue = rules.cues[match.phrase]
        let span = TextSpan(start: document.tokens[match.start].span.start, end: document.tokens[match.end - 1].span.end)
        if cue.status == .performed { return ProcedureStatusFinding(status: .performed, performedCue: span) }
        let trigger = ContextTrigger(text: document.surface(span), span: span, category: cue.category)
        return ProcedureStatusFinding(status: .notPerformed, cue: trigger)
    }

    /// Word tokens strictly between two token positions.
    private func words(from start: Int, to end: Int, in document: Document) -> Int {
        guard start < end else { return 0 }
        var count = 0
        for index in start..<end where document.tokens[index].kind == .word { count += 1 }
        return count
    }
}
