import ClinicodeCore
import ClinicodeRanking
import Testing

/// Guidelines I.B.13 (a bilateral condition with no bilateral code is coded
/// once for each side) and the single fall that caused an injury (its
/// external cause, W19, not R29.6 "Repeated falls"), through the real stages.
@Suite struct LateralityAndEventTests {
    let fixture = RankingFixture.shared

    /// The two best codes of a note, in code order.
    private func bestTwo(_ text: String) -> [String] {
        Array(fixture.rank(text).codes.prefix(2)).sorted()
    }

    @Test func bilateralConditionWithoutABilateralCodeGetsBothSides() {
        #expect(bestTwo("Assessment: Bilateral renal cell carcinoma.") == ["C64.1", "C64.2"])
        #expect(bestTwo("Assessment: Bilateral breast cancer.") == ["C50.911", "C50.912"])
        #expect(bestTwo("Assessment: Bilateral femur fractures.") == ["S72.91XA", "S72.92XA"])
        #expect(bestTwo("Assessment: Bilateral knee pain.") == ["M25.561", "M25.562"])
        #expect(bestTwo("Assessment: Renal cell carcinoma of both kidneys.") == ["C64.1", "C64.2"])
    }

    @Test func bothSidesAreEquallyStrongAndTheUnspecifiedSideIsNotSuggested() throws {
        let result = fixture.rank("Assessment: Bilateral renal cell carcinoma.")
        let right = try #require(result.suggestions.first { $0.code.code == "C64.1" })
        let left = try #require(result.suggestions.first { $0.code.code == "C64.2" })
        #expect(right.score == left.score)
        #expect(right.rationale.contains { $0.contains("I.B.13") })
        #expect(right.evidence.map(\.text) == left.evidence.map(\.text))
        let unspecified = result.suggestions.first { $0.code.code == "C64.9" }?.score ?? 0
        #expect(unspecified < right.score)
    }

    @Test func aBilateralCodeStaysTheAnswerWhereTheClassificationHasOne() {
        #expect(fixture.rank("Assessment: Bilateral primary osteoarthritis of knee.").codes.first == "M17.0")
        #expect(fixture.rank("Assessment: Bilateral knee osteoarthritis.").codes.first == "M17.0")
        #expect(fixture.rank("Assessment: Bilateral carpal tunnel syndrome.").codes.first == "G56.03")
        let knee = fixture.rank("Assessment: Bilateral knee osteoarthritis.").codes
        #expect(!knee.contains("M17.11") && !knee.contains("M17.12"))
    }

    @Test func oneNamedSideIsNotSplit() {
        let codes = fixture.rank("Assessment: Left breast cancer.").codes
        #expect(codes.first == "C50.912")
        #expect(!codes.contains("C50.911"))
    }

    /// A named side makes the unsided twin ("… of unspecified radius") no
    /// code a coder would pick: it ranks below the sided code, under the cut-off.
    @Test func aNamedSidePutsTheUnsidedTwinUnderTheCutOff() throws {
        let text = "Assessment: Closed displaced fracture of left distal radius."
        #expect(fixture.rank(text, top: nil).codes == ["S52.502A"])
        let all = fixture.rank(text, top: 30)
        let sided = try #require(all.suggestions.first { $0.code.code == "S52.502A" })
        if let unsided = all.suggestions.first(where: { $0.code.code == "S52.509A" }) {
            #expect(unsided.score < sided.score * 0.5)
            #expect(unsided.rationale.contains { $0.contains("S52.502A") })
        }
    }

    /// "Both" names both sides only of a paired part it stands before.
    @Test func bothBeforeSomethingElseIsNoSide() {
        let codes = fixture.rank("Assessment: Breast cancer and lymphedema, both stable.").codes
        #expect(codes.contains("C50.919"))
        #expect(!codes.contains("C50.911") && !codes.contains("C50.912"))
    }

    @Test func aFallThatCausedAnInjuryIsItsExternalCause() throws {
        for text in ["Assessment: Bilateral femur fractures after a fall.",
                     "Assessment: She fell and fractured her left wrist."] {
            let result = fixture.rank(text)
            #expect(!result.codes.contains("R29.6"), "\(text)")
            let cause = try #require(result.codes.firstIndex(of: "W19.XXXA"), "\(text)")
            let injury = try #require(result.codes.firstIndex { $0.hasPrefix("S") }, "\(text)")
            #expect(injury < cause, "\(text)")
        }
    }

    @Test func repeatedFallsOrFallsWithoutInjuryStayR296() {
        #expect(fixture.rank("Assessment: Repeated falls.").codes.first == "R29.6")
        #expect(fixture.rank("Assessment: Frequent falls. Right hip fracture.").codes.contains("R29.6"))
        // With no injury the fall is no external cause: R29.6 stays first and
        // W19 stays below the default cut-off (never coded alone).
        #expect(fixture.rank("Assessment: Fall at home.").codes.first == "R29.6")
        let shown = fixture.rank("Assessment: Fall at home.", top: nil).codes
        #expect(shown.contains("R29.6"))
        #expect(!shown.contains("W19.XXXA"))
    }
}
