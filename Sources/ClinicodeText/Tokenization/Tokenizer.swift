import ClinicodeCore

/// Splits text (as Unicode scalars) into clinical tokens with offsets.
///
/// Words keep inner hyphens (`non-small-cell`, `COVID-19`, `C5-C6`), short
/// slashed abbreviations (`s/p`, `h/o`), dotted abbreviations with their
/// final period (`b.i.d.`, `e.g.`), apostrophes (`crohn's`) and `&` pairs
/// (`a&o`) and code dots (`N39.0`, `E11.65`); numbers keep decimals,
/// ratios, ranges, times and thousands (`2.5`, `140/90`, `3-4`, `10:30`,
/// `1,000`); a number glued to a unit splits (`5mg` -> `5` + `mg`). Enumerators (`1.`, `2)`, `a)`) at line start are one token.
/// Scanning is linear in the text length whatever the input.
struct Tokenizer: Sendable {
    let normalizer: Normalizer
    /// Words after which a capital `A` abbreviates "atrial" (`TextRules.atrialWords`), as scalars.
    let atrialWords: [[Unicode.Scalar]]

    init(normalizer: Normalizer, atrialWords: [String] = []) {
        self.normalizer = normalizer
        self.atrialWords = atrialWords.map { Array($0.unicodeScalars) }
    }

    /// Tokenises a whole text; offsets index `scalars`.
    func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        tokenizeMarkingBreaks(scalars).tokens
    }

    /// Tokenises a whole text and lists, in increasing order, the tokens
    /// where a sentence or a section may begin or end: every token that
    /// starts a line, every token whose last scalar is a sentence's final
    /// mark (`SentenceSplitter.isTerminal`) and every mark that is not a
    /// lone ASCII scalar (its normalised form may be one). The splitter and the section detector
    /// visit these alone, not every token of the note.
    func tokenizeMarkingBreaks(_ scalars: [Unicode.Scalar]) -> (tokens: [Token], breaks: [Int32]) {
        scalars.withUnsafeBufferPointer { buffer in
            // Notes run at about one token per five or six scalars, but lists,
            // vitals and tables run denser: a third rarely falls short (a
            // quarter did on a fair share of notes). When it does, the note
            // is scanned again with twice the room, at most one token per scalar.
            var capacity = buffer.count / 3 + 16
            while true {
                var breaks: [Int32] = []
                var overflowed = false
                let tokens = [Token](unsafeUninitializedCapacity: capacity) { output, initialized in
                    var scan = Scan(scalars: buffer, atrialWords: atrialWords, output: output)
                    scan.run(normalizer)
                    initialized = scan.tokenCount
                    overflowed = scan.overflowed
                    breaks = scan.breaks
                }
                if !overflowed { return (tokens, breaks) }
                capacity = max(capacity + 1, min(2 * capacity, buffer.count + 1))
            }
        }
    }
}

/// One tokenisation pass. A struct with mutating methods (rather than
/// closures over local variables) keeps the hot loop free of boxed
/// captures and dynamic exclusivity checks.
struct Scan {
    let scalars: UnsafeBufferPointer<Unicode.Scalar>
    let atrialWords: [[Unicode.Scalar]]
    /// Where tokens are written, with room for `capacity`: written in
    /// place, a token costs no uniqueness check and no array bookkeeping
    /// (an `append` for every token of a note). A pointer and a count
    /// rather than a buffer, whose optional base address was tested for
    /// every token written.
    let output: UnsafeMutablePointer<Token>
    /// How many tokens `output` has room for.
    let capacity: Int
    /// How many tokens `output` holds.
    var tokenCount = 0
    /// Whether a token found no room (and was dropped): the caller scans again with more.
    var overflowed = false
    /// See `Tokenizer.tokenizeMarkingBreaks`. Appended (about one per ten
    /// tokens): written in place like the tokens, they ran no faster.
    var breaks: [Int32] = []
    /// The flags the next token takes: `startsLine` at the text start and
    /// after a line break, `startsParagraph` too at the text start and after
    /// a blank one. One byte to merge into each token's flags and clear,
    /// rather than two flags and a line-break count to test and reset.
    var pending: Token.Flags = [.startsLine, .startsParagraph]
    /// Whether the next token is the first on its line.
    var lineStart: Bool { pending.contains(.startsLine) }

    init(scalars: UnsafeBufferPointer<Unicode.Scalar>, atrialWords: [[Unicode.Scalar]],
         output: UnsafeMutableBufferPointer<Token>) {
        self.scalars = scalars
        self.atrialWords = atrialWords
        // Never empty (`tokenizeMarkingBreaks` asks for at least 16).
        self.output = output.baseAddress!
        capacity = output.count
        // Lines and sentences run at a few per hundred scalars.
        breaks.reserveCapacity(scalars.count / 16 + 16)
    }

    /// Tokenises the text. Each token is normalised as it is emitted, while
    /// its scalars are in cache (one pass, each token written once); the
    /// normaliser is a parameter, borrowed, not a stored copy.
    mutating func run(_ normalizer: Normalizer) {
        let count = scalars.count
        var index = 0
        while index < count {
            let scalar = scalars[index]
            switch ScalarClass(scalar) {
            case .space:
                index += 1
            case .newline:
                // CRLF is one line break.
                if scalar == "\r", index + 1 < count, scalars[index + 1] == "\n" { index += 1 }
                index += 1
                // A second line break before the next token: a blank line.
                pending.formUnion(lineStart ? [.startsLine, .startsParagraph] : .startsLine)
            case .extend:
                // A mark with nothing to attach to (text start, after a space): dropped.
                index += 1
            case .letter, .digit:
                if lineStart, let end = enumeratorEnd(from: index) {
                    emit(index, end, .enumerator, scalars[index].value < 0x3A ? .hasDigit : [], normalizer)
                    index = end
                } else {
                    index = scanWord(from: index, normalizer)
                }
            case .other:
                // An ASCII mark with no mark or joiner after it (nearly every one): no folding to do.
                if scalar.value < 0x80, index + 1 == count || scalars[index + 1].value < 0x80 {
                    emit(index, index + 1, Tokenizer.isSymbol(scalar) ? .symbol : .punctuation, [],
                         normalized: normalizer.normalizeMark(scalar.value),
                         mayEndSentence: scalar.value == 0x2E || scalar.value == 0x21 || scalar.value == 0x3F)
                    index += 1
                    continue
                }
                var end = index + 1
                while end < count, ScalarClass(scalars[end]) == .extend {
                    // A joiner also pulls in the scalar it joins (emoji sequences).
                    if scalars[end].value == 0x200D, end + 1 < count { end += 1 }
                    end += 1
                }
                emit(index, end, Tokenizer.isSymbol(scalar) ? .symbol : .punctuation, [], normalizer)
                index = end
            }
        }
    }

    mutating func emit(
        _ start: Int, _ end: Int, _ kind: Token.Kind, _ extraFlags: Token.Flags, _ normalizer: Normalizer
    ) {
        let normalized = normalizer.normalize(UnsafeBufferPointer(rebasing: scalars[start..<end]), foldSpelling: kind == .word)
        // A mark here is not a lone ASCII one: its normalised form may still be a final mark.
        let isMark = kind == .punctuation || kind == .symbol
        emit(start, end, kind, extraFlags, normalized: normalized,
             mayEndSentence: isMark || SentenceSplitter.isTerminal(scalars[end - 1]))
    }

    /// Whether a capital `A` at `start` names something (hepatitis A,
    /// vitamin A, influenza A, group A) rather than being the article:
    /// within a sentence the article is written in lower case, so a capital
    /// one directly after a lower- or mixed-case word is a name. Sentence
    /// starts, all-caps text and `A fib` / `A flutter` (atrial, see
    /// `TextRules.atrialWords`) stay the article.
    private func isLetterName(at start: Int) -> Bool {
        // The previous token's fields read in place (a copy retained its string).
        let last = tokenCount - 1
        guard !lineStart, start > 0, scalars[start - 1] == " ", last >= 0,
            output[last].kind == .word, output[last].span.end == start - 1, !output[last].flags.contains(.allCaps)
        else { return false }
        var next = start + 1
        guard next < scalars.count, scalars[next] == " " else { return true }
        next += 1
        for word in atrialWords where next + word.count <= scalars.count {
            let matches = word.indices.allSatisfy { scalars[next + $0].value | 0x20 == word[$0].value }
            let boundary = next + word.count == scalars.count || !ScalarClass(scalars[next + word.count]).isAlphanumeric
            if matches && boundary { return false }
        }
        return true
    }

    private mutating func emit(
        _ start: Int, _ end: Int, _ kind: Token.Kind, _ extraFlags: Token.Flags, normalized: String,
        mayEndSentence: Bool = false
    ) {
        if lineStart || mayEndSentence { breaks.append(Int32(truncatingIfNeeded: tokenCount)) }
        var flags = extraFlags.union(pending)
        if end >= scalars.count {
            flags.insert(.spaceAfter)
        } else {
            let next = ScalarClass(scalars[end])
            if next == .space || next == .newline { flags.insert(.spaceAfter) }
        }
        append(Token(span: TextSpan(start: start, end: end), normalized: normalized, kind: kind, flags: flags))
        pending = []
    }

    @inline(__always)
    private mutating func append(_ token: Token) {
        guard tokenCount < capacity else {
            overflowed = true
            return
        }
        (output + tokenCount).initialize(to: token)
        tokenCount &+= 1
    }

    /// `emit` for a word from `ASCIIChunk.word`, whose flags already say
    /// whether a space follows (no word ends a sentence: its terminator is no mark).
    @inline(__always)
    private mutating func emitPlainWord(_ start: Int, _ end: Int, _ wordFlags: Token.Flags, normalized: String) {
        if lineStart { breaks.append(Int32(truncatingIfNeeded: tokenCount)) }
        append(Token(span: TextSpan(start: start, end: end), normalized: normalized, kind: .word,
                     flags: wordFlags.union(pending)))
        pending = []
    }

    /// `1.`, `12)`, `a)` followed by white space: a list enumerator.
    private func enumeratorEnd(from start: Int) -> Int? {
        var index = start
        let count = scalars.count
        if ScalarClass(scalars[start]) == .digit {
            while index < count, index - start < 3, ScalarClass(scalars[index]) == .digit { index += 1 }
            guard index < count, scalars[index] == "." || scalars[index] == ")" else { return nil }
        } else {
            index += 1
            guard index < count, scalars[index] == ")" else { return nil }
        }
        index += 1
        guard index == count else {
            let next = ScalarClass(scalars[index])
            return next == .space || next == .newline ? index : nil
        }
        return index
    }

    /// The end and upper-case count of a run of ASCII letters at `start`
    /// that is a whole token by itself: followed by the end of text, a space,
    /// a line break or a mark that joins nothing (`word.` `word,` `word)`),
    /// as nearly every word of a note is. Nil when `scanWord`'s general path
    /// must decide (digits, other scripts, marks, connectors joining a run).
    @inline(__always)
    private func plainASCIIWord(from start: Int) -> (end: Int, upper: Int)? {
        let count = scalars.count
        var index = start
        var upper = 0
        while index < count {
            let value = scalars[index].value
            guard (value | 0x20) &- 0x61 < 26 else { break }
            // Counted without a branch: a test per letter mispredicted on capitalised words.
            upper &+= Int(truncatingIfNeeded: ~value >> 5 & 1)
            index += 1
        }
        guard index > start else { return nil }
        if index < count {
            // A digit or a non-ASCII scalar (a letter, a mark) may continue the word.
            let next = scalars[index].value
            guard next < 0x80, next &- 0x30 >= 10 else { return nil }
            if index + 1 < count, Tokenizer.isConnector(scalars[index]) {
                let after = scalars[index + 1].value
                guard after < 0x80, (after | 0x20) &- 0x61 >= 26, after &- 0x30 >= 10 else { return nil }
            }
        }
        return (index, upper)
    }

    /// Scans the word at `first` and, while a plain word and one space (or
    /// a mark and one space) are followed by a letter (as most words of a
    /// note are), the next word too: each then costs no return to `run`, no
    /// call and no classifying of its first scalar there (`run` would take
    /// the same path: after a word, no line starts). Returns where `run` goes on.
    private mutating func scanWord(from first: Int, _ normalizer: Normalizer) -> Int {
        var start = first
        while true {
            switch ASCIIChunk.word(in: scalars, from: start) {
            case let .word(end, resume, flags, low, high, last):
                // Wrapping arithmetic: offsets within the text cannot overflow, and
                // checked, each cost a test and a branch for every word. The
                // word's first letter is read from `low` (lower-cased) and its
                // flags (a lone capital is `capitalized`), not loaded again.
                let length = end &- start
                if length == 1, low == 0x61, flags.contains(.capitalized), isLetterName(at: start) {
                    emitPlainWord(start, end, flags, normalized: Tokenizer.letterNameA)
                } else {
                    emitPlainWord(start, end, flags,
                                  normalized: normalizer.normalizePackedLetters(low: low, high: high, last: last, count: length))
                }
                var next = resume
                if next == end {
                    // A mark and one space between two words (`word, word`):
                    // the mark (ASCII, as the word's terminator is, with a
                    // space after it) emitted here exactly as `run` emits it.
                    guard next &+ 1 < scalars.count, scalars[next &+ 1] == " " else { return next }
                    let mark = scalars[next]
                    guard ScalarClass(mark) == .other else { return next }
                    emit(next, next &+ 1, Tokenizer.isSymbol(mark) ? .symbol : .punctuation, [],
                         normalized: normalizer.normalizeMark(mark.value),
                         mayEndSentence: mark.value == 0x2E || mark.value == 0x21 || mark.value == 0x3F)
                    next &+= 2
                }
                guard next < scalars.count, (scalars[next].value | 0x20) &- 0x61 < 26 else { return next }
                start = next
            case .notPlain:
                if scalars[start].value &- 0x30 < 10, let (end, bytes) = ASCIIChunk.number(in: scalars, from: start) {
                    // What the general path emits for it, without its segments and rules.
                    emit(start, end, .number, .hasDigit, normalized: normalizer.normalizeDigits(bytes, count: end - start))
                    return end
                }
                return scanGeneralWord(from: start, normalizer)
            case .unknown:
                return scanUnknownWord(from: start, normalizer)
            }
        }
    }

    /// `scanWord` for a word `ASCIIChunk.word` could not decide.
    private mutating func scanUnknownWord(from start: Int, _ normalizer: Normalizer) -> Int {
        if let (end, upper) = plainASCIIWord(from: start) {
            let flags = Tokenizer.caseFlags(upper: upper, lower: end - start - upper,
                                            firstIsUpper: scalars[start].value &- 0x41 < 26)
            if end == start + 1, scalars[start] == "A", isLetterName(at: start) {
                emit(start, end, .word, flags, normalized: Tokenizer.letterNameA)
                return end
            }
            let normalized = normalizer.normalizeLetters(UnsafeBufferPointer(rebasing: scalars[start..<end]))
            emit(start, end, .word, flags, normalized: normalized)
            return end
        }
        return scanGeneralWord(from: start, normalizer)
    }
}

extension Tokenizer {
    /// Scalars that may join two alphanumeric runs into one token.
    @inline(__always)
    static func isConnector(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010, 0x2011, 0x2F, 0x2E, 0x2C, 0x3A, 0x27, 0x2019, 0x26: return true
        default: return false
        }
    }
}
