import ClinicodeRanking
import Testing

/// Codes whose titles name values (weeks of gestation, BMI) are chosen by
/// the number stated with the measure, not by another number of the
/// sentence. The sentences were written for these tests.
@Suite struct StatedValueTests {
    let fixture = RankingFixture.shared

    /// The week count stands before its words; the age is no week count.
    @Test func theWeeksBeforeGestationChooseTheCode() {
        let result = fixture.rank("HPI: 28 year old G2P1 at 32 weeks gestation presents with headache.")
        #expect(result.codes.contains("Z3A.32"))
        #expect(!result.suggests(prefix: "Z3A.2"))
        #expect(!result.codes.contains("Z3A.00"))
    }

    /// "Less than 8 weeks" and "less than 10 weeks" are ranges too.
    @Test func earlyWeeksFindTheirCodes() {
        let eight = fixture.rank("Assessment: 35 year old at 8 weeks gestation.").codes
        #expect(eight.contains("Z3A.08"))
        #expect(!eight.contains("Z3A.35"))
        let six = fixture.rank("Assessment: 30 yo at 6 weeks gestation.").codes
        #expect(six.contains("Z3A.01"))
        #expect(!six.contains("Z3A.30"))
    }

    @Test func theBMIStatedAfterItsWordsStillChooses() {
        #expect(fixture.rank("Assessment: Obesity, BMI 32.4.").codes.contains("Z68.32"))
    }
}
