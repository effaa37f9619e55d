import ClinicodeCore
import ClinicodeText
import Testing

@Suite("Offsets into the original text")
struct OffsetTests {
    /// Every token's span slices the original scalars to its surface, spans
    /// increase and never overlap.
    private func checkRoundTrip(_ text: String) {
        let document = analyzer.analyze(id: "o", text: text)
        let scalars = Array(text.unicodeScalars)
        var previousEnd = 0
        for token in document.tokens {
            #expect(token.span.start >= previousEnd)
            #expect(token.span.end <= scalars.count)
            #expect(!token.span.isEmpty)
            previousEnd = token.span.end
            let surface = String(String.UnicodeScalarView(scalars[token.span.start..<token.span.end]))
            #expect(surface == document.surface(token.span))
            // Nothing but white space is lost between tokens.
        }
        for sentence in document.sentences {
            #expect(sentence.span.start == document.tokens[sentence.tokens.lowerBound].span.start)
            #expect(sentence.span.end == document.tokens[sentence.tokens.upperBound - 1].span.end)
        }
    }

    @Test func accented() {
        let text = "Síndrome de Ménière. Café-au-lait spots."
        checkRoundTrip(text)
        let document = analyzer.analyze(id: "a", text: text)
        #expect(document.tokenSurfaces == ["Síndrome", "de", "Ménière", ".", "Café-au-lait", "spots", "."])
        #expect(document.tokens[2].span == TextSpan(start: 12, end: 19))
    }

    @Test func decomposedAccentsStayInsideTheToken() {
        let text = "Me\u{301}nie\u{300}re disease"
        let document = analyzer.analyze(id: "d", text: text)
        #expect(document.tokens[0].span == TextSpan(start: 0, end: 9))
        #expect(document.tokens[0].normalized == "meniere")
        checkRoundTrip(text)
    }

    @Test func emoji() {
        let text = "🫀 palpitations 🫀🫀 and chest pain"
        checkRoundTrip(text)
        let document = analyzer.analyze(id: "e", text: text)
        let palpitations = document.tokens[1]
        #expect(palpitations.span == TextSpan(start: 2, end: 14))
        #expect(document.surface(palpitations.span) == "palpitations")
    }

    @Test func crlf() {
        let text = "CC: chest pain\r\n\r\nHPI: 3 days\r\n"
        checkRoundTrip(text)
        let document = analyzer.analyze(id: "c", text: text)
        #expect(document.tokenSurfaces == ["CC", ":", "chest", "pain", "HPI", ":", "3", "days"])
        #expect(document.tokens[4].span.start == 18)
        #expect(document.tokens[4].flags.contains(.startsParagraph))
        #expect(document.sections.map(\.kind) == [.chiefComplaint, .historyOfPresentIllness])
    }

    @Test func fullWidth() {
        let text = "ＭＥＮＩＥＲＥ病 ＢＰ １４０/９０"
        checkRoundTrip(text)
        let document = analyzer.analyze(id: "w", text: text)
        #expect(document.tokens.first?.normalized.hasPrefix("meniere") == true)
        #expect(document.tokens.contains { $0.normalized == "140/90" && $0.kind == .number })
    }
}
