import ClinicodeCore
import ClinicodeText

/// Trigger and terminator phrases over a small vocabulary of word ids,
/// indexed by first word and longest first, so matching costs one
/// byte-level table lookup per token plus a few integer comparisons whatever
/// the size of the lexicon.
struct PhraseIndex: Sendable {
    /// One trigger a phrase carries.
    struct Cue: Sendable, Hashable {
        var kind: TriggerKind
        var direction: ScopeDirection
        /// Its scope ends at a comma (`TriggerRule.staysInClause`).
        var staysInClause = false
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
    /// What each entry does, in flat arrays (read per phrase found without
    /// retaining an entry's arrays): entry `e` ends the kinds `entryEnds[e]`,
    /// fires `flatCues[cueStart[e] ..< cueStart[e + 1]]`, and is a resolution
    /// phrase when `entryResolves[e]`.
    private(set) var entryEnds: [UInt16] = []
    private(set) var entryResolves: [Bool] = []
    private(set) var flatCues: [Cue] = []
    private(set) var cueStart: [Int32] = [0]
    /// All entries' words as ids, back to back; entry `e` is
    /// `flatWords[wordStart[e] ..< wordStart[e + 1]]` (flat arrays keep the
    /// hot loop free of reference counting).
    private var flatWords: [Int32] = []
    private var wordStart: [Int32] = [0]
    /// The phrase words; a word's id is its index.
    private var vocabulary = PhraseWordTable([])
    /// Per first-word id `w`, the entries starting with it, longest first:
    /// `flatCandidates[candidateStart[w] ..< candidateStart[w + 1]]`.
    private var flatCandidates: [Candidate] = []
    private var candidateStart: [Int32] = [0]
    /// Per candidate slot, the id of its entry's second word (a class id
    /// for a class word, `noSecondWord` for a one-word phrase): tested
    /// before anything else is read.
    private var secondWords: [Int32] = []
    /// The `secondWords` value of a one-word phrase.
    private static let noSecondWord = Int32.min
    /// Per first-word id, what its candidates need of the next token, in
    /// one place: most cue words are followed by a word no longer phrase
    /// continues with, and are settled here without reading the candidates.
    private var firstWordSummaries: [FirstWord] = []

    /// The candidates of one first word, summarised.
    private struct FirstWord {
        /// Bit `w & 63` for every literal second word `w` of its phrases.
        var secondMask: UInt64 = 0
        /// Whether some phrase has a word class (`#number`, `#year`) second.
        var hasClassSecond = false
        /// The one-word phrase of this word (an entry index), or -1.
        var single: Int32 = -1
    }
    /// The longest phrase, in tokens.
    private(set) var longest = 0
    /// The longest phrase word, in Unicode scalars, with slack for accents
    /// and ligatures that normalise shorter.
    private var longestWord = 0
    /// The ids of every one-byte ASCII token (punctuation, a digit, a
    /// letter), by that byte: a fifth of a note's tokens are looked up
    /// here rather than hashed.
    private var singleByteIDs = [WordIDs](repeating: WordIDs(), count: 128)
    /// Reads a token's normalised form in place when it is a short ASCII
    /// string (nearly every token), at `normalizedOffset` bytes into the
    /// token (nil when the layout is not known): no string is copied,
    /// retained or unpacked.
    private let inlineStrings = SmallASCIIString()
    private let normalizedOffset = MemoryLayout<Token>.offset(of: \Token.normalized)

    init(rules: ContextRules) {
        // Sized once: grown rule by rule, the dictionaries were rehashed about ten times each.
        let ruleCount = rules.triggers.count + rules.terminators.count
        var positions: [[String]: Int] = [:]
        positions.reserveCapacity(ruleCount)
        entries.reserveCapacity(ruleCount)
        func entryIndex(_ words: [String]) -> Int {
            if let index = positions[words] { return index }
            entries.append(Entry(words: words, cues: [], ends: 0))
            positions[words] = entries.count - 1
            return entries.count - 1
        }
        for rule in rules.triggers {
            let index = entryIndex(rule.words)
            let cue = Cue(kind: rule.kind, direction: rule.direction, staysInClause: rule.staysInClause)
            if !entries[index].cues.contains(cue) { entries[index].cues.append(cue) }
        }
        for rule in rules.terminators {
            entries[entryIndex(rule.words)].ends |= rule.ends
        }
        for entry in entries {
            entryEnds.append(entry.ends)
            entryResolves.append(entry.cues.contains { $0.kind == .resolved })
            flatCues += entry.cues
            cueStart.append(Int32(flatCues.count))
        }
        var firstWords: [Int32] = []
        var words: [String: Int32] = [:]
        words.reserveCapacity(ruleCount)
        var wordList: [String] = []
        // Ids go straight into `flatWords` (an array per entry cost an
        // allocation); each distinct word is measured once (a scalar count walks it).
        for entry in entries {
            let first = flatWords.count
            for word in entry.words {
                let id: Int32
                switch word {
                case "#number": id = Self.numberClass
                case "#year": id = Self.yearClass
                default:
                    if let known = words[word] {
                        flatWords.append(known)
                        continue
                    }
                    id = Int32(wordList.count)
                    words[word] = id
                    wordList.append(word)
                }
                longestWord = max(longestWord, 2 * word.unicodeScalars.count + 4)
                flatWords.append(id)
            }
            wordStart.append(Int32(flatWords.count))
            firstWords.append(flatWords[first])
            longest = max(longest, flatWords.count - first)
        }
        vocabulary = PhraseWordTable(wordList)
        for value in 0..<128 {
            // A one-byte word has no part after a hyphen: only `whole` can be set.
            if let id = [UInt8(value)].withUnsafeBufferPointer({ vocabulary.id(of: $0) }) {
                singleByteIDs[value] = WordIDs(whole: id)
            }
        }
        var byFirstWord: [[Int32]] = Array(repeating: [], count: wordList.count)
        for (index, first) in firstWords.enumerated() where first >= 0 {
            byFirstWord[Int(first)].append(Int32(index))
        }
        for key in byFirstWord.indices {
            // By word count, read from `wordStart` (reading `entries` retained each entry's words).
            byFirstWord[key].sort { wordStart[Int($0) + 1] - wordStart[Int($0)] > wordStart[Int($1) + 1] - wordStart[Int($1)] }
            flatCandidates += byFirstWord[key].map { entry in
                let start = wordStart[Int(entry)]
                return Candidate(entry: entry, wordsStart: start, wordCount: wordStart[Int(entry) + 1] - start)
            }
            secondWords += byFirstWord[key].map { entry in
                let start = Int(wordStart[Int(entry)])
                return Int(wordStart[Int(entry) + 1]) - start >= 2 ? flatWords[start + 1] : Self.noSecondWord
            }
            candidateStart.append(Int32(flatCandidates.count))
            var summary = FirstWord()
            for entry in byFirstWord[key] {
                let start = Int(wordStart[Int(entry)])
                guard Int(wordStart[Int(entry) + 1]) - start >= 2 else {
                    summary.single = entry
                    continue
                }
                let second = flatWords[start + 1]
                if second >= 0 { summary.secondMask |= 1 << UInt64(second & 63) } else { summary.hasClassSecond = true }
            }
            firstWordSummaries.append(summary)
        }
    }

    /// Greedy longest-match scan of `tokens[range]`, left to right, without
    /// overlaps: a pseudo-trigger hides the triggers inside it. No phrase may
    /// straddle `barrier` (the start of the concept asked about): "no change
    /// in vision" asks about "change in vision", so the pseudo "no change"
    /// gives way to the plain "no"; "no evidence of recurrence" (a resolution
    /// phrase) gives way to "no evidence of" for the concept "recurrence".
    func matches(in tokens: [Token], range: Range<Int>, barrier: Int? = nil) -> [Match] {
        var found: [Match] = []
        matches(in: tokens, range: range, barrier: barrier, into: &found)
        return found
    }

    /// `matches(in:range:barrier:)` into `found` (emptied first, its
    /// capacity kept): the context stage passes one array for all the
    /// sentences of a note, which allocated one per sentence with a phrase.
    func matches(in tokens: [Token], range: Range<Int>, barrier: Int? = nil, into found: inout [Match]) {
        found.removeAll(keepingCapacity: true)
        // Per token, its word id and, for a hyphenated word that is no
        // phrase word, the id of its last part ("two-day history of"): a
        // phrase may start there. One pass over the bytes of each token,
        // into scratch space on the stack for all but very long sentences.
        // Tokens are read in place through a buffer pointer: copying a
        // `Token` out of the array retained and released its string.
        //
        // The same pass lists the tokens that are phrase words (about half
        // of them), without a branch: only those can start a phrase, so the
        // scan below visits them alone rather than testing every token
        // (a test that went either way and so was mispredicted half the time).
        tokens.withUnsafeBufferPointer { tokenBuffer in
            withUnsafeTemporaryAllocation(of: WordIDs.self, capacity: range.count) { ids in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: range.count) { starts in
                    var startCount = 0
                    for position in range {
                        let local = position - range.lowerBound
                        let found = wordIDs(of: tokenBuffer, at: position)
                        ids.initializeElement(at: local, to: found)
                        starts[startCount] = Int32(truncatingIfNeeded: local)
                        // One when either id is a word's (not negative): the sign bit of both, inverted.
                        startCount &+= Int(UInt32(bitPattern: ~(found.whole & found.lastPart)) &>> 31)
                    }
                    let scratch = UnsafeBufferPointer(ids)
                    var index = range.lowerBound
                    for slot in 0..<startCount {
                        let start = range.lowerBound + Int(starts[slot])
                        guard start >= index else { continue }
                        if let matched = match(at: start, ids: scratch, tokens: tokenBuffer, range: range,
                                               barrier: barrier) {
                            // Room for a sentence's phrases at the first one (a sentence
                            // without any allocates nothing): grown one by one, the
                            // array was reallocated several times per sentence.
                            if found.isEmpty { found.reserveCapacity(min(range.count, 16)) }
                            found.append(matched)
                            index = matched.end
                        }
                    }
                }
            }
        }
    }

    /// The phrase-word ids of one token (see `matches`).
    @inline(__always)
    private func wordIDs(of tokens: UnsafeBufferPointer<Token>, at position: Int) -> WordIDs {
        let isWord = tokens[position].kind == .word
        // A token longer than every phrase word cannot match whole.
        let mayMatch = tokens[position].span.length <= longestWord
        if let normalizedOffset {
            let raw = UnsafeRawPointer(tokens.baseAddress! + position) + normalizedOffset
            if let (low, high, count) = inlineStrings.bytes(inline: raw.loadUnaligned(as: UInt64.self),
                                                             raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
               count > 0 {
                if count == 1 { return singleByteIDs[Int(low)] }
                if count <= 8 {
                    if mayMatch, let id = vocabulary.id(packed: low, count: count) { return WordIDs(whole: id) }
                    // Only a word with an inner hyphen has a last part to look up.
                    guard isWord, Self.hasHyphen(low) else { return WordIDs() }
                } else {
                    if mayMatch, let id = vocabulary.id(low: low, high: high, count: count) { return WordIDs(whole: id) }
                    guard isWord, Self.hasHyphen(low) || Self.hasHyphen(high) else { return WordIDs() }
                }
            }
        }
        let found = tokens[position].normalized.utf8.withContiguousStorageIfAvailable { bytes -> WordIDs in
            if bytes.count == 1, bytes[0] < 0x80 { return singleByteIDs[Int(bytes[0])] }
            guard mayMatch || isWord else { return WordIDs() }
            if mayMatch, let id = vocabulary.id(of: bytes) { return WordIDs(whole: id) }
            guard isWord else { return WordIDs() }
            return WordIDs(lastPart: lastPartID(bytes))
        }
        if let found { return found }
        // A bridged string without contiguous UTF-8 (not made by the text layer).
        let utf8 = Array(tokens[position].normalized.utf8)
        if utf8.count == 1, utf8[0] < 0x80 { return singleByteIDs[Int(utf8[0])] }
        guard mayMatch || isWord else { return WordIDs() }
        return utf8.withUnsafeBufferPointer { bytes in
            if mayMatch, let id = vocabulary.id(of: bytes) { return WordIDs(whole: id) }
            guard isWord else { return WordIDs() }
            return WordIDs(lastPart: lastPartID(bytes))
        }
    }

    /// Whether some byte of up to eight packed ASCII bytes is a hyphen.
    @inline(__always)
    private static func hasHyphen(_ packed: UInt64) -> Bool {
        // Zero bytes where the hyphens were; a byte is zero when adding 0x7F
        // leaves its high bit clear (ASCII bytes cannot carry into the next).
        let spread: UInt64 = 0x0101_0101_0101_0101
        let differences = packed ^ (spread &* 0x2D)
        let high = spread &* 0x80
        return ~((differences &+ spread &* 0x7F) | differences) & high != 0
    }

    /// An entry that may match from its first word, with where its words
    /// are in `flatWords` (kept here: one memory load per candidate, not three).
    private struct Candidate {
        var entry: Int32
        var wordsStart: Int32
        var wordCount: Int32
    }

    /// A token's phrase-word ids (`unknown` when none).
    private struct WordIDs {
        /// The id of the whole token.
        var whole: Int32 = PhraseIndex.unknown
        /// The id of the part after its last hyphen, when the whole is no phrase word.
        var lastPart: Int32 = PhraseIndex.unknown
    }

    /// The id of the part after the last hyphen of a word, when the word
    /// has a hyphen that is not its last character.
    private func lastPartID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        // Most words have no hyphen at all: one backward scan settles them.
        var hyphen = bytes.count - 1
        while hyphen >= 0, bytes[hyphen] != UInt8(ascii: "-") { hyphen -= 1 }
        guard hyphen >= 0 else { return Self.unknown }
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        guard isASCII else {
            // Characters, not bytes, outside ASCII (a mark may extend the hyphen).
            let word = String(decoding: bytes, as: UTF8.self)
            guard let hyphen = word.lastIndex(of: "-"), word.index(after: hyphen) < word.endIndex else {
                return Self.unknown
            }
            return vocabulary.id(of: String(word[word.index(after: hyphen)...])) ?? Self.unknown
        }
        guard hyphen + 1 < bytes.count else { return Self.unknown }
        return vocabulary.id(of: UnsafeBufferPointer(rebasing: bytes[(hyphen + 1)...])) ?? Self.unknown
    }

    @inline(__always)
    private func match(
        at index: Int, ids: UnsafeBufferPointer<WordIDs>, tokens: UnsafeBufferPointer<Token>, range: Range<Int>,
        barrier: Int?
    ) -> Match? {
        let id = ids[index - range.lowerBound].whole
        let lastPart = ids[index - range.lowerBound].lastPart
        // Most tokens are no phrase word at all.
        guard id >= 0 || lastPart >= 0 else { return nil }
        if id >= 0, let found = firstMatch(firstWord: id, at: index, ids: ids, tokens: tokens, range: range,
                                           barrier: barrier, minimumWords: 1) {
            return found
        }
        guard lastPart >= 0 else { return nil }
        return firstMatch(firstWord: lastPart, at: index, ids: ids, tokens: tokens, range: range,
                          barrier: barrier, minimumWords: 2)
    }

    /// The first candidate (longest first) starting with `firstWord` that
    /// matches at `index`. Candidates whose second word is not the next
    /// token's are ruled out from `secondWords` alone, without reading
    /// their words: a common first word ("on", "in", "no") has dozens.
    private func firstMatch(
        firstWord: Int32, at index: Int, ids: UnsafeBufferPointer<WordIDs>, tokens: UnsafeBufferPointer<Token>,
        range: Range<Int>, barrier: Int?, minimumWords: Int
    ) -> Match? {
        let base = range.lowerBound
        var slot = Int(candidateStart[Int(firstWord)])
        let slotEnd = Int(candidateStart[Int(firstWord) + 1])
        let next = index + 1
        let nextWhole = next < range.upperBound ? ids[next - base].whole : Self.unknown
        let nextIsNumber = next < range.upperBound && tokens[next].kind == .number
        let summary = firstWordSummaries[Int(firstWord)]
        let literalMayFollow = nextWhole >= 0 && summary.secondMask & (1 << UInt64(nextWhole & 63)) != 0
        if !literalMayFollow && !(nextIsNumber && summary.hasClassSecond) {
            // No longer phrase can match: only the one-word phrase can.
            guard minimumWords <= 1, summary.single >= 0 else { return nil }
            return Match(start: index, end: next, entry: Int(summary.single))
        }
        while slot < slotEnd {
            let second = secondWords[slot]
            slot += 1
            if second >= 0 {
                guard second == nextWhole else { continue }
            } else if second != Self.noSecondWord {
                guard nextIsNumber, Self.matchesClass(second, tokens, next) else { continue }
            }
            let candidate = flatCandidates[slot - 1]
            let start = Int(candidate.wordsStart)
            let count = Int(candidate.wordCount)
            guard count >= minimumWords, index + count <= range.upperBound else { continue }
            if let barrier, index < barrier, barrier < index + count { continue }
            var same = true
            var offset = 2
            while offset < count {
                let word = flatWords[start + offset]
                let position = index + offset
                if word >= 0 ? ids[position - base].whole != word : !Self.matchesClass(word, tokens, position) {
                    same = false
                    break
                }
                offset += 1
            }
            if same { return Match(start: index, end: index + count, entry: Int(candidate.entry)) }
        }
        return nil
    }

    /// `#number`: any number token; `#year`: a four-digit year 1900-2099.
    private static func matchesClass(_ word: Int32, _ tokens: UnsafeBufferPointer<Token>, _ position: Int) -> Bool {
        guard tokens[position].kind == .number else { return false }
        if word == numberClass { return true }
        guard word == yearClass, tokens[position].normalized.utf8.count == 4,
              let year = Int(tokens[position].normalized) else { return false }
        return (1900...2099).contains(year)
    }
}
