import ClinicodeCore
import ClinicodeText
import ClinicodeTerminology
import ClinicodeContext
import ClinicodeRanking
import Foundation
import Testing

/// MAP on the CodiEsp dev split read in place from `../shared` (never copied).
/// Opt-in (`CLINICODE_BENCH=1`) because it ranks hundreds of notes; skipped
/// when the shared corpora are absent.
@Suite struct CodiEspBenchmarkTests {
    static let corpus = RankingFixture.packageRoot + "/../shared/corpora/codiesp"
    static let enabled = ProcessInfo.processInfo.environment["CLINICODE_BENCH"] == "1"
        && FileManager.default.fileExists(atPath: corpus + "/dev/codes-D.tsv")

    struct Note {
        var id: String
        var text: String
        var gold: Set<String>
    }

    static func load(_ split: String) throws -> [Note] {
        var gold: [String: Set<String>] = [:]
        let rows = try String(contentsOfFile: "\(corpus)/\(split)/codes-D.tsv", encoding: .utf8)
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count >= 2 { gold[String(fields[0]), default: []].insert(fields[1].uppercased()) }
        }
        let folder = "\(corpus)/\(split)/notes"
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { $0.hasSuffix(".txt") }.map {
            let id = String($0.dropLast(4))
            return Note(id: id, text: try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8), gold: gold[id] ?? [])
        }
    }

    /// CodiEsp-style MAP (dots ignored, AP over the full ranking).
    static func meanAveragePrecision(_ notes: [Note], _ results: [NoteResult]) -> Double {
        var total = 0.0
        for (note, result) in zip(notes, results) {
            let gold = Set(note.gold.map { $0.replacingOccurrences(of: ".", with: "") })
            var hits = 0, rank = 0, sum = 0.0
            var seen = Set<String>()
            for suggestion in result.suggestions {
                let code = suggestion.code.code.replacingOccurrences(of: ".", with: "")
                guard seen.insert(code).inserted else { continue }
                rank += 1
                if gold.contains(code) { hits += 1; sum += Double(hits) / Double(rank) }
            }
            total += gold.isEmpty ? 0 : sum / Double(gold.count)
        }
        return notes.isEmpty ? 0 : total / Double(notes.count)
    }

    @Test(.enabled(if: enabled)) func zeroShotAndTrainedMAP() throws {
        let fixture = RankingFixture.shared
        let dev = try Self.load("dev")
        let documents = dev.map { fixture.document($0.text, id: $0.id) }
        let options = RankingOptions(top: 100)
        let zeroShot = Self.meanAveragePrecision(dev, documents.map { fixture.ranker().rank($0, options: options) })
        print("CodiEsp dev MAP zero-shot: \(zeroShot)")
        #expect(zeroShot >= 0.18)

        var trainer = RankingTrainer(terminology: fixture.terminology, rules: fixture.rules)
        for note in try Self.load("train") {
            trainer.add(fixture.document(note.text, id: note.id), gold: Set(note.gold.map { CodeReference(system: .icd10cm, code: $0) }))
        }
        let ranker = fixture.ranker(model: trainer.finish())
        let trained = Self.meanAveragePrecision(dev, documents.map { ranker.rank($0, options: options) })
        print("CodiEsp dev MAP trained on train: \(trained)")
        #expect(trained >= 0.30)
    }
}
