import ClinicodeCore
import ClinicodeRanking
import Foundation
import Testing

/// The trained ranker, learned from the project's own synthetic corpus
/// (`Corpora/notes` with `Corpora/gold/codes.tsv`) plus a few notes made up here.
@Suite("trained ranking")
struct TrainedRankingTests {
    /// A code no lexicon phrase of these notes names ("Illness, unspecified").
    static let learnedOnly = "R69"

    /// Notes where coders added R69 whenever the (made-up) word "quorvane"
    /// appears; no phrase names the code.
    static let quorvaneNotes: [(text: String, gold: [String])] = (0..<6).map { index in
        (
            "Assessment: patient on quorvane protocol, visit \(index). Hypertension, stable on lisinopril.",
            [learnedOnly, "I10"]
        )
    }

    static let corpusNotes: [(id: String, text: String, gold: [String])] = {
        let root = RankingFixture.packageRoot + "/Corpora"
        var gold: [String: [String]] = [:]
        let rows = (try? String(contentsOfFile: root + "/gold/codes.tsv", encoding: .utf8)) ?? ""
        for line in rows.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            if fields.count >= 2 { gold[String(fields[0]), default: []].append(String(fields[1])) }
        }
        return gold.keys.sorted().compactMap { id in
            guard let text = try? String(contentsOfFile: "\(root)/notes/\(id).txt", encoding: .utf8) else { return nil }
            return (id, text, gold[id]!)
        }
    }()

    /// The model trained on the corpus and the made-up notes (built once).
    static let model: RankingModel = {
        let fixture = RankingFixture.shared
        var trainer = RankingTrainer(terminology: fixture.terminology, rules: fixture.rules)
        for note in corpusNotes {
            trainer.add(fixture.document(note.text, id: note.id), gold: Set(note.gold.map { CodeReference(system: .icd10cm, code: $0) }))
        }
        for (index, note) in quorvaneNotes.enumerated() {
            trainer.add(fixture.document(note.text, id: "quorvane-\(index)"), gold: Set(note.gold.map { CodeReference(system: .icd10cm, code: $0) }))
        }
        return trainer.finish()
    }()

    func rank(_ text: String, model: RankingModel = Self.model) -> NoteResult {
        let fixture = RankingFixture.shared
        return fixture.ranker(model: model).rank(fixture.document(text), options: RankingOptions(top: 30))
    }

    @Test("the corpus trains a model")
    func trains() {
        #expect(Self.corpusNotes.count >= 30)
        #expect(Self.model.isTrained)
        #expect(Self.model.learnedCodeCount > 50)
    }

    @Test("a code learned from similar notes is suggested without any mention of it")
    func learnedCodeWithoutMention() {
        let result = rank("Assessment: patient continues the quorvane protocol. Hypertension, stable.")
        #expect(result.codes.contains(Self.learnedOnly), "\(result.codes)")
        let zeroShot = RankingFixture.shared.rank("Assessment: patient continues the quorvane protocol. Hypertension, stable.")
        #expect(!zeroShot.codes.contains(Self.learnedOnly), "the lexicon alone cannot name it")
    }

    @Test("a code whose only mention is negated stays excluded, however similar the note")
    func negatedOnlyCodeStaysExcluded() {
        // Close to the training notes coded I10, but hypertension is denied.
        let result = rank("Assessment: patient on quorvane protocol. No hypertension. Denies hypertension.")
        #expect(!result.suggests(prefix: "I10"), "\(result.codes)")
        #expect(result.excludes(prefix: "I10", reason: .negated))
        // The learned-only code is still offered: its evidence is not a mention.
        #expect(result.codes.contains(Self.learnedOnly), "\(result.codes)")
    }

    @Test("a category the note only denies gets no learned child")
    func deniedCategoryGetsNoLearnedChild() throws {
        // The corpus codes diabetes notes with E11 children; this note denies diabetes.
        let diabetic = try #require(Self.corpusNotes.first { $0.gold.contains { $0.hasPrefix("E11") } })
        let trained = rank(diabetic.text)
        #expect(trained.suggests(prefix: "E11"), "the affirmed note gets its diabetes code: \(trained.codes)")
        let denied = rank("Patient denies diabetes. No diabetes mellitus. " + "Follow-up visit, blood pressure reviewed.")
        #expect(!denied.suggests(prefix: "E11"), "\(denied.codes)")
    }

    @Test("the model file round trip keeps the rankings")
    func roundTrip() throws {
        var writer = BinaryWriter()
        Self.model.encode(to: &writer)
        let bytes = writer.bytes
        let decoded = try bytes.withUnsafeBytes { buffer -> RankingModel in
            var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
            return try RankingModel(from: &reader)
        }
        #expect(decoded.documentCount == Self.model.documentCount)
        #expect(decoded.learnedCodeCount == Self.model.learnedCodeCount)
        for note in Self.corpusNotes.prefix(5) {
            let before = rank(note.text)
            let after = rank(note.text, model: decoded)
            #expect(before.codes == after.codes)
            #expect(before.suggestions.map(\.score) == after.suggestions.map(\.score))
        }
    }

    @Test("the trained ranker ranks a training note's gold codes better than the lexicon alone")
    func trainedBeatsZeroShotOnSeenNotes() {
        func averagePrecision(_ codes: [String], _ gold: Set<String>) -> Double {
            var hits = 0, sum = 0.0
            for (rank, code) in codes.enumerated() where gold.contains(code) {
                hits += 1
                sum += Double(hits) / Double(rank + 1)
            }
            return gold.isEmpty ? 0 : sum / Double(gold.count)
        }
        var trained = 0.0, zeroShot = 0.0
        for note in Self.corpusNotes {
            trained += averagePrecision(rank(note.text).codes, Set(note.gold))
            zeroShot += averagePrecision(RankingFixture.shared.rank(note.text).codes, Set(note.gold))
        }
        #expect(trained > zeroShot)
    }

    @Test("trained scores stay confidences: summed, they are about the number of gold codes they cover")
    func scoresStayCalibrated() {
        // The fusion is fitted for each note's order; its scale is then mapped
        // back to probabilities, which the default cut-off and users rely on.
        var expected = 0.0, found = 0.0
        for note in Self.corpusNotes {
            let gold = Set(note.gold)
            for suggestion in rank(note.text).suggestions {
                #expect(suggestion.score >= 0 && suggestion.score <= 1)
                expected += suggestion.score
                if gold.contains(suggestion.code.code) { found += 1 }
            }
        }
        #expect(found > 0)
        #expect(expected > 0.5 * found && expected < 2 * found, "scores sum to \(expected) for \(found) gold codes")
    }
}
