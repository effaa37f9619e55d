import ClinicodeRanking
import Testing

/// Hemiplegia and monoplegia codes name the dominant or non-dominant side;
/// when the note names only the side, the right side is dominant and the left
/// non-dominant (Guidelines I.C.6.a, `side-dominance.tsv`). The sentences were
/// written for these tests.
@Suite struct SideDominanceTests {
    let fixture = RankingFixture.shared

    @Test func theLeftSideDefaultsToNonDominant() {
        #expect(fixture.rank("Assessment: Left hemiparesis.").codes.first == "G81.94")
        #expect(fixture.rank("Assessment: Monoplegia of left upper limb.").codes.first == "G83.24")
    }

    @Test func theRightSideDefaultsToDominant() {
        let result = fixture.rank("Assessment: Acute ischemic stroke with right hemiplegia.")
        let dominant = result.codes.firstIndex(of: "G81.91")
        #expect(dominant != nil)
        #expect((dominant ?? .max) < (result.codes.firstIndex(of: "G81.90") ?? .max))
    }

    /// Dominance the note documents wins over the default.
    @Test func aDocumentedDominanceWins() {
        #expect(fixture.rank("Assessment: Left hemiparesis, left dominant side.").codes.first == "G81.92")
        let handed = fixture.rank("Assessment: Left hemiparesis in a left-handed patient.").codes
        #expect(!handed.contains("G81.94"))
        #expect(handed.first == "G81.92")
    }

    /// Handedness said anywhere in the note sets which side is dominant: a
    /// left-handed patient's right side is the non-dominant one, an
    /// ambidextrous patient's both sides are dominant, and a right-handed
    /// patient's sides follow the default.
    @Test func handednessAnywhereInTheNoteSetsTheDominantSide() {
        #expect(fixture.rank("Assessment: Left hemiparesis.\nThe patient is left-handed.").codes.first == "G81.92")
        #expect(fixture.rank("Assessment: Right hemiparesis.\nSocial: he is left handed.").codes.first == "G81.93")
        #expect(fixture.rank("Assessment: Left hemiparesis.\nThe patient is ambidextrous.").codes.first == "G81.92")
        #expect(fixture.rank("Assessment: Left hemiparesis.\nThe patient is right-handed.").codes.first == "G81.94")
    }

    /// A side word without a paralysis keeps its plain meaning.
    @Test func theDefaultNeedsAParalysis() {
        let result = fixture.rank("Assessment: Left knee osteoarthritis.")
        #expect(result.codes.first == "M17.12")
    }
}
