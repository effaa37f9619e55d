import Testing
import ClinicodeEvaluation

/// Figures on the hand-made fixture, worked out by hand (see Fixtures/README.md).
@Suite struct MetricsTests {
    let report: EvaluationReport

    init() throws {
        let gold = try GoldStandard(path: Fixtures.path("gold-small.tsv"))
        let predictions = try RankedPredictions(path: Fixtures.path("pred-small.tsv"))
        report = Evaluator(options: EvaluationOptions(k: 2, categoryPrefix: 3)).evaluate(gold: gold, predictions: predictions)
    }

    @Test func countsDocumentsAndDistinctGoldCodes() {
        #expect(report.goldDocuments == 3)
        #expect(report.goldCodes == 6)
        #expect(report.duplicateGoldLines == 1)
        #expect(report.notes == 3)
        #expect(report.goldDocumentsWithoutNote == ["d3"])
        #expect(report.notesWithoutGold == ["d4"])
    }

    @Test func meanAveragePrecisionCountsUnpredictedGoldAsZero() {
        // d1: (1/1 + 2/3) / 2; d2: (1/1 + 2/2) / 3; d3: 0.
        #expect(abs(report.codeLevel.meanAveragePrecision - 0.5) < 1e-12)
        #expect(report.codeLevel.documentsPredicted == 2)
    }

    @Test func microAtKPoolsTopKOfGoldDocumentsOnly() {
        // TP 3 (B20, C30.9, C30.0), FP 1 (X11), FN 3 (A10.1, D40, E50); d4's Z99 ignored.
        #expect(abs(report.codeLevel.micro.precision - 0.75) < 1e-12)
        #expect(abs(report.codeLevel.micro.recall - 0.5) < 1e-12)
        #expect(abs(report.codeLevel.micro.f1 - 0.6) < 1e-12)
    }

    @Test func macroAveragesEveryCodeSeen() {
        // 7 classes (A101 B20 X11 C300 C309 D40 E50), 3 perfect, 4 at zero.
        #expect(abs(report.codeLevel.macro.precision - 3.0 / 7) < 1e-12)
        #expect(abs(report.codeLevel.macro.recall - 3.0 / 7) < 1e-12)
        #expect(abs(report.codeLevel.macro.f1 - 3.0 / 7) < 1e-12)
    }

    @Test func recallAtDepths() {
        #expect(abs((report.codeLevel.recall(at: 1) ?? -1) - 2.0 / 6) < 1e-12)
        #expect(abs((report.codeLevel.recall(at: 5) ?? -1) - 4.0 / 6) < 1e-12)
        #expect(abs((report.codeLevel.recall(at: 20) ?? -1) - 4.0 / 6) < 1e-12)
    }

    @Test func categoryLevelCutsThenDeduplicates() throws {
        let category = try #require(report.categoryLevel)
        #expect(category.prefix == 3)
        #expect(category.goldCodes == 5)
        // d1: (1 + 2/3) / 2; d2: ranking [C30, Y12] vs {C30, D40}: 1/2; d3: 0.
        #expect(abs(category.meanAveragePrecision - (5.0 / 6 + 0.5) / 3) < 1e-12)
        // top 2: d1 [B20, X11] 1 hit; d2 [C30, Y12] 1 hit; TP 2, FP 2, FN 3.
        #expect(abs(category.micro.precision - 0.5) < 1e-12)
        #expect(abs(category.micro.recall - 0.4) < 1e-12)
    }

    @Test func perCodeTable() throws {
        let b20 = try #require(report.perCode.first { $0.code == "B20" })
        #expect((b20.gold, b20.predicted, b20.truePositives, b20.falsePositives, b20.falseNegatives) == (1, 1, 1, 0, 0))
        let x11 = try #require(report.perCode.first { $0.code == "X11" })
        #expect((x11.gold, x11.predicted, x11.truePositives, x11.falsePositives, x11.falseNegatives) == (0, 1, 0, 1, 0))
        let a101 = try #require(report.perCode.first { $0.code == "A101" })
        #expect((a101.gold, a101.predicted, a101.falseNegatives) == (1, 0, 1))
        #expect(a101.display == "A10.1")
        #expect(report.perCode.contains { $0.code == "Z99" } == false)
    }

    @Test func perNoteOutcomes() throws {
        let d1 = try #require(report.perNote.first { $0.id == "d1" })
        #expect(d1.hits == ["B20"])
        #expect(d1.missed == ["A101"])
        #expect(d1.missedRanks == [3])
        #expect(d1.spurious == ["X11"])
        let d3 = try #require(report.perNote.first { $0.id == "d3" })
        #expect(d3.hasNote == false)
        #expect(d3.missedRanks == [nil])
    }

    @Test func averagePrecisionEdgeCases() {
        #expect(AveragePrecision.of(ranking: [], gold: ["A"]) == 0)
        #expect(AveragePrecision.of(ranking: ["A"], gold: []) == 0)
        #expect(AveragePrecision.of(ranking: ["X", "A"], gold: ["A"]) == 0.5)
        #expect(AveragePrecision.of(ranking: ["A", "B"], gold: ["A", "B"]) == 1)
    }

    @Test func codeKeysIgnoreCaseDotsAndSpaces() {
        #expect(CodeKey.of(" q62.11 ") == "Q6211")
        #expect(CodeKey.of("Q62.11", prefix: 3) == "Q62")
        #expect(CodeKey.of("Q6", prefix: 3) == "Q6")
    }

    @Test func emptyInputsGiveZeroesNotCrashes() {
        let report = Evaluator().evaluate(gold: GoldStandard(text: ""), predictions: RankedPredictions())
        #expect(report.codeLevel.meanAveragePrecision == 0)
        #expect(report.codeLevel.micro.f1 == 0)
        #expect(report.codeLevel.macro.f1 == 0)
    }
}

@Suite struct RankedPredictionsTests {
    @Test func setKeepsFirstRankOfRepeatedCodesAndRecordsEmptyRankings() {
        var predictions = RankedPredictions()
        predictions.set(document: "a", codes: ["x1.1", "B2", "X11", "b2", "C3"])
        predictions.set(document: "empty", codes: [])
        #expect(predictions.rankings["a"] == ["X11", "B2", "C3"])
        #expect(predictions.documents == ["a", "empty"])
        #expect(predictions.rankings["empty"] == [])
        #expect(predictions.displayForms["X11"] == "X1.1")
    }
}
