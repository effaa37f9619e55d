import ClinicodeCore

/// The text layer: tokens with offsets and normalised forms, sentences and
/// sections for a note, and the same normalisation for lexicon terms.
///
/// Immutable and `Sendable`: one analyzer can serve many threads.
public struct TextAnalyzer: Sendable {
    /// The rules this analyzer applies.
    public let rules: TextRules
    private let tokenizer: Tokenizer
    private let splitter: SentenceSplitter
    private let sectionDetector: SectionDetector

    /// Prepares an analyzer (indexes the section headers and spelling rules).
    public init(rules: TextRules) {
        self.rules = rules
        tokenizer = Tokenizer(normalizer: Normalizer(rules: rules), atrialWords: rules.atrialWords)
        splitter = SentenceSplitter(rules: rules)
        sectionDetector = SectionDetector(headers: rules.sectionHeaders, lineKinds: rules.lineSectionKinds, tokenizer: tokenizer)
    }

    /// Tokenises a note and finds its sentences and sections.
    ///
    /// Sentences partition the tokens; sections cover the whole text (a
    /// `.none` section first when text precedes the first header, or a
    /// single `.none` section when there is no header; a `.none` section
    /// also follows a line header's line, see `line-sections.txt`).
    public func analyze(id: String, text: String) -> Document {
        var document = Document(id: id, text: text)
        // The stages below read the scalars, not the document: passing the
        // document while it is still to be filled in copied it.
        let scalars = document.scalars
        let (tokens, breaks) = tokenizer.tokenizeMarkingBreaks(scalars)
        let headers = sectionDetector.headers(in: tokens, breaks: breaks)

        var forced: [Int] = []
        for header in headers {
            forced.append(header.firstToken)
            if header.endToken < tokens.count { forced.append(header.endToken) }
        }
        let ranges = splitter.split(tokens, scalars: scalars, forced: forced, breaks: breaks)
        let sections = Self.sections(headers: headers, tokens: tokens, scalars: scalars, sentences: ranges)
        var sentences: [Sentence] = []
        sentences.reserveCapacity(ranges.count)
        var sectionIndex = 0
        for range in ranges {
            let span = TextSpan(start: tokens[range.lowerBound].span.start, end: tokens[range.upperBound - 1].span.end)
            while sectionIndex + 1 < sections.count, sections[sectionIndex + 1].span.start <= span.start {
                sectionIndex += 1
            }
            sentences.append(Sentence(span: span, tokens: range, section: sectionIndex))
        }
        document.tokens = tokens
        document.sentences = sentences
        document.sections = sections
        return document
    }

    /// Tokenises a phrase (a lexicon term, a query) exactly as notes are tokenised.
    public func tokenize(_ text: String) -> [Token] {
        tokenizer.tokenize(text.unicodeScalarArray)
    }

    /// The normalised form of one word: NFKC case-folded, accent-stripped,
    /// British spelling folded to American (`Haemorrhage` -> `hemorrhage`).
    public func normalize(_ word: String) -> String {
        tokenizer.normalizer.normalize(word, foldSpelling: true)
    }

    private static func sections(
        headers: [SectionDetector.Header], tokens: [Token], scalars: [Unicode.Scalar], sentences: [Range<Int>]
    ) -> [Section] {
        let textEnd = scalars.count
        guard let first = headers.first else {
            return [Section(kind: .none, title: "", headerSpan: nil, span: TextSpan(start: 0, end: textEnd))]
        }
        var sections: [Section] = []
        sections.reserveCapacity(headers.count + 1)
        if first.firstToken > 0 {
            let end = tokens[first.firstToken].span.start
            sections.append(Section(kind: .none, title: "", headerSpan: nil, span: TextSpan(start: 0, end: end)))
        }
        for (position, header) in headers.enumerated() {
            let headerSpan = TextSpan(start: tokens[header.firstToken].span.start,
                                      end: tokens[header.wordsEnd - 1].span.end)
            let start = sections.isEmpty ? 0 : headerSpan.start
            let nextHeader = position + 1 < headers.count ? headers[position + 1].firstToken : tokens.count
            let end = nextHeader < tokens.count ? tokens[nextHeader].span.start : textEnd
            let title = String(scalars: scalars[headerSpan.start..<headerSpan.end])
            // A line header ("Family history: uncle with ALS.") heads its line;
            // the text after it, up to the next header, is in no section.
            if header.headsOnlyItsLine, let cut = lineEnd(of: header, tokens: tokens, sentences: sentences), cut < nextHeader {
                let boundary = tokens[cut].span.start
                sections.append(Section(kind: header.kind, title: title, headerSpan: headerSpan,
                                        span: TextSpan(start: start, end: boundary)))
                sections.append(Section(kind: .none, title: "", headerSpan: nil, span: TextSpan(start: boundary, end: end)))
                continue
            }
            sections.append(Section(kind: header.kind, title: title, headerSpan: headerSpan,
                                    span: TextSpan(start: start, end: end)))
        }
        return sections
    }

    /// The token after the last sentence a line header heads: every sentence
    /// that begins on the header's line (a sentence wrapped onto later lines
    /// stays whole), or only the first one when the header is run in mid-line.
    private static func lineEnd(of header: SectionDetector.Header, tokens: [Token], sentences: [Range<Int>]) -> Int? {
        // Sentences partition the tokens in order: the first one holding the header's content.
        var low = 0, high = sentences.count
        while low < high {
            let middle = (low + high) / 2
            if sentences[middle].upperBound <= header.endToken { low = middle + 1 } else { high = middle }
        }
        guard low < sentences.count else { return nil }
        var last = low
        if tokens[header.firstToken].flags.contains(.startsLine) {
            var lineEnd = header.endToken
            while lineEnd < tokens.count, !tokens[lineEnd].flags.contains(.startsLine) { lineEnd += 1 }
            while last + 1 < sentences.count, sentences[last + 1].lowerBound < lineEnd { last += 1 }
        }
        return sentences[last].upperBound
    }
}
