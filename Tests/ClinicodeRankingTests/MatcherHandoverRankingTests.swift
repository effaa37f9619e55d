import ClinicodeCore
import ClinicodeRanking
import Testing

/// The ranker reads the code ids and word hashes the matcher leaves on a
/// note, and ranks the same without them or with ids that are wrong.
@Suite("Ranking from the matcher's handover")
struct MatcherHandoverRankingTests {
    let fixture = RankingFixture.shared

    static let text = """
        HPI: Presents for follow-up of a left distal radius fracture. Type 2 diabetes mellitus with hyperglycemia.
        Assessment: Left hemiparesis. Hypertension. Stage 3b chronic kidney disease. The patient is left-handed.
        """

    /// Suggestions, scores and exclusions of a note.
    func ranked(_ document: Document) -> NoteResult {
        fixture.ranker().rank(document, options: RankingOptions(setting: .outpatient, top: 30))
    }

    @Test func theHandoverChangesNoSuggestion() throws {
        let document = fixture.document(Self.text)
        #expect(document.wordHashes.count == document.tokens.count)
        #expect(document.mentions.contains { $0.codeIDs[0] != nil })
        let expected = ranked(document)
        #expect(expected.codes.contains("G81.92"))
        #expect(expected.codes.contains("S52.502D"))

        var bare = document
        bare.wordHashes = []
        for index in bare.mentions.indices { bare.mentions[index].codeIDs = Mention.CodeIDs() }
        #expect(ranked(bare) == expected)

        // Ids of other codes (as from another terminology, or codes changed since
        // matching) are checked against the codes and not used.
        var wrong = document
        for index in wrong.mentions.indices {
            wrong.mentions[index].codeIDs = Mention.CodeIDs([0, 1, 2].map { (wrong.mentions[index].codeIDs[$0] ?? 0) + 1 })
        }
        #expect(ranked(wrong) == expected)
        var outOfRange = document
        for index in outOfRange.mentions.indices { outOfRange.mentions[index].codeIDs = Mention.CodeIDs([Int(Int32.max)]) }
        #expect(ranked(outOfRange) == expected)
    }
}
