import ClinicodeCore
@testable import ClinicodeTerminology
import Testing

/// The matcher's buffers kept per thread (`MatchScratch`, `MentionBuffer`,
/// the reused abbreviation matches) carry nothing from one note to the next,
/// and the mentions built after the sentences keep their text order.
@Suite("Match scratch")
struct MatchScratchTests {
    /// A note with more mentions than the mention buffer first holds (64),
    /// mixing terms read whole, terms with a 7th character, abbreviations and lists.
    static let long = Array(repeating: """
        Type 2 diabetes mellitus with hyperglycemia. Left femur fracture, initial encounter.
        History: HTN, COPD and CKD stage 3b. Essential hypertension. Pulmonary hypertension, fever.
        Appendicitis without perforation.
        """, count: 8).joined(separator: "\n")

    /// What the matcher found, field by field (`Mention.==` leaves the code ids out).
    static func found(_ document: Document) -> [String] {
        document.mentions.map { mention in
            "\(mention.span) \(mention.tokens) \(mention.sentence) \(mention.termID) \(mention.term) \(mention.codes) "
                + "\(mention.source) \((0..<3).map { mention.codeIDs[$0] })"
        }
    }

    /// A long note, a short one, an empty one and the long one again: the same mentions and hashes.
    @Test func notesMatchedInTurnFindWhatTheyFindAlone() {
        let first = TerminologyFixture.annotate(Self.long)
        #expect(first.mentions.count > 64)
        let short = TerminologyFixture.annotate("Essential hypertension.")
        #expect(short.mentions.count == 1)
        #expect(TerminologyFixture.annotate("").mentions.isEmpty)
        let again = TerminologyFixture.annotate(Self.long)
        #expect(Self.found(again) == Self.found(first))
        #expect(again.wordHashes == first.wordHashes)
        #expect(Self.found(TerminologyFixture.annotate("Essential hypertension.")) == Self.found(short))
    }

    /// Mentions stay in text order whether they were built at their sentence or after the last one.
    @Test func mentionsStayInTextOrder() {
        let mentions = TerminologyFixture.annotate(Self.long).mentions
        for (before, after) in zip(mentions, mentions.dropFirst()) {
            #expect((before.span.start, before.span.end) <= (after.span.start, after.span.end))
        }
        #expect(mentions.contains { $0.codes.contains(TerminologyFixture.icd("S72.92XA")) })
        #expect(mentions.contains { $0.source == .abbreviation })
    }

    /// Mentions moved out of the buffer are the caller's alone; the buffer starts empty again.
    @Test func mentionBufferHandsOverItsMentions() {
        var buffer = MentionBuffer()
        let mention = Mention(span: TextSpan(start: 0, end: 4), tokens: 0..<1, sentence: 0, termID: 1, term: "a term longer than fifteen bytes",
                              codes: [TerminologyFixture.icd("I10")])
        for _ in 0..<100 { buffer.append(mention) }
        let later = buffer.appendLater()
        buffer.slot(later).initialize(to: mention)
        let taken = buffer.take()
        #expect(taken.count == 101 && buffer.count == 0)
        #expect(taken.allSatisfy { $0 == mention })
        #expect(buffer.take().isEmpty)
        buffer.append(mention)
        buffer.free()
        #expect(buffer.count == 0)
    }

    /// A stretch whose words outgrow the occurrence buffer part-way (each
    /// compound gives several ids, each abbreviation its expansion) keeps
    /// every token's words: each copy of a phrase gives what one copy alone gives.
    @Test func occurrencesOutgrowingTheirBufferAreAllKept() {
        let unit = "HTN tubulo-interstitial"
        let copies = 300
        func occurrences(_ text: String) -> [SentenceWords.Occurrence] {
            let document = TerminologyFixture.analyzer.analyze(id: "test", text: text)
            let words = SentenceWords(
                document, tokens: 0..<document.tokens.count, section: .none, terminology: TerminologyFixture.terminology)
            return words.withOccurrences { Array($0) }
        }
        let one = occurrences(unit)
        #expect(one.contains { $0.abbreviation })
        #expect(one.count > 3)
        let many = occurrences(Array(repeating: unit, count: copies).joined(separator: " "))
        #expect(many.count == one.count * copies)
        // Sorted by id, then token: each id of one copy once per copy.
        #expect(zip(many, many.dropFirst()).allSatisfy { ($0.id, $0.token) <= ($1.id, $1.token) })
        for id in Set(one.map(\.id)) {
            #expect(many.filter { $0.id == id }.count == one.filter { $0.id == id }.count * copies)
        }
        #expect(many.filter(\.abbreviation).count == one.filter(\.abbreviation).count * copies)
    }
}
