import ClinicodeCore
import ClinicodeText
import ClinicodeTerminology
import ClinicodeContext
import ClinicodeRanking
import Testing

/// Assertion-driven coding rules, through the real text, matcher and context stages.
@Suite struct AssertionRuleTests {
    let fixture = RankingFixture.shared

    @Test func negatedConditionIsExcludedNotCoded() {
        let result = fixture.rank("Assessment: The patient denies chest pain. No pneumonia.")
        #expect(!result.suggests(prefix: "J18"))
        #expect(!result.suggests(prefix: "R07"))
        #expect(result.excludes(prefix: "J18", reason: .negated))
        let evidence = result.excluded.first { $0.code.code.hasPrefix("J18") }?.evidence.first
        #expect(evidence?.assertion == "negated")
    }

    @Test func affirmedConditionIsCodedWithEvidence() throws {
        let text = "Assessment: Community acquired pneumonia."
        let result = fixture.rank(text)
        let suggestion = try #require(result.suggestions.first { $0.code.code.hasPrefix("J18") })
        #expect(suggestion.billable)
        let evidence = try #require(suggestion.evidence.first)
        #expect(evidence.text.lowercased().contains("pneumonia"))
        #expect(evidence.assertion == "affirmed")
        #expect(suggestion.score > 0 && suggestion.score <= 1)
    }

    @Test func familyHistoryGivesFamilyHistoryCodeNeverTheDisease() {
        let result = fixture.rank("Family history: Her mother had breast cancer.")
        #expect(result.codes.contains("Z80.3"))
        #expect(!result.suggests(prefix: "C50"))
    }

    /// In the family history section a relative's condition is the section's
    /// point: its family-history code passes the engine's own cut-off (no
    /// `top`), and "MI" beside a relative is a myocardial infarction.
    @Test func familyHistorySectionCodesPassTheDefaultCutOff() {
        let result = fixture.rank("FAMILY HISTORY: Mother with breast cancer. Father had MI at 60.", top: nil)
        #expect(result.codes.contains("Z80.3"))
        #expect(result.codes.contains("Z82.49"))
        #expect(!result.suggests(prefix: "C50"))
        #expect(!result.suggests(prefix: "I21"))
    }

    /// A case report's one-line "Family history: ..." heads only its line:
    /// the examination written on the next lines is the patient's own.
    @Test func aFamilyHistoryLineDoesNotMakeTheRestOfTheNoteFamily() {
        let result = fixture.rank(
            "A 59-year-old man complained of weakness.\nFamily history: maternal aunt with breast cancer.\n"
                + "On examination he had a left pleural effusion.\nChest radiography confirmed the pleural effusion.", top: nil)
        #expect(result.codes.contains("Z80.3"))
        #expect(result.suggests(prefix: "J90") || result.suggests(prefix: "J91"))
        #expect(!result.excludes(prefix: "J90", reason: .family))
        // A family history heading alone on its line still covers the lines under it.
        let listed = fixture.rank("FAMILY HISTORY:\nMaternal aunt with breast cancer.\nBrother with a pleural effusion.", top: nil)
        #expect(!listed.suggests(prefix: "J90"))
    }

    @Test func familyDiabetesMapsToZ833() {
        let result = fixture.rank("Family history: Father with diabetes mellitus.")
        #expect(result.codes.contains("Z83.3"))
        #expect(!result.suggests(prefix: "E11"))
        #expect(result.excludes(prefix: "E11", reason: .family))
    }

    @Test func resolvedPersonalHistoryGivesZ85() {
        let result = fixture.rank("Past medical history: history of breast cancer, status post mastectomy, in remission.")
        #expect(result.codes.contains("Z85.3"))
        #expect(!result.suggests(prefix: "C50"))
    }

    /// Status codes say the past themselves (Guidelines I.C.21.c.3): "s/p CABG"
    /// is Z95.1, not a resolved condition left out; a family member's status is not the patient's.
    @Test func historicalStatusIsCodedAsTheStatusCode() {
        let result = fixture.rank("Past medical history: s/p CABG, s/p kidney transplant. Assessment: Hypertension.")
        #expect(result.codes.contains("Z95.1"))
        #expect(result.codes.contains("Z94.0"))
        #expect(!result.excludes(prefix: "Z95", reason: .historical))
        let family = fixture.rank("Family history: Her brother had a kidney transplant.")
        #expect(!family.suggests(prefix: "Z94"))
    }

    /// A cancer diagnosed last year is a current cancer, not a history of one;
    /// a cancer whose treatment is over is history.
    @Test func aRecentDiagnosisIsNoHistory() {
        let recent = fixture.rank("Assessment: Lung cancer diagnosed last year.")
        #expect(recent.codes.first == "C34.90")
        #expect(!recent.suggests(prefix: "Z85"))
        let treated = fixture.rank("HPI: She was diagnosed with breast cancer in 2019 and completed chemotherapy.")
        #expect(treated.codes.first == "Z85.3")
    }

    @Test func uncertainDiagnosisDependsOnSetting() {
        let text = "Impression: Possible pneumonia."
        let outpatient = fixture.rank(text, setting: .outpatient)
        #expect(!outpatient.suggests(prefix: "J18"))
        #expect(outpatient.excludes(prefix: "J18", reason: .uncertain))
        let inpatient = fixture.rank(text, setting: .inpatient)
        #expect(inpatient.suggests(prefix: "J18"))
    }

    @Test func hypotheticalConditionIsNeverCoded() {
        let result = fixture.rank("Plan: Return if chest pain develops.", setting: .inpatient)
        #expect(!result.suggests(prefix: "R07"))
        #expect(result.excludes(prefix: "R07", reason: .hypothetical))
    }
}
