import ClinicodeCore

/// Trigger and terminator phrases indexed by their first word, longest
/// first, so matching at a token costs a dictionary lookup plus a few short
/// comparisons whatever the size of the lexicon.
struct PhraseIndex: Sendable {
    /// One trigger a phrase carries.
    struct Cue: Sendable, Hashable {
        var kind: TriggerKind
        var direction: ScopeDirection
    }

    /// One distinct phrase and everything it does.
    struct Entry: Sendable {
        var words: [String]
        /// The triggers it fires (empty for a pure terminator; `.pseudo` only for pseudo).
        var cues: [Cue]
        /// Bits of the kinds whose scopes it ends.
        var ends: UInt16
    }

    /// A phrase found in a sentence.
    struct Match: Sendable {
        /// Token indices (absolute) covered.
        var start: Int
        var end: Int
        /// Index into `entries`.
        var entry: Int
    }

    private(set) var entries: [Entry] = []
    private var byFirstWord: [String: [Int]] = [:]
    /// The longest phrase, in tokens.
    private(set) var longest = 0

    init(rules: ContextRules) {
        var positions: [[String]: Int] = [:]
        func entryIndex(_ words: [String]) -> Int {
            if let index = positions[words] { return index }
            entries.append(Entry(words: words, cues: [], ends: 0))
            positions[words] = entries.count - 1
            return entries.count - 1
        }
        for rule in rules.triggers {
            let index = entryIndex(rule.words)
            let cue = Cue(kind: rule.kind, direction: rule.direction)
            if !entries[index].cues.contains(cue) { entries[index].cues.append(cue) }
        }
        for rule in rules.terminators {
            entries[entryIndex(rule.words)].ends |= rule.ends
        }
        for (index, entry) in entries.enumerated() {
            byFirstWord[entry.words[0], default: []].append(index)
            longest = max(longest, entry.words.count)
        }
        for key in byFirstWord.keys {
            byFirstWord[key]!.sort { entries[$0].words.count > entries[$1].words.count }
        }
    }

    /// Whether a phrase word matches a token: literally, or as a class
    /// (`#number`: any number; `#year`: a four-digit year 1900-2099).
    static func word(_ word: String, matches token: Token) -> Bool {
        guard word.first == "#", word.count > 1 else { return token.normalized == word }
        guard token.kind == .number else { return false }
        if word == "#number" { return true }
        if word == "#year", token.normalized.utf8.count == 4, let year = Int(token.normalized) {
            return (1900...2099).contains(year)
        }
        return false
    }

    /// Greedy longest-match scan of `tokens[range]`, left to right, without
    /// overlaps: a pseudo-trigger hides the triggers inside it. No phrase may
    /// straddle `barrier` (the start of the concept asked about): "no change
    /// in vision" asks about "change in vision", so the pseudo "no change"
    /// gives way to the plain "no"; "no evidence of recurrence" (a resolution
    /// phrase) gives way to "no evidence of" for the concept "recurrence".
    func matches(in tokens: [Token], range: Range<Int>, barrier: Int? = nil) -> [Match] {
        var found: [Match] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if let matched = match(at: index, in: tokens, range: range, barrier: barrier) {
                found.append(matched)
                index = matched.end
            } else {
                index += 1
            }
        }
        return found
    }

    private func match(at index: Int, in tokens: [Token], range: Range<Int>, barrier: Int?) -> Match? {
        let word = tokens[index].normalized
        if let candidates = byFirstWord[word],
           let found = firstMatch(candidates, at: index, in: tokens, range: range, barrier: barrier, minimumWords: 1) {
            return found
        }
        // "two-day history of": a hyphenated word may start a phrase with its last part.
        if let hyphen = word.lastIndex(of: "-"), word.index(after: hyphen) < word.endIndex,
           let candidates = byFirstWord[String(word[word.index(after: hyphen)...])] {
            return firstMatch(candidates, at: index, in: tokens, range: range, barrier: barrier, minimumWords: 2)
        }
        return nil
    }

    private func firstMatch(
        _ candidates: [Int], at index: Int, in tokens: [Token], range: Range<Int>, barrier: Int?, minimumWords: Int
    ) -> Match? {
        for candidate in candidates {
            let entry = entries[candidate]
            let words = entry.words
            guard words.count >= minimumWords, index + words.count <= range.upperBound else { continue }
            if let barrier, index < barrier, barrier < index + words.count { continue }
            var same = true
            for offset in 1..<max(words.count, 1) where !Self.word(words[offset], matches: tokens[index + offset]) {
                same = false
                break
            }
            if same { return Match(start: index, end: index + words.count, entry: candidate) }
        }
        return nil
    }
}

extension PhraseIndex.Entry {
    /// Whether the phrase only hides other triggers.
    var isPseudo: Bool { !cues.isEmpty && cues.allSatisfy { $0.kind == .pseudo } }
}
