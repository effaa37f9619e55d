import ClinicodeContext
import ClinicodeCore
import Foundation
import Testing

/// The project's own synthetic corpus (`Corpora/gold/mentions.tsv`): every
/// gold mention span scored on all four attributes.
@Suite struct ProjectCorpusTests {
    struct Score {
        var total = 0
        var correct: [String: Int] = [:]
        var errors: [String] = []
    }

    static func score() throws -> Score {
        let root = Fixtures.packageRoot + "/Corpora"
        let gold = try String(contentsOfFile: root + "/gold/mentions.tsv", encoding: .utf8)
        var documents: [String: Document] = [:]
        var score = Score()
        for line in gold.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 8, let start = Int(fields[1]), let end = Int(fields[2]) else { continue }
            if documents[fields[0]] == nil {
                let data = try Data(contentsOf: URL(fileURLWithPath: root + "/notes/" + fields[0] + ".txt"))
                documents[fields[0]] = Fixtures.analyzer.analyze(id: fields[0], text: String(decoding: data, as: UTF8.self))
            }
            let document = documents[fields[0]]!
            let assertion = Fixtures.detector.assertion(for: TextSpan(start: start, end: end), in: document)
            let predicted = [assertion.negation.rawValue, assertion.certainty.rawValue,
                             assertion.temporality.rawValue, assertion.experiencer.rawValue]
            score.total += 1
            var wrong: [String] = []
            for (index, name) in ["negation", "certainty", "temporality", "experiencer"].enumerated() {
                if predicted[index] == fields[4 + index] {
                    score.correct[name, default: 0] += 1
                } else {
                    wrong.append("\(name) gold \(fields[4 + index]) got \(predicted[index])")
                }
            }
            if !wrong.isEmpty {
                let sentence = document.sentences.first { $0.span.contains(TextSpan(start: start, end: start)) }
                let context = sentence.map { document.surface($0.span) } ?? ""
                let cues = assertion.triggers.map { "\($0.category.rawValue):\($0.text)" }.joined(separator: ",")
                score.errors.append("\(fields[0])\t[\(fields[3])]\t\(wrong.joined(separator: "; "))\t\(context)\t\(cues)")
            }
        }
        return score
    }

    @Test func attributesMatchTheGoldMentions() throws {
        let score = try Self.score()
        #expect(score.total > 200)
        for name in ["negation", "certainty", "temporality", "experiencer"] {
            let accuracy = Double(score.correct[name, default: 0]) / Double(max(score.total, 1))
            print("project corpus \(name) accuracy: \(accuracy)")
            #expect(accuracy >= 0.85, "\(name)")
        }
        if let path = ProcessInfo.processInfo.environment["CONTEXT_PROJECT_ERRORS"] {
            try score.errors.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
