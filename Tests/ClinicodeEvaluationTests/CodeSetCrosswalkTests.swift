import ClinicodeEvaluation
import Testing

/// Gold coded under an older release, matched against a current-release ranking.
@Suite struct CodeSetCrosswalkTests {
    /// A toy current release: R51 was split, M54.5 too; I10 never changed.
    let crosswalk = CodeSetCrosswalk(currentCodes: ["R51.0", "R51.9", "M54.50", "M54.59", "I10", "T14.90XA"])

    @Test func aSplitGoldCodeIsMatchedByItsBestRankedDescendant() {
        let gold = GoldStandard(pairs: [("d1", "R51"), ("d1", "I10")])
        let ranking = RankedPredictions([("d1", ["I10", "M54.50", "R51.9", "R51.0"])])
        let (crosswalked, replaced) = crosswalk.apply(to: gold, rankings: ranking)
        #expect(replaced == 1)
        #expect(crosswalked.codes["d1"] == ["R519", "I10"])
        let report = Evaluator(options: EvaluationOptions(k: 2, categoryPrefix: 3)).evaluate(gold: crosswalked, predictions: ranking)
        // I10 at rank 1, R51.9 at rank 3: (1/1 + 2/3) / 2.
        #expect(abs(report.codeLevel.meanAveragePrecision - (1 + 2.0 / 3) / 2) < 1e-12)
    }

    @Test func currentCodesAndUnmatchedOldCodesStayAsTheyAre() {
        let gold = GoldStandard(pairs: [("d1", "I10"), ("d1", "M54.5"), ("d2", "T14.90")])
        // I10 is current: its (impossible) descendants never replace it; no M54.5x is ranked.
        let ranking = RankedPredictions([("d1", ["I10", "R51.9"]), ("d2", ["T14.90XA"])])
        let (crosswalked, replaced) = crosswalk.apply(to: gold, rankings: ranking)
        #expect(replaced == 1)
        #expect(crosswalked.codes["d1"] == ["I10", "M545"])
        #expect(crosswalked.codes["d2"] == ["T1490XA"])
    }

    @Test func oneDescendantMatchesOneGoldCodeOnly() {
        // Both the category and a subcategory are gold; one ranked descendant serves one of them.
        let gold = GoldStandard(pairs: [("d1", "M54"), ("d1", "M54.5"), ("d1", "M54.50")])
        let ranking = RankedPredictions([("d1", ["M54.50", "M54.59"])])
        let (crosswalked, replaced) = crosswalk.apply(to: gold, rankings: ranking)
        // M54.50 is gold itself, so M54 takes M54.59 and M54.5 finds nothing left.
        #expect(replaced == 1)
        #expect(crosswalked.codes["d1"] == ["M5459", "M545", "M5450"])
    }
}
