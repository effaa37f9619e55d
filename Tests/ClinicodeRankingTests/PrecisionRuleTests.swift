import ClinicodeCore
import ClinicodeRanking
import Testing

/// Precision rules: residual "other" codes, drug-use cues, specific siblings
/// over vague ones, and lettered stages.
@Suite struct PrecisionRuleTests {
    let fixture = RankingFixture.shared

    @Test func plainHyperlipidemiaIsTheUnspecifiedCodeNotOther() {
        let result = fixture.rank("Assessment: Hyperlipidemia.")
        #expect(result.codes.contains("E78.5"))
        #expect(!result.codes.contains("E78.49"))
        #expect(!result.suggestions.contains { $0.rationale.contains { $0.contains("supports E78.49") } })
    }

    @Test func avoidedDrugIsNotLongTermUse() {
        let avoided = fixture.rank("Plan: Avoid NSAIDs given kidney function.")
        #expect(!avoided.suggests(prefix: "Z79"))
        let allergic = fixture.rank("Plan: Patient is allergic to aspirin.")
        #expect(!allergic.suggests(prefix: "Z79"))
    }

    @Test func aDrugGivenOnceIsNotLongTermUse() {
        let once = fixture.rank("In the ED he received aspirin 325 mg and a single dose of insulin.")
        #expect(!once.suggests(prefix: "Z79"))
        // "Once daily" is a regimen, not a single dose.
        let daily = fixture.rank("Medications: aspirin 81 mg once daily.")
        #expect(daily.codes.contains("Z79.82"))
    }

    @Test func aShortSteroidCourseIsNotLongTermUse() {
        let burst = fixture.rank("Plan: prednisone burst for the asthma exacerbation.")
        #expect(!burst.suggests(prefix: "Z79"))
        let taper = fixture.rank("Discharged on a prednisone taper.")
        #expect(!taper.suggests(prefix: "Z79"))
        let chronic = fixture.rank("Medications: prednisone 5 mg daily for polymyalgia rheumatica.")
        #expect(chronic.codes.contains("Z79.52"))
    }

    /// "was given" is one dose; "given" alone may mean "because of".
    @Test func aDoseGivenIsNotLongTermUse() {
        let dose = fixture.rank("Plan: Prednisone was given for the asthma exacerbation.")
        #expect(!dose.suggests(prefix: "Z79"))
        for text in ["Prednisone given for asthma exacerbation.", "Methylprednisolone given in the ED for COPD exacerbation."] {
            #expect(!fixture.rank(text).suggests(prefix: "Z79"), "\(text)")
        }
        let reason = fixture.rank("Continue aspirin given his CAD.")
        #expect(reason.codes.contains("Z79.82"))
    }

    @Test func aCodeOfUnspecifiedSiteRanksLowEvenAlone() throws {
        let result = fixture.rank("Assessment: Tumor. Essential hypertension.")
        let tumor = try #require(result.suggestions.first { $0.code.code == "D49.9" })
        let hypertension = try #require(result.suggestions.first { $0.code.code == "I10" })
        #expect(tumor.score < hypertension.score * 0.6)
        #expect(tumor.rationale.contains { $0.contains("unspecified site") })
        // With the site in the sentence the sited code leads.
        let sited = fixture.rank("A 2 cm tumor was found in the left kidney.")
        #expect(sited.codes.first == "D49.512")
    }

    @Test func withoutComplicationsSiblingIsExcludedBySpecificCode() {
        let result = fixture.rank(
            "Assessment: Type 2 diabetes mellitus without complications. Type 2 diabetes mellitus with diabetic chronic kidney disease.")
        #expect(result.codes.contains("E11.22"))
        #expect(!result.codes.contains("E11.9"))
        #expect(result.reason("E11.9") == .combinationCode || result.reason("E11.9") == .excludes1)
        if let specific = result.codes.firstIndex(of: "E11.22"), let other = result.codes.firstIndex(of: "E11.29") {
            #expect(specific < other)
        }
    }

    /// C34.90 lies under the unspecified C34.9: the category's vague branch,
    /// which the specific C34.11 covers although they have different parents.
    @Test func unspecifiedBranchIsCoveredByASpecificCodeOfTheCategory() {
        let result = fixture.rank(
            "HPI: Presents with lung cancer. Assessment: Adenocarcinoma of the right upper lobe of the lung.")
        #expect(result.codes.first == "C34.11")
        #expect(!result.codes.contains("C34.90"))
        #expect(result.reason("C34.90") == .combinationCode)
        // Alone, the unspecified code is the answer.
        #expect(fixture.rank("HPI: Presents with lung cancer.").codes.first == "C34.90")
    }

    /// I48.19 (Other persistent atrial fibrillation) is the code the note's
    /// "persistent" names: it covers the unspecified I48.91 of a bare mention.
    @Test func anOtherCodeTheNoteNamesCoversTheUnspecifiedOne() {
        let result = fixture.rank("PMH: atrial fibrillation. Assessment: Persistent atrial fibrillation.")
        #expect(result.codes.contains("I48.19"))
        #expect(!result.codes.contains("I48.91"))
    }

    @Test func letteredStageSelectsItsCode() {
        let result = fixture.rank("Assessment: Chronic kidney disease stage 3a.")
        #expect(result.codes.contains("N18.31"))
        #expect(!result.codes.contains("N18.30"))
        let b = fixture.rank("Assessment: CKD stage 3b.")
        #expect(b.codes.contains("N18.32"))
    }

    /// A vaccine named for an infection is not the infection, and
    /// "immunizations up to date" is a status, not an immunization encounter.
    @Test func vaccinesAreNotTheirInfections() {
        let given = fixture.rank("Plan: Influenza vaccine given today. Hepatitis B series completed.").codes
        #expect(given.contains("Z23"))
        #expect(!given.contains { $0.hasPrefix("J1") || $0.hasPrefix("B1") })
        #expect(!fixture.rank("HPI: Immunizations up to date.").codes.contains("Z23"))
        #expect(fixture.rank("Assessment: Influenza.").codes.contains { $0.hasPrefix("J11") })
    }

    /// "Diet counseling" is dietary counseling (Z71.3), not counseling, unspecified.
    @Test func dietCounselingIsDietary() {
        #expect(fixture.rank("Plan: Prediabetes - diet counseling.").codes.contains("Z71.3"))
        #expect(!fixture.rank("Plan: Prediabetes - diet counseling.", top: nil).codes.contains("Z71.9"))
    }

    /// A 7th character for the eye defaults to "unspecified eye", not the
    /// first (right eye); the combination code covers E11.9, and codes that
    /// differ from it only in words the note does not say (severe, without
    /// macular edema) are not offered.
    @Test func aSilentNoteTakesTheUnspecifiedSeventhCharacter() {
        let shown = fixture.rank(
            "Assessment: Type 2 diabetes mellitus with mild nonproliferative diabetic retinopathy with macular edema.", top: nil).codes
        #expect(shown == ["E11.3219"])
        let left = fixture.rank(
            "Assessment: Type 2 diabetes mellitus with mild nonproliferative diabetic retinopathy with macular edema of the left eye.")
        #expect(left.codes.first == "E11.3212")
        #expect(fixture.rank("Assessment: Left distal radius fracture.").codes.first == "S52.502A")
    }

    /// A note that never writes "without" is no evidence against the
    /// "without rupture of ear drum" child: acute otitis media of the right
    /// ear is not the ruptured ear drum (H66.011).
    @Test func anUnwrittenWithoutIsNoEvidenceAgainstTheChild() {
        let codes = fixture.rank("Assessment: Acute suppurative otitis media, right ear.").codes
        #expect(codes.first == "H66.001")
        #expect(!codes.contains("H66.011"))
    }
}
