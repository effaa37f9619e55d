import ClinicodeCore
import ClinicodeRanking
import Testing

/// Wordings a coder reads as a title the note does not spell out: a site's
/// carcinoma is its malignant neoplasm, a title's "except" clause is not
/// required, and a few Index entries and spellings (HIV, leucocytosis,
/// thromboembolism).
@Suite struct TitleRewordingTests {
    let fixture = RankingFixture.shared

    /// Index: Carcinoma, adenocarcinoma, cancer of a site -> Neoplasm, by site, malignant.
    @Test func carcinomaOfASiteIsTheSitesMalignantNeoplasm() {
        #expect(fixture.rank("Assessment: Gastric adenocarcinoma.").codes.first == "C16.9")
        #expect(fixture.rank("Assessment: Adenocarcinoma of the stomach.").codes.first == "C16.9")
        #expect(fixture.rank("Assessment: Ovarian carcinoma.").codes.first == "C56.9")
        #expect(fixture.rank("Assessment: Malignant tumor of the stomach.").codes.first == "C16.9")
        #expect(fixture.rank("Assessment: Retroperitoneal sarcoma.").codes.first == "C48.0")
    }

    /// Latin plurals a suffix stemmer cannot undo name the same bone.
    @Test func latinPluralsOfBonesMeetTheirTitles() {
        #expect(fixture.rank("Assessment: Fractures of both femora.").codes.first?.hasPrefix("S72.9") == true)
        #expect(fixture.rank("Assessment: Fractures of both humeri.").codes.first?.hasPrefix("S42.3") == true)
    }

    /// Index: Fracture, radius S52.9-; ulna (shaft) S52.20-. A fracture of a
    /// named forearm bone is a forearm fracture, never an injury of
    /// unspecified body region (T14).
    @Test func forearmBoneFracturesAreForearmFractures() {
        for text in ["Assessment: Fracture of the radius.", "Assessment: Left radius fracture.",
                     "Assessment: Right ulna fracture."] {
            let codes = fixture.rank(text).codes
            #expect(codes.first?.hasPrefix("S52") == true, "\(text)")
            #expect(!codes.contains { $0.hasPrefix("T14") }, "\(text)")
        }
        #expect(fixture.rank("Assessment: Right ulna fracture.").codes.first == "S52.201A")
    }

    /// Titles name a bone's parts "upper end", "shaft" and "lower end"; notes
    /// say proximal, midshaft and distal (`title-word-equivalents.tsv`).
    @Test func distalAndProximalChooseTheBonesEnd() {
        #expect(fixture.rank("Assessment: Left distal radius fracture.").codes.first == "S52.502A")
        #expect(fixture.rank("Assessment: Distal femur fracture.").codes.first?.hasPrefix("S72.4") == true)
        #expect(fixture.rank("Assessment: Proximal tibia fracture.").codes.first?.hasPrefix("S82.1") == true)
        #expect(fixture.rank("Assessment: Midshaft clavicle fracture, left.").codes.first?.hasPrefix("S42.02") == true)
    }

    /// "Proximal humerus" names the upper end; "humerus", which the shaft's
    /// title shares, is no reason to leave the matched upper end for the shaft.
    @Test func proximalHumerusStaysTheUpperEnd() {
        #expect(fixture.rank("Assessment: Right proximal humerus fracture.").codes.first == "S42.201A")
        #expect(fixture.rank("Assessment: Fracture of the shaft of the right humerus.").codes.first?.hasPrefix("S42.3") == true)
    }

    /// A lung lobe named with its side is the lung's lobe: the titles' "bronchus
    /// or lung" need not be written, and carcinoma and lobe rewordings combine.
    @Test func lungLobeWithItsSideReachesTheLobesCode() {
        #expect(fixture.rank("Assessment: Adenocarcinoma of the right upper lobe.").codes.first == "C34.11")
        #expect(fixture.rank("Assessment: Squamous cell carcinoma of the left lower lobe.").codes.first == "C34.32")
        #expect(fixture.rank("Assessment: Carcinoma of the right middle lobe.").codes.first == "C34.2")
    }

    /// Loose retrieval weighs side words lightly; a title naming the side the
    /// sentence does not ("left upper lobe" for "right upper lobe") is no hit.
    @Test func retrievalNeverOffersTheOtherSide() {
        let options = RankingOptions(top: 30, minScore: 0)
        for text in ["Assessment: Adenocarcinoma of the right upper lobe.", "Assessment: Right proximal humerus fracture."] {
            let result = fixture.ranker().rank(fixture.document(text), options: options)
            #expect(!result.suggestions.contains { $0.title.lowercased().contains("left") }, "\(text)")
        }
    }

    /// Index: Osteoporosis (age-related) M81.0. "Other osteoporosis" is a
    /// residual the title's wording alone must not reach first.
    @Test func osteoporosisIsTheAgeRelatedCode() {
        #expect(fixture.rank("Assessment: Osteoporosis without current pathological fracture.").codes.first == "M81.0")
        #expect(fixture.rank("Assessment: Osteoporosis.").codes.first == "M81.0")
        // The residual M81.8 on the same words stays under the engine's own cut-off.
        let shown = fixture.rank("Assessment: Osteoporosis without current pathological fracture.", top: nil).codes
        #expect(shown.contains("M81.0") && !shown.contains("M81.8"))
    }

    /// A metastasis of a site is its secondary malignant neoplasm; an adenoma its benign one.
    @Test func metastasisAndAdenomaOfASite() {
        #expect(fixture.rank("Assessment: Lymph node metastases.").codes.first == "C77.9")
        #expect(fixture.rank("Assessment: Adenoma of the colon.").codes.first == "D12.6")
    }

    /// The more specific wording still wins over the reworded title: the
    /// invasive code is at most a weak retrieval hedge, well below.
    @Test func inSituCarcinomaKeepsItsOwnCode() {
        let result = fixture.rank("Assessment: Carcinoma in situ of the bladder.")
        #expect(result.codes.first == "D09.0")
        let inSitu = result.suggestions.first { $0.code.code == "D09.0" }?.score ?? 0
        let invasive = result.suggestions.first { $0.code.code.hasPrefix("C67") }?.score ?? 0
        #expect(invasive < inSitu / 2)
    }

    /// "[site of neoplasm]" is an instruction: a bare carcinoma is C80.1, not a branchial cleft.
    @Test func bareCarcinomaIsTheUnspecifiedMalignancy() {
        let result = fixture.ranker().rank(fixture.document("Assessment: Carcinoma."), options: RankingOptions(top: 30, minScore: 0))
        #expect(result.codes.first == "C80.1")
        #expect(!result.suggests(prefix: "C10"))
    }

    /// "Malignant neoplasm of left kidney, except renal pelvis": the clause is not wording to find.
    @Test func exceptClauseIsNotRequired() {
        #expect(fixture.rank("Assessment: Carcinoma of the left kidney.").codes.first == "C64.2")
        #expect(fixture.rank("Assessment: Right renal carcinoma.").codes.first == "C64.1")
        #expect(fixture.rank("Assessment: Carcinoma of the renal pelvis.").codes.first == "C65.9")
    }

    /// Index: HIV, Human immunodeficiency virus (disease) (infection) B20; HIV positive Z21.
    @Test func hivIsTheDiseaseCodeAndPositiveTheStatus() {
        #expect(fixture.rank("Assessment: HIV.").codes.first == "B20")
        #expect(fixture.rank("Assessment: HIV infection.").codes.first == "B20")
        #expect(fixture.rank("Assessment: HIV positive.").codes.first == "Z21")
        let negative = fixture.rank("Serology for HIV was negative.")
        #expect(!negative.suggests(prefix: "B20"))
        #expect(!negative.suggests(prefix: "D84"))
    }

    /// British leuco- words and thromboembolism (Index: see Embolism).
    @Test func leucocytosisAndThromboembolism() {
        #expect(fixture.rank("Assessment: Leucocytosis.").codes.first == "D72.829")
        #expect(fixture.rank("Assessment: Pulmonary thromboembolism.").codes.first == "I26.99")
    }
}
