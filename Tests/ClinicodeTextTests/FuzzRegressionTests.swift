import ClinicodeCore
import ClinicodeText
import Testing

/// The text layer's structural promises under hostile input (the quick,
/// in-tree part of Fuzz/): offsets in range and ordered, sentences
/// partitioning the tokens, surfaces equal to the text at their spans.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// Every broken promise of `analyze` for `text`.
    static func violations(_ text: String) -> [String] {
        let document = analyzer.analyze(id: "fuzz", text: text)
        let scalars = Array(text.unicodeScalars)
        guard document.scalars == scalars else { return ["scalars differ from the text's"] }
        var problems: [String] = []
        func check(_ span: TextSpan, _ what: String) {
            guard 0 <= span.start, span.start <= span.end, span.end <= scalars.count else {
                problems.append("\(what) \(span.start)..<\(span.end) outside 0...\(scalars.count)")
                return
            }
            if document.surface(span) != String(String.UnicodeScalarView(scalars[span.start..<span.end])) {
                problems.append("\(what) surface does not round-trip")
            }
        }
        var previousEnd = 0
        for (index, token) in document.tokens.enumerated() {
            check(token.span, "token \(index)")
            if token.span.isEmpty || token.span.start < previousEnd { problems.append("token \(index) empty or out of order") }
            previousEnd = token.span.end
        }
        var next = 0
        for (index, sentence) in document.sentences.enumerated() {
            check(sentence.span, "sentence \(index)")
            if sentence.tokens.lowerBound != next { problems.append("sentence \(index) does not continue the partition") }
            next = sentence.tokens.upperBound
            if sentence.tokens.upperBound <= document.tokens.count {
                for position in sentence.tokens where !sentence.span.contains(document.tokens[position].span) {
                    problems.append("token \(position) outside sentence \(index)")
                }
            }
            if sentence.section >= document.sections.count { problems.append("sentence \(index) section out of range") }
        }
        if next != document.tokens.count { problems.append("sentences cover \(next) of \(document.tokens.count) tokens") }
        for (index, section) in document.sections.enumerated() {
            check(section.span, "section \(index)")
            if let header = section.headerSpan { check(header, "section \(index) header") }
        }
        return problems
    }

    /// Inputs that have broken, or could break, text code.
    static let hostile: [String] = [
        "", " ", "\n\n\n", "\u{0}", "a\u{0}b pneumonia\u{0}.", "\u{FFFD}\u{FFFD}", "\u{301}", "e\u{301}\u{302}\u{303}",
        "👨‍👩‍👧‍👦 pneumonia 🫁.", "🇺🇸🇬🇧", "\u{202E}gnp", "\r\r\n\r", "HTN\u{2028}DM\u{2029}CHF\u{85}COPD",
        "ﬁbrosis Ⅻ ١٢٣", "İSTANBUL ß Σ", "\u{FEFF}HPI: cough", "\u{10FFFF}\u{E000}", "Dr. e.g. q.i.d. 1. 2) a)",
        String(decoding: [0x50, 0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xE2, 0x82, 0x2E], as: UTF8.self),
        Array(repeating: "no", count: 3000).joined(separator: " ") + " pneumonia.",
        String(repeating: "HPI:\nPlan:\n fever\n", count: 800),
        String(repeating: "Assessment: ", count: 500), String(repeating: ".", count: 20_000),
        String(repeating: "e\u{301}", count: 20_000), String(repeating: "1.", count: 10_000),
    ]

    @Test("hostile inputs keep every invariant", arguments: 0..<hostile.count)
    func hostileInput(_ index: Int) {
        #expect(Self.violations(Self.hostile[index]) == [])
    }

    @Test("seeded random mutations of clinical text keep every invariant", .timeLimit(.minutes(2)))
    func seededMutations() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let pieces = ["pneumonia", "no", "HPI:\n", "\n", ". ", "e\u{301}", "👨‍👩‍👧", "\u{0}", "Dr.", "1.", "\r\n", "s/p",
                      "Ménière", "\u{200D}", "CHF", ":", "(", "\u{FFFD}", "５", "\t", "Plan:", "haemorrhage"]
        for round in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<next(80) { bytes += Array(pieces[next(pieces.count)].utf8) + (next(2) == 0 ? [32] : []) }
            for _ in 0..<next(6) where !bytes.isEmpty {
                let position = next(bytes.count)
                switch next(3) {
                case 0: bytes[position] ^= UInt8(1 + next(255))
                case 1: bytes.insert(UInt8(next(256)), at: position)
                default: bytes.remove(at: position)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let problems = Self.violations(text)
            #expect(problems == [], "round \(round): \(text.debugDescription)")
            if !problems.isEmpty { return }
        }
    }
}
