import ClinicodeCore

/// The triggers of one sentence and, for every token and trigger kind, the
/// nearest trigger whose scope reaches the token.
///
/// Built in time linear in the sentence length: each forward (backward)
/// scan stops at the next (previous) trigger of the same kind, which then
/// takes over, and every scan is capped at a number of words, so a sentence
/// of thousands of repeated cues costs no more than a plain one.
struct SentenceScopes {
    /// One trigger occurrence.
    struct Trigger {
        var kind: TriggerKind
        var direction: ScopeDirection
        /// Token indices (absolute).
        var start: Int
        var end: Int
    }

    /// Token range of the sentence (absolute indices).
    let range: Range<Int>
    /// Trigger occurrences in text order.
    private(set) var triggers: [Trigger] = []
    /// `cover[kind][token - range.lowerBound]`: index into `triggers`, or -1.
    private var cover: [[Int32]]

    init(tokens: [Token], range: Range<Int>, index: PhraseIndex, rules: ContextRules) {
        self.range = range
        let count = range.count
        cover = Array(repeating: Array(repeating: -1, count: count), count: TriggerKind.scopedCount)
        guard count > 0 else { return }

        // Per token where a phrase starts: the kinds whose scopes stop there,
        // the kinds of triggers starting there and where the phrase ends; and
        // the same keyed by the phrase's last token, for backward scans.
        var stops = [UInt16](repeating: 0, count: count)
        var starts = [UInt16](repeating: 0, count: count)
        var triggerEnd = [Int](repeating: -1, count: count)
        var stopsAtEnd = [UInt16](repeating: 0, count: count)
        var startsAtEnd = [UInt16](repeating: 0, count: count)
        var phraseStart = [Int](repeating: -1, count: count)
        for match in index.matches(in: tokens, range: range) {
            let entry = index.entries[match.entry]
            let first = match.start - range.lowerBound
            let last = match.end - 1 - range.lowerBound
            stops[first] |= entry.ends
            stopsAtEnd[last] |= entry.ends
            triggerEnd[first] = match.end - range.lowerBound
            phraseStart[last] = first
            for cue in entry.cues where cue.kind != .pseudo {
                triggers.append(Trigger(kind: cue.kind, direction: cue.direction, start: match.start, end: match.end))
                starts[first] |= cue.kind.bit
                startsAtEnd[last] |= cue.kind.bit
            }
        }

        let isWord = tokens[range].map { $0.kind == .word || $0.kind == .number }
        for (number, trigger) in triggers.enumerated() {
            let cap = rules.scopeCaps[Int(trigger.kind.rawValue)]
            let blockers = Self.blockers(of: trigger.kind)
            var reachedWords = 0
            if trigger.direction.reachesForward {
                reachedWords = scanForward(number, trigger, cap: cap, blockers: blockers,
                                           stops: stops, starts: starts, triggerEnd: triggerEnd, isWord: isWord)
            }
            // "Pneumonia: no." — a forward cue with nothing after it looks back.
            let flips = trigger.direction == .forward && reachedWords == 0 && trigger.kind.group == 0
            if trigger.direction.reachesBackward || flips {
                scanBackward(number, trigger, cap: cap, blockers: blockers, stopsAtEnd: stopsAtEnd,
                             startsAtEnd: startsAtEnd, phraseStart: phraseStart, isWord: isWord)
            }
        }
    }

    /// Kinds whose triggers end a scope of `kind`: the other kinds answering
    /// the same question (a doubt ends a denial, a relative ends another person).
    static func blockers(of kind: TriggerKind) -> UInt16 {
        TriggerKind.allCases.filter { $0 != kind && $0 != .pseudo && $0.group == kind.group }
            .reduce(0) { $0 | $1.bit }
    }

    /// Marks tokens after the trigger; returns how many words it reached.
    private mutating func scanForward(
        _ number: Int, _ trigger: Trigger, cap: Int, blockers: UInt16,
        stops: [UInt16], starts: [UInt16], triggerEnd: [Int], isWord: [Bool]
    ) -> Int {
        let base = range.lowerBound
        let kindIndex = Int(trigger.kind.rawValue)
        var local = trigger.end - base
        var stackEnd = local  // cues stacked right after this one ("denies family history of") do not end it
        var words = 0
        while local < range.count {
            if local == stackEnd, starts[local] != 0 {
                if starts[local] & trigger.kind.bit != 0 { break }  // same kind again: it takes over
                stackEnd = triggerEnd[local]
                local = stackEnd
                continue
            }
            if stops[local] & trigger.kind.bit != 0 { break }
            if starts[local] & (blockers | trigger.kind.bit) != 0 { break }
            if isWord[local] {
                words += 1
                if words > cap { break }
            }
            claim(kindIndex, local, number, distance: local + base - trigger.end)
            local += 1
        }
        return words
    }

    /// Marks tokens before the trigger.
    private mutating func scanBackward(
        _ number: Int, _ trigger: Trigger, cap: Int, blockers: UInt16,
        stopsAtEnd: [UInt16], startsAtEnd: [UInt16], phraseStart: [Int], isWord: [Bool]
    ) {
        let base = range.lowerBound
        let kindIndex = Int(trigger.kind.rawValue)
        var local = trigger.start - base - 1
        var stackStart = local
        var words = 0
        while local >= 0 {
            if local == stackStart, startsAtEnd[local] != 0 {
                if startsAtEnd[local] & trigger.kind.bit != 0 { break }
                stackStart = phraseStart[local] - 1
                local = stackStart
                continue
            }
            if stopsAtEnd[local] & trigger.kind.bit != 0 { break }
            if startsAtEnd[local] & (blockers | trigger.kind.bit) != 0 { break }
            if isWord[local] {
                words += 1
                if words > cap { break }
            }
            claim(kindIndex, local, number, distance: trigger.start - (local + base) - 1)
            local -= 1
        }
    }

    /// Keeps the nearer of two triggers of one kind reaching a token.
    private mutating func claim(_ kind: Int, _ local: Int, _ number: Int, distance: Int) {
        let current = cover[kind][local]
        if current >= 0 {
            let other = triggers[Int(current)]
            let token = local + range.lowerBound
            let otherDistance = token >= other.end ? token - other.end : other.start - token - 1
            if otherDistance <= distance { return }
        }
        cover[kind][local] = Int32(number)
    }

    /// The nearest trigger of `kind` whose scope reaches any of `tokens`
    /// (absolute indices) and which is not itself inside them.
    func trigger(_ kind: TriggerKind, covering tokens: Range<Int>) -> Trigger? {
        var best: Trigger?
        var bestDistance = Int.max
        for token in tokens where range.contains(token) {
            let number = cover[Int(kind.rawValue)][token - range.lowerBound]
            guard number >= 0 else { continue }
            let candidate = triggers[Int(number)]
            if candidate.start < tokens.upperBound && tokens.lowerBound < candidate.end { continue }
            let distance = candidate.end <= tokens.lowerBound
                ? tokens.lowerBound - candidate.end : candidate.start - tokens.upperBound
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }
}

extension SentenceScopes.Trigger {
    /// Tokens between this trigger and `tokens` (0 when adjacent).
    func distance(to tokens: Range<Int>) -> Int {
        end <= tokens.lowerBound ? tokens.lowerBound - end : max(0, start - tokens.upperBound)
    }
}
