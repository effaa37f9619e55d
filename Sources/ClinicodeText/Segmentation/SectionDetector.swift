import ClinicodeCore

/// Finds section headers (`HPI:`, `PAST MEDICAL HISTORY`, `Assessment and
/// Plan`) from the header variants in `sections.tsv`.
///
/// A header counts at the start of a line when a colon follows it or it
/// stands alone on its line in ALL CAPS or Title Case, so "PE" (pulmonary
/// embolism) in prose is not the Physical Exam header. Notes exported
/// without line breaks run their sections together ("... breast cancer.
/// Assessment: Hypertension."): there a header also counts right after a
/// sentence's final mark, when it is capitalised and a colon follows it.
struct SectionDetector: Sendable {
    /// A header found in a token stream.
    struct Header {
        /// Index of the header's first token.
        var firstToken: Int
        /// One past the header's last token, colon included.
        var endToken: Int
        /// One past the last token of the header words (colon excluded).
        var wordsEnd: Int
        var kind: SectionKind
        /// Whether the header heads only the sentences that begin on its
        /// line (only its first sentence when run in): its kind is a line
        /// kind (`line-sections.txt`) and content follows its colon on the line.
        var headsOnlyItsLine = false
    }

    private let kinds: [String: SectionKind]
    // First words of every header: most lines are ruled out with one lookup.
    private let firstWords: WordTable
    private let longest: Int
    /// Kinds whose header with content on its line heads only that line.
    private let lineKinds: Set<SectionKind>
    // Words that may stay lower case in a Title Case header ("History of Present Illness").
    private static let minorWords: Set<String> = ["of", "and", "for", "the", "to", "in", "on", "at", "&", "/", "or", "with"]

    init(headers: [(header: String, kind: SectionKind)], lineKinds: [SectionKind] = [], tokenizer: Tokenizer) {
        var kinds: [String: SectionKind] = [:]
        var longest = 0
        var firstWords: [String] = []
        for (header, kind) in headers {
            let tokens = tokenizer.tokenize(Array(header.unicodeScalars))
            guard !tokens.isEmpty else { continue }
            let key = tokens.map(\.normalized).joined(separator: " ")
            if kinds[key] == nil { kinds[key] = kind }
            firstWords.append(tokens[0].normalized)
            longest = max(longest, tokens.count)
        }
        self.kinds = kinds
        self.firstWords = WordTable(firstWords)
        self.longest = longest
        self.lineKinds = Set(lineKinds)
    }

    /// The headers of `tokens`, in order; `breaks` lists the tokens that
    /// start a line or may end a sentence (`Tokenizer.tokenizeMarkingBreaks`):
    /// a header begins at a line's first token or right after a sentence's
    /// final mark, so only those are looked at, not every token.
    func headers(in tokens: [Token], breaks: [Int32]) -> [Header] {
        guard longest > 0 else { return [] }
        var result: [Header] = []
        let startsLine = Token.Flags.startsLine
        let capitalised: Token.Flags = [.capitalized, .allCaps]
        for slot in breaks.indices {
            // A line's first word, then a run-in header after a final mark
            // (the token after the break, in the order of the tokens).
            let start = Int(breaks[slot])
            if tokens[start].kind == .word, tokens[start].flags.contains(startsLine),
               let header = header(at: start, in: tokens) {
                result.append(header)
            }
            let next = start + 1
            guard next < tokens.count, tokens[next].kind == .word else { continue }
            let flags = tokens[next].flags
            if !flags.contains(startsLine), !flags.isDisjoint(with: capitalised), startsRunIn(next, in: tokens),
               let header = header(at: next, in: tokens, runIn: true) {
                result.append(header)
            }
        }
        return result
    }

    /// Whether the word at `start` follows a sentence's final mark on its
    /// line and is capitalised: where a run-in header may begin.
    private func startsRunIn(_ start: Int, in tokens: [Token]) -> Bool {
        guard start > 0, tokens[start].flags.contains(.capitalized) || tokens[start].flags.contains(.allCaps),
              let mark = SentenceSplitter.mark(tokens[start - 1]) else { return false }
        return mark == "." || mark == "!" || mark == "?"
    }

    private func header(at start: Int, in tokens: [Token], runIn: Bool = false) -> Header? {
        guard firstWords.contains(tokens[start].normalized) else { return nil }
        // A header ends at the line's first colon or at the line's end, so
        // there is exactly one candidate per line.
        let startsLine = Token.Flags.startsLine
        var end = start + 1
        while end < tokens.count, end - start <= longest, !tokens[end].flags.contains(startsLine),
              SentenceSplitter.mark(tokens[end]) != ":" {
            end += 1
        }
        guard end - start <= longest else { return nil }
        let hasColon = end < tokens.count && !tokens[end].flags.contains(startsLine)
        // In running text only a colon marks a header.
        if runIn && !hasColon { return nil }
        guard tokens[end - 1].kind == .word || tokens[end - 1].kind == .number else { return nil }
        let key = tokens[start..<end].map(\.normalized).joined(separator: " ")
        guard let kind = kinds[key] else { return nil }
        if hasColon {
            let contentFollows = end + 1 < tokens.count && !tokens[end + 1].flags.contains(startsLine)
            return Header(firstToken: start, endToken: end + 1, wordsEnd: end, kind: kind,
                          headsOnlyItsLine: contentFollows && lineKinds.contains(kind))
        }
        // Alone on its line: must look like a heading.
        guard looksLikeHeading(tokens[start..<end]) else { return nil }
        return Header(firstToken: start, endToken: end, wordsEnd: end, kind: kind)
    }

    private func looksLikeHeading(_ tokens: ArraySlice<Token>) -> Bool {
        let words = tokens.filter { $0.kind == .word }
        guard !words.isEmpty else { return false }
        if words.allSatisfy({ $0.flags.contains(.allCaps) || $0.normalized.count == 1 && $0.flags.contains(.capitalized) }) {
            return true
        }
        return words.allSatisfy { $0.flags.contains(.capitalized) || $0.flags.contains(.allCaps) || Self.minorWords.contains($0.normalized) }
            && words.first.map { $0.flags.contains(.capitalized) || $0.flags.contains(.allCaps) } == true
    }
}
