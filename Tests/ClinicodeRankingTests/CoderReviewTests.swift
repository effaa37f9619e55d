import ClinicodeRanking
import Testing

/// Errors a certified coder finds in US-style notes, each as a kind of
/// wording: fracture characters, "with"/"without" and "not" in code titles,
/// situations a loose match must not invent, and the coding rules and index
/// entries of `Lexicons/`. The sentences were written for these tests.
@Suite struct CoderReviewTests {
    let fixture = RankingFixture.shared

    // MARK: fractures and their 7th character

    /// A fracture not said to be open is closed (Guidelines I.C.19.c.1):
    /// "(Smith type)" names no open fracture "type I or II".
    @Test func aFractureTypeWordDoesNotMakeItOpen() {
        let closed = fixture.rank("Imaging: Fracture of the left distal radius (Smith type).").codes
        #expect(closed.first?.hasSuffix("A") == true)
        #expect(!closed.contains { $0.hasPrefix("S52.") && $0.hasSuffix("B") })
        let open = fixture.rank("Imaging: Open fracture of the left distal radius.").codes
        #expect(open.first == "S52.502B")
    }

    /// A term that names its injury code with the initial encounter ("right
    /// ankle sprain", S93.401A) takes the note's subsequent-encounter words.
    @Test func aNamedInjuryCodeTakesTheNotesEncounter() {
        let result = fixture.rank("HPI: Seen for follow-up of a right ankle sprain, healing well.")
        #expect(result.codes.first == "S93.401D")
    }

    /// An injury "sustained 3 weeks ago" in a follow-up note is the
    /// fracture still in care, not a healed fracture's history (Z87.81).
    @Test func anInjuryInFollowUpCareIsNoPersonalHistory() {
        let result = fixture.rank("HPI: Returns for follow-up of a left distal radius fracture sustained 3 weeks ago.")
        #expect(result.codes.first == "S52.502D")
        #expect(!result.codes.contains("Z87.81"))
    }

    /// The displaced code is only the default: a note that calls the
    /// fracture nondisplaced (and never displaced) gets the nondisplaced code.
    @Test func aNondisplacedFractureKeepsItsWord() {
        let result = fixture.rank("HPI: Right lateral malleolus fracture.\nImaging: Nondisplaced fracture of the right lateral malleolus.")
        #expect(result.codes.first == "S82.64XA")
        #expect(!result.codes.contains("S82.61XA"))
        #expect(fixture.rank("Assessment: Right lateral malleolus fracture.").codes.first == "S82.61XA")
    }

    // MARK: "with", "without" and "not" in code titles

    /// "Not intractable" is no intractable migraine, whatever the matcher skips.
    @Test func notIntractableIsNotIntractable() {
        let result = fixture.rank("Assessment: Migraine with aura, not intractable.")
        #expect(result.codes.first == "G43.109")
        #expect(!result.codes.contains { ["G43.119", "G43.019", "G43.E19"].contains($0) })
        #expect(fixture.rank("Assessment: Intractable migraine without aura.").codes.first == "G43.019")
    }

    /// The sentence names the finding a "without" code denies: the "with"
    /// sibling is the code (K70.11), and a denial keeps the "without" one.
    @Test func aNamedFindingChoosesTheWithSibling() {
        #expect(fixture.rank("Assessment: Alcoholic hepatitis with ascites.").codes.first == "K70.11")
        let denied = fixture.rank("Assessment: Alcoholic hepatitis, no ascites.").codes
        #expect(denied.first == "K70.10")
        #expect(!denied.contains("K70.11"))
        #expect(fixture.rank("Assessment: GERD without esophagitis.").codes.first == "K21.9")
    }

    /// A denial earlier in the finding's clause still denies it: the varices
    /// stay "without bleeding".
    @Test func aDenialEarlierInTheClauseKeepsTheWithoutCode() {
        let result = fixture.rank("EGD: Esophageal varices without stigmata of recent bleeding.")
        #expect(result.codes.first == "I85.00")
        #expect(!result.codes.contains("I85.01"))
    }

    /// A synonym naming the residual deficits the note denies is no reading of it.
    @Test func aStrokeWithoutResidualDeficitsIsHistory() {
        let result = fixture.rank("Assessment: History of stroke without residual deficits.")
        #expect(result.codes.first == "Z86.73")
        #expect(!result.suggests(prefix: "I69"))
    }

    // MARK: situations loose matches must not invent

    /// A current infection shares its words with the pregnancy and history
    /// codes of the same infection; their situation must be named.
    @Test func looseMatchesNeedTheirSituationWord() {
        let result = fixture.rank("Assessment: Urinary tract infection due to E. coli.")
        #expect(result.codes.contains("N39.0"))
        #expect(!result.suggests(prefix: "O23"))
        #expect(!result.codes.contains("Z87.440"))
    }

    /// "Likely" and "versus" doubt their own clause, not the finding stated before a comma.
    @Test func aDoubtAfterACommaLeavesTheStatedFinding() {
        let result = fixture.rank("Assessment: Upper GI bleed, likely peptic ulcer versus varices.")
        #expect(result.codes.first == "K92.2")
        #expect(result.excludes(prefix: "K27", reason: .uncertain))
        #expect(fixture.rank("Assessment: Pneumonia likely.").reason("J18.9") == .uncertain)
    }

    // MARK: coding rules and index entries (Lexicons/)

    /// A stone with hydronephrosis is N13.2 (N20 Excludes1); ascites with alcoholic cirrhosis is K70.31.
    @Test func combinationCodesOfStonesAndCirrhosis() {
        let stone = fixture.rank("Assessment: Left ureteral stone with hydronephrosis.")
        #expect(stone.codes.first == "N13.2")
        #expect(!stone.codes.contains("N20.1"))
        // The titles' "calculous" is the note's calculus or stone.
        #expect(fixture.rank("CT: Obstructing right ureteral calculus with hydronephrosis.").codes.first == "N13.2")
        let cirrhosis = fixture.rank("Assessment: Alcoholic cirrhosis. Ascites on exam.")
        #expect(cirrhosis.codes.first == "K70.31")
        #expect(!cirrhosis.suggests(prefix: "R18"))
    }

    /// Pain at a fracture and the redness and swelling of cellulitis rank below them.
    @Test func signsOfTheDiagnosisRankBelowIt() {
        let fracture = fixture.rank("HPI: Left wrist pain after a fall.\nAssessment: Left distal radius fracture.").codes
        #expect(fracture.firstIndex(of: "S52.502A") ?? 99 < fracture.firstIndex(of: "M25.532") ?? 99)
        let cellulitis = fixture.rank("Exam: Erythema of the right lower leg.\nAssessment: Cellulitis of right lower leg.").codes
        #expect(cellulitis.first == "L03.115")
        #expect(cellulitis.firstIndex(of: "L03.115") ?? 99 < cellulitis.firstIndex(of: "L53.9") ?? 99)
    }

    /// "Strain urine" is an instruction and "callus formation" bone healing.
    @Test func instructionsAndHealingAreNoConditions() {
        #expect(fixture.rank("Plan: Flomax, strain urine.").reason("T14.8XXA") == .negated)
        let healing = fixture.rank("Imaging: Healing fracture of the right tibia with callus formation.")
        #expect(!healing.codes.contains("L84"))
        #expect(fixture.rank("Assessment: Callus on the left foot.").codes.contains("L84"))
    }

    /// Chronic conditions listed as past history are still present.
    @Test func chronicPastConditionsStayCoded() {
        let result = fixture.rank("PMH: Osteopenia. Esophageal varices.")
        #expect(result.codes.contains("M85.80"))
        #expect(result.codes.contains("I85.00"))
    }

    /// Index: Fall, due to ice or snow W00.0; from slipping, tripping W01.0; stairs W10.9.
    @Test func theKindOfFallIsItsExternalCause() {
        let ice = fixture.rank("HPI: She slipped on ice.\nAssessment: Left ankle sprain.")
        #expect(ice.codes.contains("W00.0XXA"))
        let trip = fixture.rank("HPI: Tripped and fell at home.\nAssessment: Right hip fracture.")
        #expect(trip.codes.contains("W01.0XXA"))
        #expect(!trip.codes.contains("W19.XXXA") || trip.codes.firstIndex(of: "W01.0XXA")! < trip.codes.firstIndex(of: "W19.XXXA")!)
    }

    /// Chemotherapy encounters, anemia due to chemotherapy and receptor status.
    @Test func oncologyOnActiveTreatment() {
        #expect(fixture.rank("HPI: Here for cycle 2 of chemotherapy for colon cancer.").codes.first == "Z51.11")
        #expect(fixture.rank("Assessment: Anemia secondary to chemotherapy.").codes.first == "D64.81")
        let status = fixture.rank("Assessment: Right breast cancer, ER/PR positive, HER2 negative.").codes
        #expect(status.contains("Z17.411"))
        #expect(status.contains("C50.911"))
        #expect(!status.contains { ["Z17.22", "Z17.410", "Z17.420"].contains($0) })
    }

    /// A breast cancer is coded for the female breast unless the note says male.
    @Test func breastCancerDefaultsToTheFemaleBreast() {
        #expect(fixture.rank("Assessment: Carcinoma of the upper outer quadrant of the left breast.").codes.first == "C50.412")
        #expect(fixture.rank("Assessment: Carcinoma of the upper outer quadrant of the left male breast.").codes.first == "C50.422")
    }

    /// An infection of unspecified site (B34.9, A49.9) ranks below the
    /// infection of the site the same words name: "viral upper respiratory
    /// infection" is J06.9, not a viral infection of no stated site.
    @Test func aNamedSiteOutranksAnUnsitedInfection() {
        let uri = fixture.rank("Assessment: Viral upper respiratory infection.").codes
        #expect(uri.first == "J06.9")
        #expect(uri.firstIndex(of: "J06.9") ?? 99 < uri.firstIndex(of: "B34.9") ?? 99)
        #expect(fixture.rank("Assessment: Viral infection.").codes.first == "B34.9")
    }

    // MARK: defaults, combinations and sides (a second review)

    /// A category split only by "with coma" / "without coma" codes the finding
    /// the note does not name as absent (E10.10), and a comma ends a "without"
    /// clause: "without coma, type 1 diabetes" denies no diabetes.
    @Test func ketoacidosisWithoutComaIsTheDefault() {
        #expect(fixture.rank("Assessment: Type 1 diabetes mellitus with ketoacidosis.").codes.first == "E10.10")
        #expect(fixture.rank("Assessment: Diabetic ketoacidosis without coma, type 1 diabetes.").codes.first == "E10.10")
        #expect(fixture.rank("Assessment: Type 1 diabetes mellitus with ketoacidosis and coma.").codes.first == "E10.11")
    }

    /// A "without" list goes on past its commas, and a code "with" a finding the
    /// sentence never names is no loose match.
    @Test func withoutListsAndUnnamedFindings() {
        let listed = fixture.rank("Assessment: Acute appendicitis without perforation, abscess or gangrene.").codes
        #expect(!listed.contains { ["K35.891", "K35.32", "K35.31"].contains($0) })
        let plain = fixture.rank("Assessment: Acute appendicitis without perforation.").codes
        #expect(plain.first == "K35.80")
        #expect(!plain.contains("K35.891"))
    }

    /// ST depression is an ECG finding, not a depressive disorder.
    @Test func stDepressionIsAnEcgFinding() {
        let result = fixture.rank("ECG: ST depression in the lateral leads.")
        #expect(result.codes.first == "R94.31")
        #expect(!result.suggests(prefix: "F32"))
    }

    /// Diabetes with hyperglycemia or hypoglycemia is one code (R73 Excludes1), and a
    /// lumbar disc herniation with radiculopathy or sciatica is M51.16 (M54.1 Excludes1).
    @Test func combinationCodesOfDiabetesAndDiscs() {
        let diabetes = fixture.rank("Assessment: Type 2 diabetes mellitus, on long-term insulin, with hyperglycemia.").codes
        #expect(diabetes.first == "E11.65")
        #expect(!diabetes.contains("R73.9"))
        #expect(diabetes.contains("Z79.4"))
        #expect(fixture.rank("Assessment: Type 2 diabetes with hypoglycemia.").codes.first == "E11.649")
        let disc = fixture.rank("Assessment: Lumbar disc herniation with radiculopathy.").codes
        #expect(disc.first == "M51.16")
        #expect(!disc.contains("M54.16"))
        #expect(fixture.rank("Assessment: Lumbar disc herniation. Left-sided sciatica.").codes.first == "M51.16")
    }

    /// Both knees are the bilateral code, whatever unilateral code the words matched.
    @Test func bothSidesTakeTheBilateralTwin() {
        #expect(fixture.rank("Assessment: Primary osteoarthritis of both knees.").codes.first == "M17.0")
        #expect(fixture.rank("Assessment: Osteoarthritis of both hips.").codes.first == "M16.0")
        #expect(fixture.rank("Assessment: Bilateral inguinal hernia.").codes.first == "K40.20")
        #expect(fixture.rank("Assessment: Primary osteoarthritis of the right knee.").codes.first == "M17.11")
    }

    /// A "without" code beside its "with" twin the note names is covered by it.
    @Test func septicShockCoversSevereSepsisWithoutShock() {
        let result = fixture.rank("HPI: Admitted with severe sepsis.\nAssessment: Septic shock due to pneumonia.")
        #expect(result.codes.contains("R65.21"))
        #expect(!result.codes.contains("R65.20"))
        #expect(fixture.rank("Assessment: Severe sepsis.").codes.first == "R65.20")
    }

    /// A term whose words all belong to longer terms on either side of it is no
    /// reading: "urinary tract infection with acute kidney injury" names no kidney infection.
    @Test func wordsOfTwoTermsMakeNoThird() {
        let result = fixture.rank("Assessment: Urinary tract infection with acute kidney injury.").codes
        #expect(result.contains("N39.0"))
        #expect(result.contains("N17.9"))
        #expect(!result.contains("N10"))
        #expect(fixture.rank("Assessment: Kidney infection.").codes.first == "N10")
    }

    /// A stroke, a kidney stone and hemiplegia are named outright by their terms:
    /// their superseded rules lower them only beside the sequela or combination code.
    @Test func namedConditionsKeepTheirStrength() {
        #expect(fixture.rank("Assessment: Acute ischemic stroke.").suggestions.first?.score ?? 0 > 0.7)
        #expect(fixture.rank("Assessment: Kidney stone.").suggestions.first?.score ?? 0 > 0.7)
        #expect(fixture.rank("Assessment: Tumor.").suggestions.first?.score ?? 1 < 0.5)
    }

    /// What a "without" clause denies leads no specificity walk: preeclampsia
    /// without severe features in the third trimester is O14.03, not O14.13.
    @Test func deniedWordsChooseNoChild() {
        let mild = fixture.rank("Assessment: Preeclampsia without severe features, third trimester.").codes
        #expect(mild.first == "O14.03")
        #expect(!mild.contains { $0.hasPrefix("O14.1") })
        #expect(fixture.rank("Assessment: Preeclampsia with severe features, third trimester.").codes.first == "O14.13")
    }

    /// A child's "without" clause the note does not name is no miss: "severe"
    /// alone is the severe episode without psychotic features (F32.2), and the
    /// "with" twin still needs its finding.
    @Test func anUnnamedWithoutClauseIsNoMiss() {
        #expect(fixture.rank("Assessment: Major depressive disorder, single episode, severe.").codes.first == "F32.2")
        #expect(fixture.rank("Assessment: Major depressive disorder, single episode, severe with psychotic features.").codes.first == "F32.3")
        #expect(fixture.rank("Assessment: Acute suppurative otitis media, right ear.").codes.first == "H66.001")
    }

    /// Hypertensive heart and kidney disease with heart failure is I13.0: the
    /// "without heart failure" code the words first reach is contradicted, even
    /// where the "with" code's title goes on differently (I13.10 → I13.0).
    @Test func heartFailureChoosesTheWithCombination() {
        let result = fixture.rank("Assessment: Hypertensive heart and chronic kidney disease with heart failure, CKD stage 4.").codes
        #expect(result.contains("I13.0"))
        #expect(result.contains("N18.4"))
        #expect(!result.contains("I13.10"))
        #expect(!result.contains("I51.9"))
    }

    /// Residual hemiparesis from a past stroke is its sequela (I69.35-), not a
    /// stroke history "without residual deficits".
    @Test func residualHemiparesisIsASequela() {
        let result = fixture.rank("Assessment: Residual left hemiparesis from prior stroke.").codes
        #expect(result.first == "I69.354")
        #expect(!result.contains("Z86.73") || result.firstIndex(of: "Z86.73")! > result.firstIndex(of: "I69.354")!)
    }

    /// Lymph node metastases by region are C77's regional codes, whose titles
    /// join regions with "and" ("axilla and upper limb"); a region-less one is C77.9.
    @Test func lymphNodeMetastasesByRegion() {
        #expect(fixture.rank("Assessment: Metastases to the left axillary lymph nodes.").codes.first == "C77.3")
        #expect(fixture.rank("Assessment: Secondary malignant neoplasm of axillary lymph nodes.").codes.first == "C77.3")
        #expect(fixture.rank("Assessment: Mediastinal lymph node metastases.").codes.first == "C77.1")
        #expect(fixture.rank("Assessment: Lymph node metastases.").codes.first == "C77.9")
    }

    /// No term reads across "without": "appendicitis without perforation" is no
    /// "appendicitis with perforation", and a sentence's "without exacerbation"
    /// leads no walk from COPD to the exacerbation code.
    @Test func noTermReadsAcrossWithout() {
        let appendicitis = fixture.rank("Assessment: Appendicitis without perforation.").codes
        #expect(appendicitis.first?.hasPrefix("K35.8") == true || appendicitis.first == "K37")
        #expect(!appendicitis.contains { ["K35.32", "K35.31", "K35.33"].contains($0) })
        let copd = fixture.rank("Assessment: COPD, moderate, stable without exacerbation.").codes
        #expect(copd.first == "J44.9")
        #expect(!copd.contains("J44.1"))
        #expect(fixture.rank("Assessment: COPD exacerbation.").codes.first == "J44.1")
    }

    /// A doubt between a term's words makes the term uncertain: "headache, likely
    /// tension type" is no established tension-type headache in the office.
    @Test func aDoubtInsideATermIsADoubt() {
        let result = fixture.rank("Assessment: Headache, likely tension type.")
        #expect(!result.suggests(prefix: "G44.2"))
        #expect(fixture.rank("Assessment: Pneumonia, possibly aspiration.").codes.contains("J69.0") == false)
        #expect(fixture.rank("Assessment: Child physical abuse, suspected.").codes.first == "T76.12XA")
    }

    /// "Not specified" is the classification's unspecified too: weeks of gestation
    /// the note does not give are Z3A.00, never a week it did not state.
    @Test func notSpecifiedIsTheDefault() {
        let weeks = fixture.rank("HPI: Pregnancy at 32 weeks gestation.").codes
        #expect(weeks.contains("Z3A.32"))
        #expect(!weeks.contains("Z3A.09"))
        #expect(fixture.rank("Assessment: Pregnancy, weeks of gestation unknown.").codes.contains("Z3A.00"))
    }
}
