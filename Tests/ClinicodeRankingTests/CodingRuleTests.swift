import ClinicodeCore
import ClinicodeText
import ClinicodeTerminology
import ClinicodeContext
import ClinicodeRanking
import Testing

/// Note-level coding rules (specificity, combinations, Excludes1, integral
/// symptoms) through the real stages.
@Suite struct CodingRuleTests {
    let fixture = RankingFixture.shared

    @Test func nonBillableCategoryBecomesItsUnspecifiedBillableChild() throws {
        let result = fixture.rank("Assessment: Acute myocardial infarction.")
        let suggestion = try #require(result.suggestions.first { $0.code.code.hasPrefix("I21") })
        #expect(suggestion.code.code == "I21.9")
        #expect(suggestion.billable)
        #expect(suggestion.rationale.contains { $0.contains("not billable") })
        #expect(result.suggestions.allSatisfy { $0.billable })
    }

    @Test func sentenceWordsPickTheMostSpecificCodeIncludingSide() {
        let result = fixture.rank("Assessment: Adenocarcinoma of the right upper lobe of the lung.")
        #expect(result.codes.contains("C34.11"))
        let left = fixture.rank("Assessment: Adenocarcinoma of the left upper lobe of the lung.")
        #expect(left.codes.contains("C34.12"))
    }

    @Test func injuriesDefaultToTheInitialEncounter() {
        let result = fixture.rank("Diagnoses: Injury of the head.")
        let injuries = result.codes.filter { $0.hasPrefix("S") || $0.hasPrefix("T") }
        #expect(!injuries.isEmpty)
        #expect(injuries.allSatisfy { $0.hasSuffix("A") })
    }

    @Test func hypertensionWithKidneyDiseaseUsesTheCombinationCodeAndKeepsTheStage() {
        let result = fixture.rank("Assessment: Hypertension. Chronic kidney disease.")
        #expect(result.codes.contains("I12.9"))
        #expect(result.suggests(prefix: "N18"))
        #expect(!result.codes.contains("I10"))
        #expect(result.reason("I10") == .combinationCode)
    }

    @Test func hypertensionWithHeartFailureUsesI110() {
        let result = fixture.rank("Assessment: Hypertension. Heart failure.")
        #expect(result.codes.contains("I11.0"))
        #expect(!result.codes.contains("I10"))
    }

    /// Hypertensive heart disease (I11) or hypertensive CKD (I12) with the other
    /// condition is I13 (Guidelines I.C.9.a.3); the stage and the heart failure stay.
    @Test func hypertensiveHeartDiseaseWithKidneyDiseaseUsesI13() {
        let withFailure = fixture.rank("Assessment: Hypertensive heart disease with heart failure. Chronic kidney disease stage 3b.")
        #expect(withFailure.codes.contains("I13.0"))
        #expect(withFailure.codes.contains("N18.32"))
        #expect(!withFailure.codes.contains("I11.0"))
        let stageFive = fixture.rank("Assessment: Hypertensive heart disease without heart failure. CKD stage 5.")
        #expect(stageFive.codes.contains("I13.11"))
        #expect(stageFive.codes.contains("N18.5"))
        let kidney = fixture.rank("Assessment: Hypertensive chronic kidney disease, stage 4. Chronic systolic heart failure.")
        #expect(kidney.codes.contains("I13.0"))
        #expect(kidney.codes.contains("I50.22"))
        #expect(!kidney.codes.contains("I12.9"))
    }

    /// A title whose own "without" clause says what the note denies is no
    /// contradiction, though it shares a word ("heart") outside the clause.
    @Test func aTitleAgreeingWithTheDenialStands() {
        #expect(fixture.rank("Assessment: Hypertensive heart disease without heart failure.").codes.first == "I11.9")
    }

    @Test func diabetesWithKidneyDiseaseUsesE1122() {
        let result = fixture.rank("Assessment: Type 2 diabetes mellitus with chronic kidney disease.")
        #expect(result.codes.contains("E11.22"))
        #expect(!result.codes.contains("E11.9"))
    }

    /// Another diabetic complication with CKD keeps its code and adds E11.22
    /// (Guidelines I.A.15 and I.C.4.a: as many E11 codes as needed).
    @Test func diabetesWithHyperglycemiaAndKidneyDiseaseAddsE1122() {
        let result = fixture.rank("Assessment: Type 2 diabetes mellitus with hyperglycemia. Chronic kidney disease stage 3a.")
        #expect(result.codes.contains("E11.22"))
        #expect(result.codes.contains("E11.65"))
        #expect(result.codes.contains("N18.31"))
    }

    /// "Acute on chronic systolic heart failure" names I50.23; its siblings
    /// I50.21 and I50.22, which retrieval finds in the same words, stay below
    /// the default cut-off, with the sibling named.
    @Test func retrievedSiblingsFallBelowTheCodeTheWordingNames() {
        let text = "Assessment: Acute on chronic systolic heart failure."
        let listed = fixture.rank(text)
        #expect(listed.codes.first == "I50.23")
        for sibling in listed.suggestions where ["I50.21", "I50.22"].contains(sibling.code.code) {
            #expect(sibling.rationale.contains { $0.contains("sibling I50.23") })
        }
        let shown = fixture.rank(text, top: nil)
        #expect(shown.codes == ["I50.23"])
    }

    @Test func excludes1PairKeepsOnlyOne() {
        let result = fixture.rank("Assessment: Type 1 diabetes mellitus. Type 2 diabetes mellitus.")
        let type1 = result.suggests(prefix: "E10"), type2 = result.suggests(prefix: "E11")
        #expect(type1 != type2)
        #expect(result.excluded.contains { $0.reason == .excludes1 })
    }

    /// Guidelines I.B.5 as the spec reads it: an integral symptom ranks
    /// below its diagnosis (with a rationale), it is not dropped.
    @Test func symptomIntegralToDiagnosisRanksBelowIt() throws {
        let result = fixture.rank("Assessment: Acute myocardial infarction. Chest pain.")
        let diagnosis = try #require(result.codes.firstIndex { $0.hasPrefix("I21") })
        let symptom = try #require(result.codes.firstIndex { $0.hasPrefix("R07") })
        #expect(symptom > diagnosis)
        #expect(result.suggestions[symptom].score < result.suggestions[diagnosis].score)
        #expect(result.suggestions[symptom].rationale.contains { $0.contains("integral to I21") })
        #expect(!result.excludes(prefix: "R07", reason: .integralSymptom))

        let alone = fixture.rank("Assessment: Chest pain.")
        let first = try #require(alone.suggestions.first)
        #expect(first.code.code.hasPrefix("R07"))
        #expect(!first.rationale.contains { $0.contains("integral") })
    }

    /// Guidelines I.C.20: an external cause follows the injury it explains
    /// and is never coded alone.
    @Test func externalCauseRanksBelowItsInjury() throws {
        let result = fixture.rank("He fell from a ladder and fractured his right wrist.")
        let injury = try #require(result.codes.firstIndex { $0.hasPrefix("S62") })
        let cause = try #require(result.codes.firstIndex { $0.hasPrefix("W11") })
        #expect(cause > injury)
        #expect(result.suggestions[cause].rationale.contains { $0.contains("external cause of S62") })
    }

    @Test func externalCauseWithoutAnInjuryFallsBelowTheDefaultCutOff() {
        let text = "Patient reports increased physical activity. Hypertension."
        let listed = fixture.rank(text)
        #expect(listed.suggestions.filter { $0.code.code.hasPrefix("Y93") }.allSatisfy {
            $0.rationale.contains { $0.contains("no injury or complication") }
        })
        let shown = fixture.rank(text, top: nil)
        #expect(shown.codes.contains("I10"))
        #expect(!shown.codes.contains { $0.hasPrefix("Y9") })
    }

    @Test func dysuriaRanksBelowUrinaryTractInfection() throws {
        let result = fixture.rank("Assessment: Urinary tract infection with dysuria.")
        let infection = try #require(result.codes.firstIndex(of: "N39.0"))
        let dysuria = try #require(result.codes.firstIndex(of: "R30.0"))
        #expect(dysuria > infection)
        #expect(result.suggestions[dysuria].rationale.contains { $0.contains("integral to N39.0") })
    }

    @Test func feverRanksBelowThePneumoniaItIsPartOf() throws {
        let result = fixture.rank("Assessment: Fever. Community-acquired pneumonia.")
        let pneumonia = try #require(result.codes.firstIndex { $0.hasPrefix("J18") })
        let fever = try #require(result.codes.firstIndex(of: "R50.9"))
        #expect(fever > pneumonia)
    }
}
