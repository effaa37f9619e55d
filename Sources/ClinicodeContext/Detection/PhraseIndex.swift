import ClinicodeCore

/// Trigger and terminator phrases over a small vocabulary of word ids,
/// indexed by first word and longest first, so matching costs one
/// dictionary lookup per token plus a few integer comparisons whatever the
/// size of the lexicon.
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

    /// Word ids of the word classes (`#number`, `#year`); real words are >= 0.
    private static let numberClass: Int32 = -2
    private static let yearClass: Int32 = -3
    /// A token that is no phrase word.
    private static let unknown: Int32 = -1

    private(set) var entries: [Entry] = []
    /// Per entry, its words as ids.
    private var entryWords: [[Int32]] = []
    private var vocabulary: [String: Int32] = [:]
    /// Per first-word id, the entries starting with it, longest first.
    private var byFirstWord: [[Int32]] = []
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
        for entry in entries {
            entryWords.append(entry.words.map { word in
                switch word {
                case "#number": return Self.numberClass
                case "#year": return Self.yearClass
                default:
                    if let id = vocabulary[word] { return id }
                    let id = Int32(vocabulary.count)
                    vocabulary[word] = id
                    return id
                }
            })
            longest = max(longest, entry.words.count)
        }
        byFirstWord = Array(repeating: [], count: vocabulary.count)
        for (index, words) in entryWords.enumerated() where words[0] >= 0 {
            byFirstWord[Int(words[0])].append(Int32(index))
        }
        for key in byFirstWord.indices {
            byFirstWord[key].sort { entryWords[Int($0)].count > entryWords[Int($1)].count }
        }
    }

    /// Greedy longest-match scan of `tokens[range]`, left to right, without
    /// overlaps: a pseudo-trigger hides the triggers inside it. No phrase may
    /// straddle `barrier` (the start of the concept asked about): "no change
    /// in vision" asks about "change in vision", so the pseudo "no change"
    /// gives way to the plain "no"; "no evidence of recurrence" (a resolution
    /// phrase) gives way to "no evidence of" for the concept "recurrence".
    func matches(in tokens: [Token], range: Range<Int>, barrier: Int? = nil) -> [Match] {
        let ids = range.map { vocabulary[tokens[$0].normalized] ?? Self.unknown }
        var found: [Match] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if let matched = match(at: index, ids: ids, tokens: tokens, range: range, barrier: barrier) {
                found.append(matched)
                index = matched.end
            } else {
                index += 1
            }
        }
        return found
    }

    private func match(at index: Int, ids: [Int32], tokens: [Token], range: Range<Int>, barrier: Int?) -> Match? {
        let id = ids[index - range.lowerBound]
        if id >= 0, let found = firstMatch(byFirstWord[Int(id)], at: index, ids: ids, tokens: tokens, range: range,
                                           barrier: barrier, minimumWords: 1) {
            return found
        }
        // "two-day history of": a hyphenated word may start a phrase with its last part.
        let word = tokens[index].normalized
        if word.utf8.contains(UInt8(ascii: "-")), let hyphen = word.lastIndex(of: "-"),
           word.index(after: hyphen) < word.endIndex,
           let suffix = vocabulary[String(word[word.index(after: hyphen)...])] {
            return firstMatch(byFirstWord[Int(suffix)], at: index, ids: ids, tokens: tokens, range: range,
                              barrier: barrier, minimumWords: 2)
        }
        return nil
    }

    private func firstMatch(
        _ candidates: [Int32], at index: Int, ids: [Int32], tokens: [Token], range: Range<Int>,
        barrier: Int?, minimumWords: Int
    ) -> Match? {
        let base = range.lowerBound
        for candidate in candidates {
            let words = entryWords[Int(candidate)]
            let count = words.count
            guard count >= minimumWords, index + count <= range.upperBound else { continue }
            if let barrier, index < barrier, barrier < index + count { continue }
            var same = true
            var offset = 1
            while offset < count {
                let word = words[offset]
                let position = index + offset
                if word >= 0 ? ids[position - base] != word : !Self.matchesClass(word, tokens[position]) {
                    same = false
                    break
                }
                offset += 1
            }
            if same { return Match(start: index, end: index + count, entry: Int(candidate)) }
        }
        return nil
    }

    /// `#number`: any number token; `#year`: a four-digit year 1900-2099.
    private static func matchesClass(_ word: Int32, _ token: Token) -> Bool {
        guard token.kind == .number else { return false }
        if word == numberClass { return true }
        guard word == yearClass, token.normalized.utf8.count == 4, let year = Int(token.normalized) else { return false }
        return (1900...2099).contains(year)
    }
}

extension PhraseIndex.Entry {
    /// Whether the phrase only hides other triggers.
    var isPseudo: Bool { !cues.isEmpty && cues.allSatisfy { $0.kind == .pseudo } }
}
