import ClinicodeRanking
import Testing

/// Readings a coder would never make: a finding the note says is absent
/// inside the mention, a pronoun read as an eponym, a code range picked
/// because it comes first.
@Suite struct MisreadingTests {
    let fixture = RankingFixture.shared
    let everything = RankingOptions(top: 30, minScore: 0)

    /// "Without perforation" inside the mention rules out the perforated appendix.
    @Test func withoutAFindingNeverGivesTheCodeWithIt() {
        let result = fixture.ranker().rank(fixture.document("Assessment: Acute appendicitis without perforation."), options: everything)
        #expect(result.codes.first == "K35.80")
        #expect(!result.codes.contains("K35.32"))
        // Said with the finding, the finding's code stands.
        #expect(fixture.rank("Assessment: Acute appendicitis with perforation.").codes.contains("K35.32"))
    }

    /// "Hers disease" is an eponym; "her" is a pronoun.
    @Test func aPronounIsNoEponym() {
        let result = fixture.ranker().rank(fixture.document("HPI: Her sister has Crohn's disease."), options: everything)
        #expect(!result.codes.contains("E74.09"))
        #expect(fixture.rank("Assessment: Hers disease.").codes.first == "E74.09")
    }

    /// Words of another condition far along the sentence do not make an
    /// unspecified code specific: "migraine ... nausea and vomiting" is not
    /// "cyclical vomiting" in migraine (G43.A0).
    @Test func farWordsDoNotWidenAnUnspecifiedCode() {
        let result = fixture.rank(
            "HPI: A woman with GERD and migraine presents with 2 days of right lower quadrant pain, nausea and vomiting.")
        #expect(result.codes.contains("G43.909"))
        #expect(!result.codes.contains("G43.A0"))
    }

    /// "Stage 3" is not stage 3a: the subtype letter is part of the stage.
    @Test func anUnletteredStageIsTheUnspecifiedStage() {
        let stage3 = fixture.rank("Assessment: CKD stage 3.")
        #expect(stage3.codes.first == "N18.30")
        #expect(!stage3.codes.prefix(3).contains("N18.31"))
        #expect(fixture.rank("Assessment: Chronic kidney disease stage 3b.").codes.first == "N18.32")
        // A second mention of the disease reaches the same stage, and the
        // sibling stages retrieval offers stay under the cut-off.
        let shown = fixture.rank("Assessment: Acute kidney injury on chronic kidney disease stage 3b.", top: nil).codes
        #expect(shown.contains("N18.32") && shown.contains("N17.9"))
        #expect(!shown.contains { $0.hasPrefix("N18.") && $0 != "N18.32" })
    }

    /// The letter of a named virus or vitamin is no article: "influenza A"
    /// is an identified virus (J10), "hepatitis A" is B15, not the plain
    /// disease the words without the letter name.
    @Test func aLetterNameIsPartOfTheDiagnosis() {
        #expect(fixture.rank("Assessment: Positive for influenza A.").codes.first == "J10.1")
        #expect(fixture.rank("Assessment: Influenza A pneumonia.").codes.first == "J10.00")
        #expect(fixture.rank("Assessment: Influenza B.").codes.first == "J10.1")
        #expect(fixture.rank("Assessment: Influenza.").codes.first == "J11.1")
        #expect(fixture.rank("Assessment: Hepatitis A.").codes.first == "B15.9")
        #expect(fixture.rank("Assessment: Vitamin A deficiency.").codes.first == "E50.9")
        #expect(fixture.rank("Assessment: Vitamin deficiency.").codes.first == "E56.9")
    }

    /// A history of colon polyps is Z86.0100 until the note names the kind:
    /// then the sibling that names it (hyperplastic: Z86.0102).
    @Test func anUnspecifiedCodeGivesWayToTheSiblingTheNoteNames() {
        #expect(fixture.rank("PMH: History of colon polyps.").codes.first == "Z86.0100")
        #expect(fixture.rank("PMH: History of colon polyps (hyperplastic).").codes.first == "Z86.0102")
    }

    /// A history code for another site shares every word but its site with
    /// the note's statement; the missing site word rules it out.
    @Test func aCodeWhoseOwnWordsAreAbsentIsNotRetrieved() {
        let result = fixture.rank("Assessment: Personal history of breast cancer.")
        #expect(result.codes.first == "Z85.3")
        #expect(!result.codes.contains("Z85.840"))
    }
}
