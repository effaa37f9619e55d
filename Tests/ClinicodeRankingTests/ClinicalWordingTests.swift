import ClinicodeCore
import ClinicodeRanking
import Testing

/// Clinical wordings the titles and inclusion terms lack (Alphabetic Index
/// entries, adjective forms, status wordings), and history phrases that end a
/// negation before them.
@Suite struct ClinicalWordingTests {
    let fixture = RankingFixture.shared

    /// Index: Lymphopenia D72.810; Sialorrhea K11.7; Hematuria, microscopic
    /// R31.29; Epididymo-orchitis N45.3 (however its two parts are ordered).
    @Test func indexSynonymsReachTheirCodes() {
        #expect(fixture.rank("Assessment: Lymphopenia.").codes.first == "D72.810")
        #expect(fixture.rank("Assessment: Sialorrhea.").codes.first == "K11.7")
        #expect(fixture.rank("Assessment: Microhematuria.").codes.first == "R31.29")
        #expect(fixture.rank("Assessment: Orchiepididymitis.").codes.first == "N45.3")
        #expect(fixture.rank("Assessment: Hypertensive nephrosclerosis.").codes.first == "I12.9")
    }

    /// Status wordings: a hysterectomized woman has no uterus (Z90.710), a
    /// patient who needs a wheelchair depends on it (Z99.3), chronic
    /// corticosteroid treatment is long-term steroid use (Z79.52).
    @Test func statusWordingsReachStatusCodes() {
        #expect(fixture.rank("She is hysterectomized.").codes.contains("Z90.710"))
        #expect(fixture.rank("He needs a wheelchair to get around.").codes.contains("Z99.3"))
        #expect(fixture.rank("Rheumatoid arthritis on chronic corticosteroid treatment.").codes.contains("Z79.52"))
    }

    /// The adjective of a sign is the sign: melenic stools are melena, a
    /// tachycardic patient has tachycardia.
    @Test func adjectivesOfSignsNameTheSign() {
        #expect(fixture.rank("He passed melenic stools.").codes.first == "K92.1")
        let result = fixture.rank("On arrival she was tachycardic and dyspneic.")
        #expect(result.codes.contains("R00.0"))
        #expect(result.suggests(prefix: "R06.0"))
    }

    /// "with a history of" (or "and a personal history of") after a denied
    /// thing starts the patient's own history: the negation ends there, the
    /// past cue stays.
    @Test func aHistoryAfterADeniedThingIsNotDenied() {
        let result = fixture.rank("A 70-year-old man, without known allergies, with a history of hypertension.")
        #expect(result.codes.contains("I10"))
        #expect(result.reason("I10") == nil)
        let gout = fixture.rank("No family history of note and a personal history of gout.")
        #expect(gout.suggests(prefix: "M10"))
        // The denial itself still holds, and "or personal history of" stays denied.
        let syncope = fixture.rank("She reported no family history of sudden death or personal history of syncope.")
        #expect(!syncope.codes.contains("R55"))
        let asthma = fixture.rank("No fever, with a history of asthma.")
        #expect(asthma.suggests(prefix: "J45"))
        #expect(asthma.reason("R50.9") == .negated)
    }

    /// Guidelines I.C.6.a: with the dominant side not documented, a left
    /// hemiparesis affects the non-dominant side and a right one the dominant.
    @Test func hemiparesisSideDefaultsToDominance() {
        #expect(fixture.rank("Assessment: Left hemiparesis.").codes.first == "G81.94")
        #expect(fixture.rank("Assessment: Right hemiplegia.").codes.first == "G81.91")
        #expect(fixture.rank("Assessment: Hemiparesis.").codes.first == "G81.90")
    }

    /// Roman stage numerals name the CKD stage as digits do.
    @Test func romanStageOfChronicKidneyDisease() {
        #expect(fixture.rank("Assessment: CKD stage IV.").codes.first == "N18.4")
        #expect(fixture.rank("Assessment: Chronic kidney disease stage V.").codes.first == "N18.5")
    }

    /// Index entries for signs and findings the titles word otherwise.
    @Test func findingsNamedByTheIndex() {
        #expect(fixture.rank("Assessment: Hyperphosphatemia.").codes.first == "E83.39")
        #expect(fixture.rank("Assessment: Gingival bleeding.").codes.first == "K06.8")
        #expect(fixture.rank("Assessment: Oligoanuria.").codes.first == "R34")
        #expect(fixture.rank("Exam: hyporeflexia.").codes.first == "R29.2")
        #expect(fixture.rank("Assessment: Hydrocephalia.").codes.first == "G91.9")
        #expect(fixture.rank("Assessment: Hyperlipemia.").codes.first == "E78.5")
    }

    /// "Ulcus" is the Latin ulcer (a peptic ulcus is a peptic ulcer).
    @Test func ulcusIsAnUlcer() {
        #expect(fixture.rank("Assessment: Peptic ulcus.").codes.first == "K27.9")
    }

    /// "-pathy" words for an organ's disease: an ischemic cardiopathy is
    /// ischemic heart disease, a hypertensive one hypertensive heart disease,
    /// an alcoholic hepatopathy alcoholic liver disease.
    @Test func pathyWordsNameTheOrgansDisease() {
        #expect(fixture.rank("Assessment: Hypertensive cardiopathy.").codes.first == "I11.9")
        #expect(fixture.rank("Assessment: Alcoholic hepatopathy.").codes.first == "K70.9")
        #expect(fixture.rank("Assessment: Mitral valvulopathy.").codes.first == "I05.9")
        #expect(fixture.rank("Assessment: Dilated myocardiopathy.").codes.first == "I42.0")
    }

    /// Index: Hematochezia K92.1, Odynophagia R13.10, Lipothymia R55,
    /// Polyarthralgia M25.50; edema of a named limb is localized (R60.0).
    @Test func signsNamedByTheIndex() {
        #expect(fixture.rank("Assessment: Hematochezia.").codes.first == "K92.1")
        #expect(fixture.rank("Assessment: Odynophagia.").codes.first == "R13.10")
        #expect(fixture.rank("Assessment: Lipothymia.").codes.first == "R55")
        #expect(fixture.rank("Assessment: Polyarthralgia.").codes.first == "M25.50")
        #expect(fixture.rank("Exam: edema of the hands.").codes.first == "R60.0")
        #expect(fixture.rank("Exam: edema.").codes.first == "R60.9")
    }

    /// Impaired renal function is a kidney disorder (N28.9), not a test result.
    @Test func impairedRenalFunctionIsAKidneyDisorder() {
        #expect(fixture.rank("Assessment: Impaired renal function.").codes.first == "N28.9")
    }

    /// A lasting condition named as history is still present: hyperuricemia
    /// and a hiatal hernia are coded, a past pneumonia is not.
    @Test func lastingConditionsInTheHistoryAreCoded() {
        let result = fixture.rank("History of hyperuricemia, hiatal hernia and pneumonia.")
        #expect(result.codes.contains("E79.0"))
        #expect(result.codes.contains("K44.9"))
        #expect(!result.codes.contains("J18.9"))
    }

    /// "known" names an established diagnosis the patient still has: the
    /// cancer is coded, not sent to a personal-history code.
    @Test func aKnownDiagnosisIsStillPresent() {
        let result = fixture.rank("A 60-year-old man with known gastric adenocarcinoma was admitted for pain.")
        #expect(result.codes.contains("C16.9"))
        #expect(!result.codes.contains("Z85.028"))
    }

    /// Relatives who witness or find the patient have nothing themselves.
    @Test func aWitnessIsNoRelativeWithTheCondition() {
        let result = fixture.rank("She had a seizure at home, witnessed by family members, with intense headache.")
        #expect(result.reason("R51.9") == nil)
        #expect(result.codes.contains("R51.9"))
        #expect(fixture.rank("Her mother had migraine.").excludes(prefix: "G43", reason: .family))
    }

    /// Diverticulosis lasts; a past diverticulitis is over.
    @Test func diverticulosisLastsButDiverticulitisIsOver() {
        #expect(fixture.rank("History of diverticulosis.").codes.contains("K57.90"))
        #expect(!fixture.rank("History of diverticulitis.").codes.contains("K57.92"))
    }
}
