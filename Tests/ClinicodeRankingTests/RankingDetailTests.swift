import ClinicodeCore
import ClinicodeRanking
import Testing

/// `RankingOptions.detail`: a codes-only result ranks exactly as a full one.
@Suite struct RankingDetailTests {
    let fixture = RankingFixture.shared

    static let note = """
        Assessment: Community acquired pneumonia. Type 2 diabetes mellitus with diabetic nephropathy.
        The patient denies chest pain. Family history: her mother had breast cancer.
        """

    @Test func codesOnlyResultHasTheFullResultsCodesAndScores() {
        let document = fixture.document(Self.note)
        let ranker = fixture.ranker()
        let full = ranker.rank(document, options: RankingOptions(top: 30))
        let codes = ranker.rank(document, options: RankingOptions(top: 30, detail: .codes))
        #expect(!full.suggestions.isEmpty)
        #expect(codes.suggestions.map(\.code) == full.suggestions.map(\.code))
        #expect(codes.suggestions.map(\.score) == full.suggestions.map(\.score))
        #expect(codes.suggestions.map(\.title) == full.suggestions.map(\.title))
        #expect(codes.suggestions.map(\.billable) == full.suggestions.map(\.billable))
    }

    @Test func codesOnlyResultLeavesOutEvidenceAndExclusions() {
        let document = fixture.document(Self.note)
        let ranker = fixture.ranker()
        let full = ranker.rank(document, options: RankingOptions(top: 30))
        #expect(full.suggestions.contains { !$0.evidence.isEmpty })
        #expect(!full.excluded.isEmpty)
        let codes = ranker.rank(document, options: RankingOptions(top: 30, detail: .codes))
        #expect(codes.suggestions.allSatisfy { $0.evidence.isEmpty && $0.rationale.isEmpty })
        #expect(codes.excluded.isEmpty)
    }
}
