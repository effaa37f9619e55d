import ClinicodeRanking
import Testing

/// An etiology a manifestation's "code first" note names, said by the same
/// phrase, is suggested with the manifestation (Guidelines I.C.1.g.1 for
/// COVID-19). The sentences were written for these tests.
@Suite struct CodeFirstTests {
    let fixture = RankingFixture.shared

    /// The coder's default list (no `top`) holds both codes, scored alike.
    @Test func onePhraseNamesTheEtiologyAndTheManifestation() {
        let result = fixture.rank("Assessment: COVID-19 pneumonia.", top: nil)
        let scores = Dictionary(result.suggestions.map { ($0.code.code, $0.score) }, uniquingKeysWith: max)
        #expect(scores["J12.82"] != nil)
        #expect(scores["U07.1"] != nil)
        #expect((scores["U07.1"] ?? 0) >= (scores["J12.82"] ?? 1))
    }

    /// A "code first" list of conditions that may underlie a finding
    /// ("hypertensive chronic kidney disease" under every CKD stage) asserts none of them.
    @Test func aCodeFirstListAssertsNothing() {
        let result = fixture.rank("Assessment: Chronic kidney disease stage 3a.", top: nil)
        #expect(result.codes.first == "N18.31")
        #expect(!result.suggests(prefix: "I12"))
        #expect(!result.suggests(prefix: "I13"))
    }
}
