import ClinicodeCore

/// A cue that heads a list on the lines below it:
///
///     Denies:
///     - fever
///     - chills
///
/// The text layer makes every list item its own sentence, so the cue in the
/// heading line ("Denies:") would reach none of them. A heading sentence
/// that ends in a forward trigger and a colon lends that trigger to the
/// bulleted or numbered items that follow it in the same paragraph and section.
struct ListHeaderCue {
    /// How many list items a heading can reach.
    static let maxItems = 40

    /// The heading cues reaching `sentence` (empty when it is not a list item under one).
    static func triggers(forSentence sentence: Int, in document: Document, index: PhraseIndex) -> [SentenceScopes.Trigger] {
        var current = sentence
        var items = 0
        while current > 0, items < maxItems {
            let item = document.sentences[current]
            guard isListItem(item, in: document) else { return [] }
            let previous = document.sentences[current - 1]
            guard previous.section == item.section else { return [] }
            if let cues = headingCues(previous, in: document, index: index) { return cues }
            current -= 1
            items += 1
        }
        return []
    }

    /// A bulleted or numbered line that is not separated by a blank line.
    private static func isListItem(_ sentence: Sentence, in document: Document) -> Bool {
        guard let first = sentence.tokens.first, sentence.tokens.count > 1 else { return false }
        // Fields read in place: a copied token retained and released its string.
        let flags = document.tokens[first].flags, kind = document.tokens[first].kind
        guard flags.contains(.startsLine), !flags.contains(.startsParagraph) else { return false }
        if kind == .enumerator { return true }
        guard kind != .word else { return false }
        switch document.tokens[first].normalized {
        case "-", "*", "•", "·", "–": return true
        default: return false
        }
    }

    /// The forward triggers ending a heading sentence right before its final colon.
    private static func headingCues(_ sentence: Sentence, in document: Document, index: PhraseIndex) -> [SentenceScopes.Trigger]? {
        let range = sentence.tokens
        guard range.count >= 2, document.tokens[range.upperBound - 1].normalized == ":" else { return nil }
        let words = range.lowerBound..<(range.upperBound - 1)
        guard let last = index.matches(in: document.tokens, range: words).last, last.end == words.upperBound else {
            return nil
        }
        let cues = index.entries[last.entry].cues.filter { $0.kind != .pseudo && $0.direction.reachesForward }
        guard !cues.isEmpty else { return nil }
        // Their records (the heading's words) are made like any trigger's, from these tokens.
        return cues.map { cue in
            SentenceScopes.Trigger(kind: cue.kind, direction: cue.direction, start: last.start, end: last.end)
        }
    }
}
