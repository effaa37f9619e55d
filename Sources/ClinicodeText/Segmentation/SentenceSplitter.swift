import ClinicodeCore

/// Splits a token stream into sentences with rules made for clinical notes.
///
/// A rule-based splitter rather than ICU's break iterator: notes break
/// lines where prose would not (headings, list lines, one finding per line)
/// and join lines prose would split, and the rules run at memory speed.
/// Boundaries fall after `.`/`!`/`?` unless an abbreviation (`Dr.`, `e.g.`,
/// `b.i.d.`) or a lower-case continuation follows; at blank lines; before
/// enumerators and bullets; after headings, list lines and section headers;
/// and at a line break unless the next line starts lower case or the line
/// ends in a comma or a continuation word ("of", "and", "with").
struct SentenceSplitter: Sendable {
    private let abbreviations: Set<String>
    private let continuationWords: Set<String>
    private static let bullets: Set<String> = ["-", "*", "•", "·", "‣", "◦", "▪", "–", "—", ">", "+"]
    private static let terminals: Set<String> = [".", "!", "?", "…", "。", "!", "?"]
    private static let closers: Set<String> = [")", "]", "}", "\"", "'", "”", "’", "»"]
    private static let continuationPunctuation: Set<String> = [",", "(", "[", "-", "/", "&", "–", "+"]

    init(rules: TextRules) {
        abbreviations = Set(rules.abbreviationsWithPeriods)
        continuationWords = Set(rules.lineContinuationWords)
    }

    /// Token ranges of the sentences. `forced` holds token indices that must
    /// start a sentence (section starts, the token after a header).
    func split(_ tokens: [Token], forced: Set<Int>) -> [Range<Int>] {
        guard !tokens.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        var lineFirst = 0  // first token of the current line
        var pendingTerminal = false  // a sentence end waiting for closing brackets/quotes
        for index in 0..<(tokens.count - 1) {
            let token = tokens[index]
            let next = tokens[index + 1]
            if token.flags.contains(.startsLine) { lineFirst = index }
            let boundary: Bool
            if forced.contains(index + 1) {
                boundary = true
            } else if next.flags.contains(.startsLine) {
                boundary = lineBreakIsBoundary(tokens, lineFirst: lineFirst, last: index)
            } else if Self.closers.contains(next.normalized) && (pendingTerminal || isSentenceEnd(tokens, index)) {
                pendingTerminal = true
                continue
            } else {
                boundary = pendingTerminal || isSentenceEnd(tokens, index)
            }
            pendingTerminal = false
            if boundary {
                ranges.append(start..<(index + 1))
                start = index + 1
            }
        }
        ranges.append(start..<tokens.count)
        return ranges
    }

    /// Whether a sentence ends after `tokens[index]` within a line.
    private func isSentenceEnd(_ tokens: [Token], _ index: Int) -> Bool {
        let token = tokens[index]
        let next = tokens[index + 1]
        let nextStartsLower = next.kind == .word && !next.flags.contains(.capitalized) && !next.flags.contains(.allCaps)
            && next.normalized.first.map { $0.isLetter } == true
        if token.kind == .word, token.normalized.hasSuffix(".") {
            // A dotted abbreviation (`b.i.d.`, `U.S.`) ends a sentence only
            // when it is not a known one and a capitalised word follows.
            return !abbreviations.contains(token.normalized) && !nextStartsLower && next.kind != .number
        }
        guard token.kind == .punctuation, Self.terminals.contains(token.normalized) else { return false }
        if nextStartsLower { return false }
        if token.normalized == ".", index > 0 {
            let previous = tokens[index - 1]
            if previous.span.end == token.span.start, abbreviations.contains(previous.normalized + ".") {
                return false
            }
        }
        return true
    }

    /// Whether the line break after `tokens[last]` ends the sentence.
    private func lineBreakIsBoundary(_ tokens: [Token], lineFirst: Int, last: Int) -> Bool {
        let next = tokens[last + 1]
        let token = tokens[last]
        if next.flags.contains(.startsParagraph) || next.kind == .enumerator { return true }
        if Self.bullets.contains(next.normalized) && next.kind != .word { return true }
        let first = tokens[lineFirst]
        // List lines and headings end at their line break.
        if first.kind == .enumerator || (Self.bullets.contains(first.normalized) && first.kind != .word) { return true }
        if token.normalized == ":" { return true }
        let lineWords = tokens[lineFirst...last].lazy.filter { $0.kind == .word }
        if !lineWords.isEmpty, lineWords.allSatisfy({ $0.flags.contains(.allCaps) }) { return true }
        // Wrapped prose continues.
        if next.kind == .word, next.normalized.first?.isLetter == true,
           !next.flags.contains(.capitalized), !next.flags.contains(.allCaps) {
            return false
        }
        if Self.continuationPunctuation.contains(token.normalized) && token.kind != .word { return false }
        if token.kind == .word, continuationWords.contains(token.normalized) { return false }
        // "seen by Dr.\nSmith": an abbreviation's period does not end the line's sentence.
        if token.kind == .word, abbreviations.contains(token.normalized) { return false }
        if token.normalized == ".", last > 0, tokens[last - 1].span.end == token.span.start,
           abbreviations.contains(tokens[last - 1].normalized + ".") {
            return false
        }
        return true
    }
}
