import ClinicodeCore
import ClinicodeRanking
import Testing

/// More clinical wordings the titles and inclusion terms lack: Alphabetic
/// Index main terms, the words European clinicians write in English, and
/// synonyms that pointed at a sibling the Index does not choose.
@Suite struct ClinicalWordingTests2 {
    let fixture = RankingFixture.shared

    /// European wordings: anemization is anemia developing, plaquetopenia a
    /// low platelet count, a ferropenic anemia an iron deficiency anemia, a
    /// digestive hemorrhage a gastrointestinal one.
    @Test func europeanWordingsReachTheirCodes() {
        #expect(fixture.rank("Assessment: Anemization.").codes.first == "D64.9")
        #expect(fixture.rank("Assessment: Plaquetopenia.").codes.first == "D69.6")
        #expect(fixture.rank("Assessment: Ferropenic anemia.").codes.first == "D50.9")
        #expect(fixture.rank("Assessment: Upper digestive hemorrhage.").codes.first == "K92.2")
        #expect(fixture.rank("Assessment: Confusional syndrome.").codes.first == "R41.0")
    }

    /// Index: Anemia, microcytic (hypochromic) D50.9, not the unspecified anemia.
    @Test func microcyticAnemiaIsIronDeficiency() {
        #expect(fixture.rank("Assessment: Hypochromic microcytic anemia.").codes.first == "D50.9")
        #expect(fixture.rank("Assessment: Anemia.").codes.first == "D64.9")
    }

    /// Index main terms: Hyperemia R68.89, Hypoventilation R06.89,
    /// Insufficiency, respiratory R06.89, Burning sensation R20.8,
    /// Pneumoperitoneum K66.8, Hypernephroma C64.9, Retardation, mental F79.
    @Test func indexMainTermsReachTheirCodes() {
        #expect(fixture.rank("Exam: hyperemia.").codes.first == "R68.89")
        #expect(fixture.rank("Assessment: Hypoventilation.").codes.first == "R06.89")
        #expect(fixture.rank("Assessment: Respiratory insufficiency.").codes.first == "R06.89")
        #expect(fixture.rank("He reported a burning sensation in the feet.").codes.first == "R20.8")
        #expect(fixture.rank("Imaging: pneumoperitoneum.").codes.first == "K66.8")
        #expect(fixture.rank("Assessment: Hypernephroma.").codes.first == "C64.9")
        #expect(fixture.rank("Assessment: Mental retardation.").codes.first == "F79")
        #expect(fixture.rank("Assessment: Cardiorespiratory arrest.").codes.first == "I46.9")
    }

    /// Index: Endocarditis I38 (acute or subacute I33.9); Lesion, bone M89.9;
    /// Diarrhea, chronic (noninfectious) K52.9; a vertebral metastasis is a
    /// bone metastasis; a macular edema a retinal edema.
    @Test func synonymsPointAtTheIndexSibling() {
        #expect(fixture.rank("Assessment: Endocarditis.").codes.first == "I38")
        #expect(fixture.rank("Assessment: Acute endocarditis.").codes.first == "I33.9")
        #expect(fixture.rank("Imaging: bone lesions.").codes.first == "M89.9")
        #expect(fixture.rank("Assessment: Chronic diarrhea.").codes.first == "K52.9")
        #expect(fixture.rank("Assessment: Diarrhea.").codes.first == "R19.7")
        #expect(fixture.rank("Imaging: vertebral metastases.").codes.first == "C79.51")
        #expect(fixture.rank("Assessment: Macular edema.").codes.first == "H35.81")
        #expect(fixture.rank("Assessment: Respiratory infection.").codes.first == "J98.8")
    }

    /// A hemorrhage inside the skull named without a cause is nontraumatic
    /// (Index: Hemorrhage, subarachnoid (nontraumatic) I60.9; cerebral I61.9).
    @Test func hemorrhageInTheSkullIsNontraumatic() {
        #expect(fixture.rank("CT: subarachnoid hemorrhage.").codes.first == "I60.9")
        #expect(fixture.rank("CT: cerebral hemorrhage.").codes.first == "I61.9")
    }

    /// Atheromatosis is atherosclerosis: coronary atheromatosis is
    /// atherosclerotic heart disease.
    @Test func atheromatosisIsAtherosclerosis() {
        #expect(fixture.rank("Angiography: coronary atheromatosis.").codes.first == "I25.10")
        #expect(fixture.rank("CT: aortic atheromatosis.").codes.first == "I70.0")
    }

    /// Index main terms: Paralysis, facial G51.0; Fistula, arteriovenous
    /// (acquired) I77.0; Abscess, intra-abdominal K65.1; Proptosis H05.20;
    /// Pneumomediastinum J98.2; Dysmetria R27.8; Uropathy, obstructive N13.9;
    /// Rhinorrhea J34.89; Acholia K82.8; Lymphocele I89.8.
    @Test func moreIndexMainTermsReachTheirCodes() {
        #expect(fixture.rank("Assessment: Right facial paralysis.").codes.first == "G51.0")
        #expect(fixture.rank("Assessment: Arteriovenous fistula.").codes.first == "I77.0")
        #expect(fixture.rank("CT: intra-abdominal abscess.").codes.first == "K65.1")
        #expect(fixture.rank("Exam: proptosis.").codes.first == "H05.20")
        #expect(fixture.rank("CT: pneumomediastinum.").codes.first == "J98.2")
        #expect(fixture.rank("Exam: dysmetria.").codes.first == "R27.8")
        #expect(fixture.rank("Assessment: Obstructive uropathy.").codes.first == "N13.9")
        #expect(fixture.rank("He reported rhinorrhea.").codes.first == "J34.89")
        #expect(fixture.rank("She noticed acholia.").codes.first == "K82.8")
        #expect(fixture.rank("Ultrasound: lymphocele.").codes.first == "I89.8")
    }

    /// The degree of a mental retardation names the intellectual disability
    /// (F70-F73); retroperitoneal metastases are C78.6, not unsited ones.
    @Test func qualifiedWordingsReachTheQualifiedCode() {
        #expect(fixture.rank("Assessment: Moderate mental retardation.").codes.first == "F71")
        #expect(fixture.rank("CT: retroperitoneal metastases.").codes.first == "C78.6")
    }

    /// Arteriosclerosis is atherosclerosis (Index: Arteriosclerosis - see
    /// Atherosclerosis).
    @Test func arteriosclerosisIsAtherosclerosis() {
        #expect(fixture.rank("Assessment: Arteriosclerosis.").codes.first == "I70.90")
    }

    /// Wordings that reached a wrong or vaguer code: Hypertension,
    /// intracranial G93.2 (not I10); Anemia, hemolytic D58.9; Failure,
    /// respiratory J96.90 (acute J96.00); alcoholic acute pancreatitis K85.20;
    /// Fistula, biliary K83.3; Pruritus, anal L29.0; Thrombosis, portal I81;
    /// Nephritis, tubulo-interstitial N12; a thyroid carcinoma is C73.
    @Test func wordingsReachTheIndexCodeNotAVaguerOne() {
        #expect(fixture.rank("Assessment: Intracranial hypertension.").codes.first == "G93.2")
        #expect(fixture.rank("Assessment: Hemolytic anemia.").codes.first == "D58.9")
        #expect(fixture.rank("Assessment: Respiratory failure.").codes.first == "J96.90")
        #expect(fixture.rank("Assessment: Acute respiratory failure.").codes.first == "J96.00")
        #expect(fixture.rank("Assessment: Acute alcoholic pancreatitis.").codes.first == "K85.20")
        #expect(fixture.rank("Assessment: Biliary fistula.").codes.first == "K83.3")
        #expect(fixture.rank("Assessment: Anal pruritus.").codes.first == "L29.0")
        #expect(fixture.rank("CT: portal thrombosis.").codes.first == "I81")
        #expect(fixture.rank("Assessment: Tubulointerstitial nephritis.").codes.first == "N12")
        #expect(fixture.rank("Assessment: Papillary thyroid carcinoma.").codes.first == "C73")
    }

    /// Metastatic lymph nodes are secondary neoplasms of lymph nodes (C77.9),
    /// not merely enlarged ones; a Pneumocystis pneumonia is pneumocystosis.
    @Test func metastaticNodesAndPneumocystisPneumonia() {
        #expect(fixture.rank("CT: metastatic lymphadenopathy.").codes.first == "C77.9")
        #expect(fixture.rank("Assessment: Pneumocystis pneumonia.").codes.first == "B59")
    }
}
