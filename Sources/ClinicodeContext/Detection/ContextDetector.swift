import ClinicodeCore

/// Sets the assertion of concept mentions: negation, certainty, time and
/// experiencer, after ConText (Harkema et al. 2009) and NegEx (Chapman et
/// al. 2001), with section defaults and a resolved-vs-ongoing rule for past
/// conditions (see `Lexicons/context/README.md`).
///
/// Immutable and `Sendable`; cost is linear in the length of the sentences
/// that hold mentions.
public struct ContextDetector: Sendable {
    /// The rules in use.
    public let rules: ContextRules
    private let index: PhraseIndex
    private let resolver: AssertionResolver

    /// Indexes the rules' phrases.
    public init(rules: ContextRules) {
        self.rules = rules
        index = PhraseIndex(rules: rules)
        resolver = AssertionResolver(rules: rules)
    }

    /// Sets `assertion` on every mention of the document, analysing each
    /// sentence that holds mentions once.
    public func annotate(_ document: inout Document) {
        guard !document.mentions.isEmpty else { return }
        // Allowances matter only where a section has defaults (in many notes,
        // none has): made at the first sentence with mentions in such a
        // section, so other notes skip the pass, its array and a look-up per section.
        var allowances: [Bool]?
        // The defaults of the section last looked up: sentences come in
        // order, so each stretch of a section looks them up once (a
        // dictionary look-up hashing the kind's name cost more per sentence
        // than the rest).
        var cachedSection = -1
        var cachedDefaults: [ContextRules.SectionDefault] = []
        // Mentions come in text order, so each sentence is analysed once for
        // its run of mentions; out-of-order mentions are still right, just
        // analysed again. The sentence's analysis stays in `let`s, which the
        // resolver borrows rather than copies for every mention.
        let mentionCount = document.mentions.count
        var storage = SentenceScopes.Storage()
        var position = 0
        while position < mentionCount {
            guard let sentence = sentenceIndex(of: position, in: document) else {
                document.mentions[position].assertion = Assertion()
                position += 1
                continue
            }
            var runEnd = position + 1
            while runEnd < mentionCount, sentenceIndex(of: runEnd, in: document) == sentence {
                runEnd += 1
            }
            // The resolver reads the section (by index) only for its
            // defaults: a section without any is passed as nil.
            var sentenceSection: Int?
            var sentenceDefaults: [ContextRules.SectionDefault] = []
            let number = document.sentences[sentence].section
            if document.sections.indices.contains(number) {
                if number != cachedSection {
                    cachedSection = number
                    cachedDefaults = resolver.defaults(for: document.sections[number].kind)
                }
                if !cachedDefaults.isEmpty {
                    if allowances == nil {
                        allowances = SectionDefaultGate.allowances(in: document) { section in
                            document.sections.indices.contains(section)
                                && !resolver.defaults(for: document.sections[section].kind).isEmpty
                        }
                    }
                    if allowances![sentence] {
                        sentenceDefaults = cachedDefaults
                        sentenceSection = number
                    }
                }
            }
            // Only a section with defaults needs the (one-pass) inner-heading check.
            let hasDefaults = !sentenceDefaults.isEmpty
            let sentenceScopes = SentenceScopes(tokens: document.tokens, range: document.sentences[sentence].tokens,
                                                index: index, rules: rules, storage: &storage)
            let inherited = ListHeaderCue.triggers(forSentence: sentence, in: document, index: index)
            let innerHeading = hasDefaults ? SectionDefaultGate.innerHeadingEnd(sentence: sentence, in: document) : nil
            for current in position..<runEnd {
                let tokens = document.mentions[current].tokens.clamped(to: document.sentences[sentence].tokens)
                // Two calls rather than one with the defaults picked first:
                // a picked array was a copy, retained and released per mention.
                if tokens.lowerBound >= (innerHeading ?? Int.max) {
                    document.mentions[current].assertion = assertion(
                        of: current, tokens: tokens, sentence: sentence, scopes: sentenceScopes,
                        section: nil, defaults: [], inherited: inherited, in: document)
                } else {
                    document.mentions[current].assertion = assertion(
                        of: current, tokens: tokens, sentence: sentence, scopes: sentenceScopes,
                        section: sentenceSection, defaults: sentenceDefaults, inherited: inherited, in: document)
                }
            }
            sentenceScopes.recycle(into: &storage)
            position = runEnd
        }
    }

    /// The assertion of mention `number`, whose `tokens` lie in `sentence`
    /// analysed as `scopes`: re-analysed around the mention when a phrase
    /// swallows its start.
    private func assertion(
        of number: Int, tokens: Range<Int>, sentence: Int, scopes: SentenceScopes, section: Int?,
        defaults: [ContextRules.SectionDefault], inherited: [SentenceScopes.Trigger], in document: Document
    ) -> Assertion {
        if scopes.phraseStraddles(tokens) {
            return resolver.assertion(
                tokens: tokens, mention: number, scopes: focusedScopes(on: tokens, sentence: sentence, in: document),
                section: section, document: document, inherited: inherited, sectionDefaults: defaults)
        }
        return resolver.assertion(
            tokens: tokens, mention: number, scopes: scopes,
            section: section, document: document, inherited: inherited, sectionDefaults: defaults)
    }

    /// Scopes re-analysed with a barrier at the concept's start (a phrase
    /// swallowed it), over a window around it no scope can reach beyond, so
    /// many such concepts in one long sentence stay cheap.
    private func focusedScopes(on tokens: Range<Int>, sentence: Int, in document: Document) -> SentenceScopes {
        let range = document.sentences[sentence].tokens
        let reach = 3 * (rules.scopeCaps.max() ?? 12) + 8 + index.longest
        let window = max(range.lowerBound, tokens.lowerBound - reach)..<min(range.upperBound, tokens.upperBound + reach)
        return SentenceScopes(tokens: document.tokens, range: window, index: index, rules: rules,
                              barrier: tokens.lowerBound)
    }

    /// The assertion of an arbitrary span (a target phrase, a user selection):
    /// analysed within the sentence holding the span's first token.
    public func assertion(for span: TextSpan, in document: Document) -> Assertion {
        let tokens = tokenRange(overlapping: span, in: document.tokens)
        guard !tokens.isEmpty, let sentence = sentenceIndex(containingToken: tokens.lowerBound, in: document) else {
            return Assertion()
        }
        let range = document.sentences[sentence].tokens
        let clipped = tokens.clamped(to: range)
        var scopes = SentenceScopes(tokens: document.tokens, range: range, index: index, rules: rules)
        if scopes.phraseStraddles(clipped) {
            scopes = focusedScopes(on: clipped, sentence: sentence, in: document)
        }
        var sentenceSection = SectionDefaultGate.allows(sentence: sentence, in: document)
            ? section(ofSentence: sentence, in: document) : nil
        if !resolver.defaults(for: sentenceSection.map { document.sections[$0].kind }).isEmpty,
           clipped.lowerBound >= (SectionDefaultGate.innerHeadingEnd(sentence: sentence, in: document) ?? Int.max) {
            sentenceSection = nil
        }
        return resolver.assertion(tokens: clipped, mention: nil, scopes: scopes, section: sentenceSection,
                                  document: document,
                                  inherited: ListHeaderCue.triggers(forSentence: sentence, in: document, index: index))
    }

    /// The index of a sentence's section, nil when out of range.
    private func section(ofSentence sentence: Int, in document: Document) -> Int? {
        let number = document.sentences[sentence].section
        return document.sections.indices.contains(number) ? number : nil
    }

    /// The sentence of mention `number`, checked against the document (a
    /// mention built by hand may carry a stale index). Takes the mention's
    /// index, not a copy of it, which retained and released its term, codes
    /// and triggers twice per mention.
    private func sentenceIndex(of number: Int, in document: Document) -> Int? {
        let sentence = document.mentions[number].sentence
        let first = document.mentions[number].tokens.lowerBound
        if document.sentences.indices.contains(sentence), document.sentences[sentence].tokens.contains(first) {
            return sentence
        }
        guard document.tokens.indices.contains(first) else { return nil }
        return sentenceIndex(containingToken: first, in: document)
    }

    /// Binary search over sentences (their token ranges are in order).
    private func sentenceIndex(containingToken token: Int, in document: Document) -> Int? {
        var low = 0
        var high = document.sentences.count
        while low < high {
            let middle = (low + high) / 2
            let range = document.sentences[middle].tokens
            if range.upperBound <= token {
                low = middle + 1
            } else if range.lowerBound > token {
                high = middle
            } else {
                return middle
            }
        }
        return nil
    }

    /// Indices of the tokens that overlap `span` (binary search on starts).
    private func tokenRange(overlapping span: TextSpan, in tokens: [Token]) -> Range<Int> {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].span.end <= span.start { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < tokens.count, tokens[end].span.start < max(span.end, span.start + 1) { end += 1 }
        return low..<end
    }
}
