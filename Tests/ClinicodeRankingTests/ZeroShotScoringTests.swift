import ClinicodeCore
import ClinicodeRanking
import Testing

/// Zero-shot scoring and the vocabulary it leans on: codes named outright,
/// sequencing of supplementary codes, site-specific lymph node and tumor
/// wording, history labels.
@Suite struct ZeroShotScoringTests {
    let fixture = RankingFixture.shared

    private func score(_ code: String, in result: NoteResult) throws -> Double {
        try #require(result.suggestions.first { $0.code.code == code }).score
    }

    /// "Asthenia" is an inclusion term of R53.1 (Weakness): it names the code
    /// as surely as the title does, whatever the title's own words.
    @Test func inclusionTermScoresLikeTheTitle() throws {
        let inclusion = try score("R53.1", in: fixture.rank("Assessment: Asthenia."))
        let title = try score("R53.1", in: fixture.rank("Assessment: Weakness."))
        #expect(abs(inclusion - title) < 0.1)
    }

    /// External-cause codes are never first-listed (Guidelines I.C.20).
    @Test func externalCauseRanksBelowTheInjury() throws {
        let result = fixture.rank("Assessment: Fracture of the right distal radius after a fall from a ladder.")
        let injury = try #require(result.codes.firstIndex { $0.hasPrefix("S52") })
        let cause = try #require(result.codes.firstIndex { $0.hasPrefix("W") })
        #expect(cause > injury)
    }

    /// Index: Adenopathy (lymph gland), by site -> R59.0 (localized).
    @Test func siteNamedLymphadenopathyIsLocalized() {
        #expect(fixture.rank("Assessment: Cervical lymphadenopathy.").codes.first == "R59.0")
        #expect(fixture.rank("Assessment: Retroperitoneal adenopathies.").codes.first == "R59.0")
        #expect(fixture.rank("Assessment: Generalized lymphadenopathy.").codes.first == "R59.1")
    }

    /// Index: Tumor -> Neoplasm, unspecified behavior, by site (with the side).
    @Test func tumorOfANamedOrganIsCodedBySite() {
        #expect(fixture.rank("Assessment: Left renal tumor.").codes.first == "D49.512")
        #expect(fixture.rank("Assessment: Bladder tumor.").codes.first == "D49.4")
    }

    /// "Personal history" is a label, not a condition: a residual history
    /// code it reaches ranks far below the condition named with it.
    @Test func historyLabelAloneRanksLow() throws {
        let result = fixture.rank("His personal history included type 2 diabetes mellitus.")
        let diabetes = try score("E11.9", in: result)
        for suggestion in result.suggestions where suggestion.code.code.hasPrefix("Z87.8") {
            #expect(suggestion.score < diabetes * 0.5)
        }
        let residual = try #require(result.suggestions.first { $0.code.code == "Z87.898" })
        #expect(residual.rationale.contains { $0.contains("naming no condition") })
    }
}
