import ClinicodeCore

/// The triggers of one sentence and, for every token and trigger kind, the
/// nearest trigger whose scope reaches the token.
///
/// Built in time linear in the sentence length: each forward (backward)
/// scan stops at the next (previous) trigger of the same kind reaching the
/// same way, which then takes over, and every scan is capped at a number of
/// words, so a sentence of thousands of repeated cues costs no more than a
/// plain one.
struct SentenceScopes {
    /// One trigger occurrence.
    struct Trigger {
        var kind: TriggerKind
        var direction: ScopeDirection
        /// Token indices (absolute).
        var start: Int
        var end: Int
        /// A denial that is also a resolution cue ("resolved").
        var isResolution = false
        /// Its scope ends at a comma (`TriggerRule.staysInClause`).
        var staysInClause = false
        // No string here (the record's surface is read from the document by
        // `record(_:in:)`): a trigger is plain data, so arrays of them are
        // copied and freed without visiting each one.
    }

    /// Phrase facts of one token, keyed by a phrase's first token (`…AtFirst`)
    /// or last token (`…AtLast`) so scans in both directions meet phrases
    /// whole. One array of these per sentence (rather than one array per
    /// fact) costs one allocation.
    private struct Mark {
        var stopsAtFirst: UInt16 = 0
        var stopsAtLast: UInt16 = 0
        var kindsAtFirst: UInt16 = 0
        var kindsAtLast: UInt16 = 0
        var forwardKindsAtFirst: UInt16 = 0
        var backwardKindsAtLast: UInt16 = 0
        /// Local token indices, in 32 bits: a mark of 24 bytes (not 40)
        /// keeps the marks of sentences up to 42 tokens within the 1 KiB
        /// that scratch space gets on the stack; longer ones allocate.
        var phraseEnd: Int32 = -1
        var phraseStart: Int32 = -1
        var isWord = false
        /// A comma: the end of a clause-bound cue's scope.
        var isComma = false
    }

    /// Token range of the sentence (absolute indices).
    let range: Range<Int>
    /// Trigger occurrences in text order.
    private(set) var triggers: [Trigger] = []
    /// The phrases found, in text order and without overlaps (for
    /// `phraseStraddles`; kept rather than a flag per token, which cost an
    /// allocation per sentence).
    private var phrases: [PhraseIndex.Match]
    /// `cover[kind * count + token - range.lowerBound]`: index into `triggers`, or -1.
    private var cover: [Int32]
    /// Bits of the kinds some trigger of the sentence has: a mention is
    /// asked about seven or eight kinds, most of them absent, which then
    /// cost no walk over its tokens.
    private(set) var kindsPresent: UInt16 = 0

    /// The arrays of one analysis, handed on to the next (`recycle(into:)`):
    /// the sentences of a note reuse them, where each allocated its own
    /// phrases, triggers and cover (about eleven allocations a note). Keeping
    /// `cover` whole and resetting only the part a sentence uses gave nothing.
    struct Storage {
        fileprivate var triggers: [Trigger] = []
        fileprivate var phrases: [PhraseIndex.Match] = []
        fileprivate var cover: [Int32] = []
    }

    /// Analyses `tokens[range]`; `barrier` is the first token of the concept
    /// asked about when a pseudo-trigger must not swallow it.
    ///
    /// The index and rules are borrowed: an initializer takes its arguments
    /// owned by default, which copied both (dozens of retains) per sentence.
    init(
        tokens: [Token], range: Range<Int>, index: borrowing PhraseIndex, rules: borrowing ContextRules,
        barrier: Int? = nil
    ) {
        var storage = Storage()
        self.init(tokens: tokens, range: range, index: index, rules: rules, barrier: barrier, storage: &storage)
    }

    /// The same analysis in `storage`'s arrays (emptied, their capacity kept).
    init(
        tokens: [Token], range: Range<Int>, index: borrowing PhraseIndex, rules: borrowing ContextRules,
        barrier: Int? = nil, storage: inout Storage
    ) {
        self.range = range
        let count = range.count
        triggers = Self.take(&storage.triggers)
        cover = Self.take(&storage.cover)
        phrases = Self.take(&storage.phrases)
        if count > 0 { index.matches(in: tokens, range: range, barrier: barrier, into: &phrases) }
        // A terminator the barrier cut ("No fever, with a history of
        // pneumonia" asked about "history of pneumonia") still ends, at its
        // first word, the scopes it ends: the concept's own words do not
        // extend a cue made before them.
        let cutStop = barrier.flatMap { Self.cutTerminator(at: $0, tokens: tokens, range: range, index: index) }
        // Most sentences hold no trigger at all (no phrase, or only
        // terminators and pseudo-triggers): nothing to scan or store.
        var triggerCount = 0
        // `phrases` read in place by index: a copy (or a loop over the
        // array) retained and released it for every sentence.
        for number in phrases.indices {
            let match = phrases[number]
            for slot in Int(index.cueStart[match.entry])..<Int(index.cueStart[match.entry + 1])
            where index.flatCues[slot].kind != .pseudo {
                triggerCount += 1
            }
        }
        guard triggerCount > 0 else { return }
        // Sized once: grown trigger by trigger, the array was reallocated two or three times per sentence.
        triggers.reserveCapacity(triggerCount)
        cover.append(contentsOf: repeatElement(-1, count: count * TriggerKind.scopedCount))

        // The marks live only while the scopes are built: scratch space (on
        // the stack for all but very long sentences), not an array.
        withUnsafeTemporaryAllocation(of: Mark.self, capacity: count) { marks in
            marks.initialize(repeating: Mark())
            if let cutStop { marks[cutStop.start - range.lowerBound].stopsAtFirst |= cutStop.ends }
            buildScopes(tokens: tokens, index: index, rules: rules, marks: marks)
            marks.deinitialize()
        }
    }

    /// Hands this analysis's arrays on to the next one.
    consuming func recycle(into storage: inout Storage) {
        storage = Storage(triggers: triggers, phrases: phrases, cover: cover)
    }

    /// `array`, emptied with its capacity kept, leaving an empty one in its place.
    private static func take<Element>(_ array: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &array)
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    /// Marks the phrases and tokens of the sentence, then scans every trigger's scope.
    private mutating func buildScopes(
        tokens: [Token], index: borrowing PhraseIndex, rules: borrowing ContextRules,
        marks: UnsafeMutableBufferPointer<Mark>
    ) {
        let count = range.count
        for number in phrases.indices {
            let match = phrases[number]
            let ends = index.entryEnds[match.entry]
            let first = match.start - range.lowerBound
            let last = match.end - 1 - range.lowerBound
            marks[first].stopsAtFirst |= ends
            marks[last].stopsAtLast |= ends
            marks[first].phraseEnd = Int32(last + 1)
            marks[last].phraseStart = Int32(first)
            let isResolution = index.entryResolves[match.entry]
            for slot in Int(index.cueStart[match.entry])..<Int(index.cueStart[match.entry + 1]) {
                let cue = index.flatCues[slot]
                guard cue.kind != .pseudo else { continue }
                kindsPresent |= cue.kind.bit
                triggers.append(Trigger(kind: cue.kind, direction: cue.direction, start: match.start, end: match.end,
                                        isResolution: cue.kind == .negated && isResolution,
                                        staysInClause: cue.staysInClause))
                marks[first].kindsAtFirst |= cue.kind.bit
                marks[last].kindsAtLast |= cue.kind.bit
                if cue.direction.reachesForward { marks[first].forwardKindsAtFirst |= cue.kind.bit }
                if cue.direction.reachesBackward { marks[last].backwardKindsAtLast |= cue.kind.bit }
            }
        }
        for local in 0..<count {
            let kind = tokens[range.lowerBound + local].kind
            marks[local].isWord = kind == .word || kind == .number
            marks[local].isComma = kind == .punctuation && tokens[range.lowerBound + local].normalized == ","
            // An item number inside a run-on list ("1) esophagitis s/p biopsy
            // 2) hiatal hernia") starts a new item: it ends every scope.
            if kind == .number, Self.isItemNumber(at: range.lowerBound + local, in: tokens, range: range) {
                marks[local].stopsAtFirst = .max
                marks[local + 1].stopsAtLast = .max
            }
        }

        for (number, trigger) in triggers.enumerated() {
            let cap = rules.scopeCaps[Int(trigger.kind.rawValue)]
            let blockers = Self.blockerTable[Int(trigger.kind.rawValue)]
            var reach = ForwardReach.reached
            if trigger.direction.reachesForward {
                reach = scanForward(number, trigger, cap: cap, blockers: blockers, marks: UnsafeBufferPointer(marks))
            }
            // "Pneumonia: no." — a forward denial or doubt with nothing after it looks back.
            let flips = trigger.direction == .forward && reach == .empty && trigger.kind.group == 0
            if trigger.direction.reachesBackward || flips {
                scanBackward(number, trigger, cap: cap, blockers: blockers, marks: UnsafeBufferPointer(marks))
            }
        }
    }

    /// The terminator phrase straddling `barrier` in a plain (barrier-free)
    /// match of the sentence, with the kinds it ends; nil when there is none.
    private static func cutTerminator(
        at barrier: Int, tokens: [Token], range: Range<Int>, index: borrowing PhraseIndex
    ) -> (start: Int, ends: UInt16)? {
        guard range.contains(barrier) else { return nil }
        for match in index.matches(in: tokens, range: range) where match.start < barrier && barrier < match.end {
            let ends = index.entryEnds[match.entry]
            return ends == 0 ? nil : (match.start, ends)
        }
        return nil
    }

    /// A one- or two-digit number directly followed by ")" and not preceded by
    /// "(" — a list item's number, not a quantity or a parenthesised figure.
    static func isItemNumber(at index: Int, in tokens: [Token], range: Range<Int>) -> Bool {
        guard index + 1 < range.upperBound, tokens[index].span.length <= 2,
              tokens[index + 1].normalized == ")" else { return false }
        return index == range.lowerBound || tokens[index - 1].normalized != "("
    }

    /// Kinds whose triggers end a scope of `kind`: the other kinds answering
    /// the same question — a doubt ends a denial, a relative ends another
    /// person. Time cues never end one another ("history of HTN, controlled").
    static let blockerTable: [UInt16] = TriggerKind.allCases.map(blockers(of:))

    static func blockers(of kind: TriggerKind) -> UInt16 {
        guard kind.group != 1 else { return 0 }
        return TriggerKind.allCases.filter { $0 != kind && $0 != .pseudo && $0.group == kind.group }
            .reduce(0) { $0 | $1.bit }
    }

    /// Marks tokens after the trigger; returns how many words it reached.
    private mutating func scanForward(
        _ number: Int, _ trigger: Trigger, cap: Int, blockers: UInt16, marks: UnsafeBufferPointer<Mark>
    ) -> ForwardReach {
        let base = range.lowerBound
        let kindIndex = Int(trigger.kind.rawValue)
        let bit = trigger.kind.bit
        var local = trigger.end - base
        // Cues and terminators right after this one ("denies family history
        // of", "Denies: fever") are stacked on it and do not end it.
        var stackEnd = local
        var words = 0
        let tokenCap = local + 3 * cap + 8  // punctuation runs count too, so every scan is bounded
        while local < range.count && local < tokenCap {
            if marks[local].forwardKindsAtFirst & bit != 0 {
                // Same kind again: it takes over after its own words (which
                // this cue still reaches, for a concept named by them).
                claim(kindIndex, local..<max(Int(marks[local].phraseEnd), local + 1), number, from: trigger)
                return .takenOver
            }
            // A word terminator right after the cue still ends it ("his wife reports ...").
            if local == stackEnd, marks[local].phraseEnd >= 0,
               marks[local].stopsAtFirst & bit == 0 || !marks[local].isWord {
                let end = Int(marks[local].phraseEnd)
                while local < end {
                    if marks[local].isWord { words += 1 }
                    claim(kindIndex, local, number, distance: local + base - trigger.end)
                    local += 1
                }
                stackEnd = end
                continue
            }
            if marks[local].stopsAtFirst & bit != 0 || marks[local].kindsAtFirst & blockers != 0 { break }
            if trigger.staysInClause && marks[local].isComma { break }
            if marks[local].isWord {
                words += 1
                if words > cap { break }
            }
            claim(kindIndex, local, number, distance: local + base - trigger.end)
            local += 1
        }
        return words == 0 ? .empty : .reached
    }

    /// How a forward scan ended.
    private enum ForwardReach { case reached, empty, takenOver }

    /// Marks tokens before the trigger.
    private mutating func scanBackward(
        _ number: Int, _ trigger: Trigger, cap: Int, blockers: UInt16, marks: UnsafeBufferPointer<Mark>
    ) {
        let base = range.lowerBound
        let kindIndex = Int(trigger.kind.rawValue)
        let bit = trigger.kind.bit
        var local = trigger.start - base - 1
        var stackStart = local
        var words = 0
        let tokenFloor = local - 3 * cap - 8
        while local >= 0 && local > tokenFloor {
            if marks[local].backwardKindsAtLast & bit != 0 {
                claim(kindIndex, max(Int(marks[local].phraseStart), 0)..<(local + 1), number, from: trigger)
                break
            }
            if local == stackStart, marks[local].phraseStart >= 0,
               marks[local].stopsAtLast & bit == 0 || !marks[local].isWord {
                let start = Int(marks[local].phraseStart)
                while local >= start {
                    if marks[local].isWord { words += 1 }
                    claim(kindIndex, local, number, distance: trigger.start - (local + base) - 1)
                    local -= 1
                }
                stackStart = local
                continue
            }
            if marks[local].stopsAtLast & bit != 0 || marks[local].kindsAtLast & blockers != 0 { break }
            if trigger.staysInClause && marks[local].isComma { break }
            if marks[local].isWord {
                words += 1
                if words > cap { break }
            }
            claim(kindIndex, local, number, distance: trigger.start - (local + base) - 1)
            local -= 1
        }
    }

    /// Keeps the nearer of two triggers of one kind reaching a token.
    private mutating func claim(_ kind: Int, _ local: Int, _ number: Int, distance: Int) {
        let slot = kind * range.count + local
        let current = cover[slot]
        if current >= 0 {
            let token = local + range.lowerBound
            if triggers[Int(current)].distance(to: token..<(token + 1)) <= distance { return }
        }
        cover[slot] = Int32(number)
    }

    /// Claims the tokens of a phrase (local indices) for `trigger`.
    private mutating func claim(_ kind: Int, _ locals: Range<Int>, _ number: Int, from trigger: Trigger) {
        for local in locals where local >= 0 && local < range.count {
            let token = local + range.lowerBound
            claim(kind, local, number, distance: trigger.distance(to: token..<(token + 1)))
        }
    }

    /// Whether a matched phrase swallows the start of `tokens` (the caller
    /// should then re-analyse with `barrier: tokens.lowerBound`).
    func phraseStraddles(_ tokens: Range<Int>) -> Bool {
        let token = tokens.lowerBound
        guard !phrases.isEmpty, range.contains(token) else { return false }
        // The last phrase starting before the token (binary search on starts).
        var low = 0
        var high = phrases.count
        while low < high {
            let middle = (low + high) / 2
            if phrases[middle].start < token { low = middle + 1 } else { high = middle }
        }
        return low > 0 && phrases[low - 1].end > token
    }

    /// The nearest trigger of `kind` whose scope reaches any of `tokens`
    /// (absolute indices) and which is not wholly inside them (a concept
    /// named "history of falls" is not made historical by its own words).
    func trigger(_ kind: TriggerKind, covering tokens: Range<Int>) -> Trigger? {
        guard kindsPresent & kind.bit != 0 else { return nil }
        var best: Trigger?
        var bestDistance = Int.max
        for token in tokens where range.contains(token) {
            let number = cover[Int(kind.rawValue) * range.count + token - range.lowerBound]
            guard number >= 0 else { continue }
            let candidate = triggers[Int(number)]
            // A cue inside the concept is part of its wording ("appendicitis without
            // perforation", "child abuse, suspected"), except a doubt strictly
            // between its words: "headache, likely tension type" matched as one
            // tension-type headache is no certain one.
            if candidate.start >= tokens.lowerBound && candidate.end <= tokens.upperBound
                && !(kind == .possible && candidate.start > tokens.lowerBound && candidate.end < tokens.upperBound)
            {
                continue
            }
            let distance = candidate.distance(to: tokens)
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }
}

extension SentenceScopes {
    /// The record of a trigger for `Assertion.triggers` (nil for kinds not
    /// reported), its surface read from `document` (the one analysed: not
    /// kept here, which cost two retains and releases per sentence).
    ///
    /// The surface is made for each record, not cached per sentence: nearly
    /// every cue fits a small (inline) string, which costs no allocation,
    /// while a cache cost two allocations for every sentence with a trigger.
    /// Packing a short ASCII surface straight into the inline form, rather
    /// than through `String(scalars:)`, gave nothing measurable.
    func record(_ trigger: Trigger, in document: Document) -> ContextTrigger? {
        guard let category = trigger.kind.category else { return nil }
        let span = TextSpan(start: document.tokens[trigger.start].span.start,
                            end: document.tokens[trigger.end - 1].span.end)
        let text = String(scalars: document.scalars[span.start..<min(span.end, document.scalars.count)])
        return ContextTrigger(text: text, span: span, category: category)
    }
}

extension SentenceScopes.Trigger {
    /// Tokens between this trigger and `tokens` (0 when adjacent or overlapping).
    func distance(to tokens: Range<Int>) -> Int {
        if end <= tokens.lowerBound { return tokens.lowerBound - end }
        if start >= tokens.upperBound { return start - tokens.upperBound }
        return 0
    }
}
