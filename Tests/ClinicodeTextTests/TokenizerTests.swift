import ClinicodeCore
import ClinicodeText
import Testing

@Suite("Tokenisation of clinical text")
struct TokenizerTests {
    private func surfaces(_ text: String) -> [String] { tokens(text).map(\.surface) }

    @Test("Acronyms with digits and hyphens stay whole", arguments: ["T2DM", "COVID-19", "C5-C6", "x3", "non-small-cell"])
    func wholeWords(_ word: String) {
        let result = tokens("had \(word) today")
        #expect(result.map(\.surface) == ["had", word, "today"])
        #expect(result[1].kind == .word)
    }

    @Test("Short slashed abbreviations are one word", arguments: ["s/p", "h/o", "w/o", "A/P", "n/v"])
    func slashedAbbreviations(_ word: String) {
        #expect(surfaces("pt \(word) CABG") == ["pt", word, "CABG"])
    }

    @Test func longSlashedWordsSplit() {
        #expect(surfaces("HTN/HLD") == ["HTN", "/", "HLD"])
    }

    @Test func dottedAbbreviationKeepsFinalPeriod() {
        let result = tokens("metformin 500 mg b.i.d. with meals")
        #expect(result.map(\.surface) == ["metformin", "500", "mg", "b.i.d.", "with", "meals"])
        #expect(result[3].kind == .word)
        #expect(result[3].normalized == "b.i.d.")
    }

    @Test func decimalNumberAndUnit() {
        let result = tokens("2.5 mg")
        #expect(result.map(\.surface) == ["2.5", "mg"])
        #expect(result.map(\.kind) == [.number, .word])
    }

    @Test func codesKeepTheirDot() {
        let result = tokens("ICD-10 N39.0, E11.65 and A41.9.")
        #expect(result.map(\.surface) == ["ICD-10", "N39.0", ",", "E11.65", "and", "A41.9", "."])
        #expect(result[1].kind == .word)
        #expect(result[1].normalized == "n39.0")
    }

    @Test func clinicalShorthand() {
        let result = tokens("45yo F c/o N/V/D x2d, K+ 3.1, lactate >4, 1,000 mL at 10:30, 3-4 times/day")
        #expect(result.map(\.surface) == [
            "45", "yo", "F", "c/o", "N/V/D", "x2d", ",", "K", "+", "3.1", ",", "lactate", ">", "4", ",",
            "1,000", "mL", "at", "10:30", ",", "3-4", "times", "/", "day",
        ])
        #expect(result[8].kind == .symbol)
        #expect(result[15].kind == .number)
        #expect(result[18].kind == .number)
        #expect(result[20].kind == .number)
    }

    @Test func numberGluedToUnitSplits() {
        let result = tokens("500mg and 2.5cm, 1st")
        #expect(result.map(\.surface) == ["500", "mg", "and", "2.5", "cm", ",", "1st"])
        #expect(result[0].kind == .number)
        #expect(result[1].kind == .word)
    }

    /// A digit with a subtype letter names a stage or type; units still split.
    @Test func subtypeLetterStaysWithItsDigit() {
        let result = tokens("stage 3a, type 2A, 5mg, 2L")
        #expect(result.map(\.surface) == ["stage", "3a", ",", "type", "2A", ",", "5", "mg", ",", "2", "L"])
    }

    /// A capital A after a word is a name (hepatitis A); the article, a
    /// sentence's first word, all-caps text and "A fib" (atrial) stay `a`.
    @Test func capitalLetterAfterAWordIsAName() {
        let forms = tokens("A man with hepatitis A and vitamin A deficiency had A fib. HAS A COUGH").map(\.normalized)
        #expect(forms == ["a", "man", "with", "hepatitis", "A", "and", "vitamin", "A", "deficiency", "had", "a", "fib", ".",
                          "has", "a", "cough"])
    }

    @Test func bloodPressureIsOneNumber() {
        let result = tokens("BP 140/90, HR 72")
        #expect(result.map(\.surface) == ["BP", "140/90", ",", "HR", "72"])
        #expect(result[1].kind == .number)
    }

    @Test func findingsSigns() {
        let result = tokens("murmur: -\n+ edema")
        #expect(result.map(\.surface) == ["murmur", ":", "-", "+", "edema"])
        #expect(result.map(\.kind) == [.word, .punctuation, .symbol, .symbol, .word])
    }

    @Test func enumeratorsAtLineStart() {
        let result = tokens("1. HTN\n2) DM\nTook 1. Then")
        #expect(result.map(\.surface) == ["1.", "HTN", "2)", "DM", "Took", "1", ".", "Then"])
        #expect(result[0].kind == .enumerator)
        #expect(result[2].kind == .enumerator)
        #expect(result[5].kind == .number)
    }

    @Test func decimalAtLineStartIsNotEnumerator() {
        #expect(tokens("1.5 mg daily")[0].kind == .number)
    }

    @Test func flags() {
        let document = analyzer.analyze(id: "f", text: "HPI: Pain x3 days.\n\nHTN and Obesity")
        let flags = document.tokens.map(\.flags)
        #expect(flags[0].contains(.allCaps))
        #expect(flags[0].contains(.startsLine))
        #expect(flags[0].contains(.startsParagraph))
        #expect(!flags[0].contains(.spaceAfter))
        #expect(flags[1].contains(.spaceAfter))
        #expect(flags[2].contains(.capitalized))
        #expect(flags[3].contains(.hasDigit))
        #expect(!flags[2].contains(.startsLine))
        let htn = document.tokens[6]
        #expect(document.surface(htn.span) == "HTN")
        #expect(htn.flags.isSuperset(of: [.startsLine, .startsParagraph, .allCaps]))
        #expect(document.tokens[8].flags.contains(.capitalized))
        #expect(!document.tokens[7].flags.contains(.capitalized))
    }

    @Test func apostrophesStayInWords() {
        #expect(tokens("Crohn’s disease")[0].normalized == "crohn's")
        #expect(tokens("Crohn's disease")[0].normalized == "crohn's")
    }

    @Test func hyphenatedPartsHelper() {
        let token = analyzer.tokenize("non-small-cell")[0]
        #expect(token.normalized == "non-small-cell")
        #expect(token.normalizedParts == ["non", "small", "cell"])
        #expect(analyzer.tokenize("-")[0].normalizedParts == ["-"])
    }

    @Test func emojiAndSymbols() {
        let result = tokens("🫀 ok 👨‍👩‍👧 98%")
        #expect(result.map(\.surface) == ["🫀", "ok", "👨‍👩‍👧", "98", "%"])
        #expect(result[0].kind == .symbol)
    }

    /// A plain word followed by at least sixteen more scalars is read eight
    /// scalars at a time; at the end of the text, one by one. Both must give
    /// the same token, whatever the word's length, case and what follows it.
    @Test("Words read in chunks match words read one by one",
          arguments: ["a", "A", "of", "OF", "Of", "oF", "denies", "DENIES", "Haemorrhage", "abcdefg", "ABCDEFGH",
                      "abcdefgh", "Abcdefghi", "abcdefghijklmno", "ABCDEFGHIJKLMNO", "abcdefghijklmnop",
                      "Oesophagitis", "tumour", "organisation", "x", "I"])
    func chunkedWordsMatch(_ word: String) {
        let padding = " then some more words after it"
        for follower in [" ", ".", ",", ":", "-", "-x", "/p", "'s", "5", "\u{E9}", "\u{301}", "\n", "\t", "(", "@", "[", "`", "{"] {
            let alone = analyzer.tokenize(word + follower)
            let padded = analyzer.tokenize(word + follower + padding)
            #expect(Array(padded.prefix(alone.count)) == alone, "\(word)\(follower)")
        }
    }

    /// Tokens are written into room for a third of the scalars; denser text
    /// (one mark per scalar, one letter per two) is scanned again with more.
    @Test("Text denser than the first guess keeps every token", arguments: [1, 2, 3, 40, 400])
    func denseText(_ repeats: Int) {
        let marks = String(repeating: ",;", count: repeats)
        let marked = analyzer.tokenize(marks)
        #expect(marked.count == 2 * repeats)
        #expect(marked.enumerated().allSatisfy { $0.element.span == TextSpan(start: $0.offset, end: $0.offset + 1) })
        let letters = analyzer.analyze(id: "d", text: String(repeating: "a ", count: repeats) + "b")
        #expect(letters.tokenSurfaces == Array(repeating: "a", count: repeats) + ["b"])
        #expect(letters.tokens.allSatisfy { $0.flags.contains(.spaceAfter) })
    }
}
