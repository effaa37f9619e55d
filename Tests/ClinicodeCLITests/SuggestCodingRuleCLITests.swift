import Foundation
import Testing

/// Coding rules seen end to end through `clinicode suggest --format tsv`
/// with the committed default model: what a user piping a note gets.
@Suite("clinicode suggest coding rules")
struct SuggestCodingRuleCLITests {
    /// The codes of a one-note tsv run, best first.
    private func codes(_ note: String) throws -> [String] {
        let result = try runClinicode(["suggest", "--model", SuggestCLI.modelPath, "--format", "tsv"], stdin: note)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[2]) }
    }

    @Test("a bilateral condition with no bilateral code gives the right and left codes (I.B.13)")
    func bilateralWithoutBilateralCode() throws {
        let found = try codes("ASSESSMENT: Bilateral renal cell carcinoma.\n")
        #expect(Array(found.prefix(2)).sorted() == ["C64.1", "C64.2"])
        #expect(!found.contains("C64.9"))
    }

    @Test("a bilateral code stays the answer where one exists")
    func bilateralCodeExists() throws {
        #expect(try codes("ASSESSMENT: Bilateral primary osteoarthritis of knee.\n").first == "M17.0")
    }

    @Test("a single fall with an injury is coded W19.XXXA below the injury, not R29.6")
    func fallWithInjury() throws {
        let found = try codes("ASSESSMENT: Bilateral femur fractures after a fall.\n")
        #expect(Array(found.prefix(2)).sorted() == ["S72.91XA", "S72.92XA"])
        #expect(found.dropFirst(2).first == "W19.XXXA")
        #expect(!found.contains("R29.6"))
    }
}
