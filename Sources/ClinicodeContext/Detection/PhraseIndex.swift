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

    /// Greedy longest-match scan of `tokens[range]`, left to right, without
    /// overlaps: a pseudo-trigger hides the triggers inside it.
    func matches(in tokens: [Token], range: Range<Int>) -> [Match] {
        var found: [Match] = []
        var index = range.lowerBound
        while index < range.upperBound {
            guard let candidates = byFirstWord[tokens[index].normalized] else {
                index += 1
                continue
            }
            var matched: Match?
            for candidate in candidates {
                let words = entries[candidate].words
                guard index + words.count <= range.upperBound else { continue }
                var same = true
                for offset in 1..<max(words.count, 1) where tokens[index + offset].normalized != words[offset] {
                    same = false
                    break
                }
                if same {
                    matched = Match(start: index, end: index + words.count, entry: candidate)
                    break
                }
            }
            if let matched {
                found.append(matched)
                index = matched.end
            } else {
                index += 1
            }
        }
        return found
    }
}
