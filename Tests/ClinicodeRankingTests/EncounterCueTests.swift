import ClinicodeRanking
import Testing

/// The 7th character of injury codes follows the encounter the note
/// describes (`encounter-cues.tsv`), not what its plan says of later visits.
@Suite struct EncounterCueTests {
    let fixture = RankingFixture.shared

    @Test func followUpInThePlanKeepsTheInitialEncounter() {
        let result = fixture.rank("Assessment: Left distal radius fracture.\nPlan: Splint. Follow-up in one week.")
        #expect(result.codes.first == "S52.502A")
        #expect(!result.codes.contains("S52.502D"))
    }

    @Test func aFollowUpVisitIsASubsequentEncounter() {
        let result = fixture.rank("HPI: Presents for follow-up of a left distal radius fracture.\nPlan: Continue splint.")
        #expect(result.codes.first == "S52.502D")
    }
}
