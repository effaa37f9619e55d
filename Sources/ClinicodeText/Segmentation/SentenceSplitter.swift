import ClinicodeCore

/// Splits a token stream into sentences with rules made for clinical notes.
///
/// A rule-based splitter rather than ICU's break iterator: notes break
/// lines where prose would not (headings, list lines, one finding per line)
/// and join lines prose would split, and the rules run at memory speed.
/// Boundaries fall after `.`/`!`/`?` unless an abbreviation (`Dr.`, `e.g.`,
/// `b.i.d.`) or a lower-case word follows; at blank lines; before
/// enumerators, bullets and label lines (`Ext: ...`); after headings (a line
/// ending in `:` or all in capitals) and section headers; and at any other
/// line break unless the next line starts lower case or the line ends in a
/// comma, an attached hyphen or a continuation word ("of", "and", "with").
struct SentenceSplitter: Sendable {
    // Byte-keyed tables: looked up for many tokens, never hashed with the seeded hasher.
    private let abbreviations: WordTable
    // The abbreviations without their final period, so that a word followed
    // by a period is looked up as it is, without building `word + "."`.
    private let abbreviationStems: WordTable
    private let continuationWords: WordTable
    /// Reads a token's normalised form in place when it is an inline ASCII
    /// string (nearly every one), at `normalizedOffset` bytes into the token.
    /// Constants of the type, not stored properties: a change to the
    /// splitter's stored properties (and so to `TextAnalyzer`'s layout) was
    /// not picked up by dependent modules in an incremental release build,
    /// which then crashed.
    private static let strings = SmallASCIIString()
    private static let normalizedOffset = MemoryLayout<Token>.offset(of: \Token.normalized)

    init(rules: TextRules) {
        abbreviations = WordTable(rules.abbreviationsWithPeriods)
        abbreviationStems = WordTable(rules.abbreviationsWithPeriods.compactMap { abbreviation in
            let bytes = Array(abbreviation.utf8)
            return bytes.last == UInt8(ascii: ".") ? String(decoding: bytes.dropLast(), as: UTF8.self) : nil
        })
        continuationWords = WordTable(rules.lineContinuationWords)
    }

    /// Token ranges of the sentences. `forced` holds, in increasing order,
    /// token indices that must start a sentence (section starts, the token
    /// after a header); `breaks` the tokens that start a line or may end a
    /// sentence (`Tokenizer.tokenizeMarkingBreaks`).
    ///
    /// Only the tokens right before a line start or a forced start, those
    /// that may end a sentence and the marks closing one are looked at: at
    /// every other token no rule applies (there is no line break, no forced
    /// start and no final mark), so visiting each token of the note, as the
    /// splitter did, cost a few loads and branches per token for nothing.
    func split(_ tokens: [Token], scalars: [Unicode.Scalar], forced: [Int], breaks: [Int32]) -> [Range<Int>] {
        guard !tokens.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(tokens.count / 4 + 1)
        var start = 0
        var lineFirst = 0  // first token of the current line
        var nextForced = 0
        var pendingTerminal = false  // a sentence end waiting for closing brackets/quotes
        let startsLine = Token.Flags.startsLine
        let last = tokens.count - 1
        // The next candidates: from a break `b`, the tokens `b - 1` (before a
        // line start) and `b`; from a forced start `f`, the token `f - 1`.
        var breakSlot = 0
        var forcedSlot = 0
        var index = 0
        while index < last {
            if !pendingTerminal {
                while breakSlot < breaks.count, Int(breaks[breakSlot]) < index { breakSlot += 1 }
                while forcedSlot < forced.count, forced[forcedSlot] - 1 < index { forcedSlot += 1 }
                var next = last
                if breakSlot < breaks.count { next = max(Int(breaks[breakSlot]) - 1, index) }
                if forcedSlot < forced.count { next = min(next, forced[forcedSlot] - 1) }
                guard next < last else { break }
                index = next
            }
            defer { index += 1 }
            // Fields are read in place: copying whole tokens would retain and
            // release their strings for every token of the note.
            if tokens[index].flags.contains(startsLine) { lineFirst = index }
            while nextForced < forced.count, forced[nextForced] <= index { nextForced += 1 }
            // Only a token ending in . ! ? (a mark or a dotted abbreviation) can end a sentence within a line.
            let mayEnd = pendingTerminal || Self.isTerminal(scalars[tokens[index].span.end - 1])
            let boundary: Bool
            if nextForced < forced.count, forced[nextForced] == index + 1 {
                boundary = true
            } else if tokens[index + 1].flags.contains(startsLine) {
                boundary = lineBreakIsBoundary(tokens, scalars, lineFirst: lineFirst, last: index)
            } else if !mayEnd {
                boundary = false
            } else if let mark = self.mark(tokens, index + 1), Self.isCloser(mark),
                      pendingTerminal || isSentenceEnd(tokens, scalars, index) {
                pendingTerminal = true
                continue
            } else {
                boundary = pendingTerminal || isSentenceEnd(tokens, scalars, index)
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

    /// The single scalar of a punctuation or symbol token.
    @inline(__always)
    static func mark(_ token: Token) -> Unicode.Scalar? {
        guard token.kind == .punctuation || token.kind == .symbol else { return nil }
        // Nearly every mark is one ASCII byte.
        let utf8 = token.normalized.utf8
        if utf8.count == 1, let byte = utf8.first, byte < 0x80 { return Unicode.Scalar(byte) }
        var scalars = token.normalized.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }

    /// The first byte of the normalised form of `tokens[index]` and its
    /// length, read in place when that form is an inline ASCII string (nil
    /// otherwise): `mark` and `startsLower` copied the token, retaining
    /// and releasing its string, at every line break of a note.
    @inline(__always)
    private func inlineFirstByte(_ tokens: [Token], _ index: Int) -> (byte: UInt8, count: Int)? {
        guard let normalizedOffset = Self.normalizedOffset else { return nil }
        return tokens.withUnsafeBufferPointer { buffer -> (byte: UInt8, count: Int)? in
            let raw = UnsafeRawPointer(buffer.baseAddress! + index) + normalizedOffset
            guard let (low, _, count) = Self.strings.bytes(inline: raw.loadUnaligned(as: UInt64.self),
                                                       raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  count > 0 else { return nil }
            return (UInt8(truncatingIfNeeded: low), count)
        }
    }

    /// `Self.mark(tokens[index])`, read in place.
    @inline(__always)
    private func mark(_ tokens: [Token], _ index: Int) -> Unicode.Scalar? {
        let kind = tokens[index].kind
        guard kind == .punctuation || kind == .symbol else { return nil }
        if let (byte, count) = inlineFirstByte(tokens, index) { return count == 1 ? Unicode.Scalar(byte) : nil }
        return Self.mark(tokens[index])
    }

    /// `Self.startsLower(tokens[index])`, read in place.
    @inline(__always)
    private func startsLower(_ tokens: [Token], _ index: Int) -> Bool {
        let flags = tokens[index].flags
        guard tokens[index].kind == .word, !flags.contains(.capitalized), !flags.contains(.allCaps) else { return false }
        if let (byte, _) = inlineFirstByte(tokens, index) { return ScalarClass(Unicode.Scalar(byte)) == .letter }
        return Self.startsLower(tokens[index])
    }

    /// Whether a token ending in `mark` may end a sentence within a line.
    @inline(__always)
    static func isTerminal(_ mark: Unicode.Scalar) -> Bool {
        switch mark.value {
        case 0x2E, 0x21, 0x3F, 0x2026, 0x3002, 0xFF01, 0xFF1F: return true  // . ! ? … 。 ！ ？
        default: return false
        }
    }

    private static func isCloser(_ mark: Unicode.Scalar) -> Bool {
        switch mark.value {
        case 0x29, 0x5D, 0x7D, 0x22, 0x27, 0x201D, 0x2019, 0xBB: return true
        default: return false
        }
    }

    private static func isBullet(_ mark: Unicode.Scalar) -> Bool {
        switch mark.value {
        case 0x2D, 0x2A, 0x2022, 0xB7, 0x2023, 0x25E6, 0x25AA, 0x2013, 0x2014, 0x3E, 0x2B: return true
        default: return false
        }
    }

    private static func continuesLine(_ mark: Unicode.Scalar) -> Bool {
        switch mark.value {
        case 0x2C, 0x28, 0x5B, 0x2D, 0x2F, 0x26, 0x2013, 0x2B: return true  // , ( [ - / & – +
        default: return false
        }
    }

    /// A word starting with a lower-case letter (prose continues).
    @inline(__always)
    private static func startsLower(_ token: Token) -> Bool {
        guard token.kind == .word, !token.flags.contains(.capitalized), !token.flags.contains(.allCaps),
              let first = token.normalized.unicodeScalars.first
        else { return false }
        return ScalarClass(first) == .letter
    }

    /// Whether a sentence ends after `tokens[index]` within a line.
    private func isSentenceEnd(_ tokens: [Token], _ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        // Fields are read in place: copying whole tokens would retain and release their strings.
        if tokens[index].kind == .word {
            // A dotted abbreviation (`b.i.d.`, `U.S.`) ends a sentence only
            // when it is not a known one and a capitalised word follows.
            guard scalars[tokens[index].span.end - 1] == ".", !abbreviations.contains(tokens[index].normalized)
            else {
                return false
            }
            return !startsLower(tokens, index + 1) && tokens[index + 1].kind != .number
        }
        guard let mark = self.mark(tokens, index), Self.isTerminal(mark), !startsLower(tokens, index + 1) else {
            return false
        }
        return !(mark == "." && followsAbbreviation(tokens, index))
    }

    /// Whether the period at `index` closes an abbreviation (`Dr.`, `approx.`).
    private func followsAbbreviation(_ tokens: [Token], _ index: Int) -> Bool {
        guard index > 0 else { return false }
        return tokens[index - 1].kind == .word && tokens[index - 1].span.end == tokens[index].span.start
            && abbreviationStems.contains(tokens[index - 1].normalized)
    }

    /// Whether the line break after `tokens[last]` ends the sentence.
    private func lineBreakIsBoundary(_ tokens: [Token], _ scalars: [Unicode.Scalar], lineFirst: Int, last: Int) -> Bool {
        // Fields are read in place: copying whole tokens would retain and release their strings.
        if tokens[last + 1].flags.contains(.startsParagraph) || tokens[last + 1].kind == .enumerator { return true }
        if let mark = self.mark(tokens, last + 1), Self.isBullet(mark) { return true }
        let mark = self.mark(tokens, last)
        // Headings end at their line break, and so does a line followed by a label line ("Ext: ...").
        if mark == ":" { return true }
        if lineIsAllCaps(tokens, lineFirst...last) { return true }
        if startsWithLabel(tokens, at: last + 1) { return true }
        // Wrapped prose (and wrapped list items) continue.
        if startsLower(tokens, last + 1) { return false }
        if let mark, Self.continuesLine(mark) {
            // A dash after a space is a finding ("murmur: -"), not a broken word.
            let attached = last > 0 && tokens[last - 1].span.end == tokens[last].span.start
            if mark != "-" || attached { return false }
        }
        if tokens[last].kind == .word {
            if continuationWords.contains(tokens[last].normalized) { return false }
            // "seen by Dr.\nSmith": an abbreviation's period does not end the line's sentence.
            if scalars[tokens[last].span.end - 1] == ".", abbreviations.contains(tokens[last].normalized) {
                return false
            }
        }
        if mark == ".", followsAbbreviation(tokens, last) { return false }
        return true
    }

    private func lineIsAllCaps(_ tokens: [Token], _ line: ClosedRange<Int>) -> Bool {
        var sawWord = false
        for index in line where tokens[index].kind == .word {
            guard tokens[index].flags.contains(.allCaps) else { return false }
            sawWord = true
        }
        return sawWord
    }

    /// Whether a line starts with a short label and a colon (`Ext:`, `Heart rate:`).
    private func startsWithLabel(_ tokens: [Token], at start: Int) -> Bool {
        guard tokens[start].kind == .word else { return false }
        var index = start + 1
        while index < tokens.count, index - start <= 4, !tokens[index].flags.contains(.startsLine) {
            if tokens[index].kind != .word { return mark(tokens, index) == ":" }
            index += 1
        }
        return false
    }
}
