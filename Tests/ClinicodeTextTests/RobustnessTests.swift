import ClinicodeCore
import ClinicodeText
import Testing

@Suite("Hostile input never crashes")
struct RobustnessTests {
    @Test("Odd strings", arguments: [
        "", " ", "\n\n\n", "\t \r\n \u{0B}", "\u{0}\u{0}abc\u{0}", "\u{301}\u{301}", "a\u{301}\u{302}\u{303}",
        "🫀", "👨‍👩‍👧‍👦", "\u{FEFF}HPI: x", "\u{200D}", "1.", "1)", "-", "a.", ":", "s/", "/p", "2.", ".5",
        "x\u{2028}y\u{2029}z", "\u{FFFD}\u{FFFD}", "b.i.d.", "e.g", "COVID-", "-19", "a--b", "1//2", "'s",
    ])
    func oddStrings(_ text: String) {
        let document = analyzer.analyze(id: "odd", text: text)
        #expect(!document.sections.isEmpty)
        let covered = document.sentences.reduce(0) { $0 + $1.tokens.count }
        #expect(covered == document.tokens.count)
        for sentence in document.sentences {
            #expect(document.sections.indices.contains(sentence.section))
        }
        _ = analyzer.tokenize(text)
        _ = analyzer.normalize(text)
    }

    @Test func emptyNoteHasNoTokens() {
        let document = analyzer.analyze(id: "empty", text: "")
        #expect(document.tokens.isEmpty)
        #expect(document.sentences.isEmpty)
        #expect(document.sections.count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func longLineWithoutSpacesIsLinear() {
        let unit = "abcdefghij"
        let text = String(repeating: unit, count: 1_000_000)  // 10 MB, one line, no spaces
        let document = analyzer.analyze(id: "long", text: text)
        #expect(document.tokens.count == 1)
        #expect(document.tokens[0].span == TextSpan(start: 0, end: text.unicodeScalars.count))
        let punctuated = String(repeating: "a.b/c-1,2:", count: 100_000)
        #expect(!analyzer.analyze(id: "long2", text: punctuated).tokens.isEmpty)
    }
}
