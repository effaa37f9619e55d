import Foundation
import Testing
import ClinicodeEvaluation

@Suite struct ReportRenderingTests {
    let report: EvaluationReport

    init() throws {
        var report = Evaluator(options: EvaluationOptions(k: 2)).evaluate(
            gold: try GoldStandard(path: Fixtures.path("gold-small.tsv")),
            predictions: try RankedPredictions(path: Fixtures.path("pred-small.tsv")))
        report.throughput = Throughput(notes: 3, bytes: 2_000_000, seconds: 0.5)
        self.report = report
    }

    @Test func textShowsFiguresWarningsAndThroughput() {
        let text = report.renderText()
        #expect(text.contains("MAP"))
        #expect(text.contains("0.5000"))
        #expect(text.contains("category/3"))
        #expect(text.contains("R@20"))
        #expect(text.contains("no note"))
        #expect(text.contains("no gold"))
        #expect(text.contains("6.0 notes/s"))
        #expect(text.contains("4.000 MB/s"))
    }

    @Test func jsonIsParseableAndCarriesTheFigures() throws {
        let object = try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any]
        let code = try #require(object?["code_level"] as? [String: Any])
        #expect(code["mean_average_precision"] as? Double == 0.5)
        #expect((object?["per_code"] as? [Any])?.isEmpty == true)
        let detailed = try JSONSerialization.jsonObject(with: Data(report.renderJSON(details: true).utf8)) as? [String: Any]
        #expect((detailed?["per_code"] as? [Any])?.count == 7)
    }
}
