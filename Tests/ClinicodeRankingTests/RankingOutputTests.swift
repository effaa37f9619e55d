import ClinicodeCore
import ClinicodeText
import ClinicodeTerminology
import ClinicodeContext
import ClinicodeRanking
import Testing

/// Ordering, cut-offs, options and the serialised rules/model.
@Suite struct RankingOutputTests {
    let fixture = RankingFixture.shared
    let text = """
        Assessment: Community acquired pneumonia. Hypertension. Chest pain. Type 2 diabetes mellitus.
        Headache. Anemia.
        """

    @Test func outputIsDeterministicAndSortedByScoreThenCode() {
        let document = fixture.document(text)
        let ranker = fixture.ranker()
        let first = ranker.rank(document, options: RankingOptions(top: 50))
        let second = ranker.rank(document, options: RankingOptions(top: 50))
        #expect(first == second)
        #expect(first.suggestions.count >= 3)
        for (a, b) in zip(first.suggestions, first.suggestions.dropFirst()) {
            #expect(a.score > b.score || (a.score == b.score && a.code < b.code))
        }
        #expect(first.suggestions.allSatisfy { $0.score >= 0 && $0.score <= 1 })
    }

    @Test func topAndMinScoreCutTheList() {
        let document = fixture.document(text)
        let ranker = fixture.ranker()
        let all = ranker.rank(document, options: RankingOptions(top: 100))
        let two = ranker.rank(document, options: RankingOptions(top: 2))
        #expect(two.codes == Array(all.codes.prefix(2)))
        let strict = ranker.rank(document, options: RankingOptions(minScore: 0.99))
        #expect(strict.suggestions.allSatisfy { $0.score >= 0.99 })
        let defaults = ranker.rank(document, options: RankingOptions())
        #expect(defaults.suggestions.allSatisfy { $0.score >= RankingOptions.defaultMinScore })
    }

    @Test func systemFilterDropsOtherSystems() {
        let document = fixture.document(text)
        let none = fixture.ranker().rank(document, options: RankingOptions(top: 50, systems: [CodeSystemID(rawValue: "OTHER")]))
        #expect(none.suggestions.isEmpty)
    }

    @Test func rulesSurviveEncoding() throws {
        var writer = BinaryWriter()
        fixture.rules.encode(to: &writer)
        let bytes = writer.bytes
        let decoded = try bytes.withUnsafeBytes { buffer -> RankingRules in
            var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
            return try RankingRules(from: &reader)
        }
        let document = fixture.document("Family history: mother had breast cancer. Assessment: Hypertension. Heart failure.")
        let original = fixture.ranker().rank(document, options: RankingOptions(top: 20))
        let roundTrip = Ranker(terminology: fixture.terminology, model: .zeroShot, rules: decoded)
            .rank(document, options: RankingOptions(top: 20))
        #expect(original == roundTrip)
    }

    @Test func corruptModelBytesThrow() {
        let bytes: [UInt8] = [1, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 127]
        let decoded = try? bytes.withUnsafeBytes { buffer -> RankingModel in
            var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
            return try RankingModel(from: &reader)
        }
        #expect(decoded == nil)
    }

    @Test func trainedModelLearnsCodesTheLexiconCannotNameAndSurvivesEncoding() throws {
        // R69 ("illness, unspecified") is named by no phrase; coders use it for
        // notes about malaise workups. The model must learn it from examples.
        var trainer = RankingTrainer(terminology: fixture.terminology, rules: fixture.rules)
        let r69 = CodeReference(system: .icd10cm, code: "R69")
        let pneumonia = CodeReference(system: .icd10cm, code: "J18.9")
        for index in 0..<12 {
            trainer.add(fixture.document("Patient seen for general malaise workup and fatigue evaluation \(index).", id: "a\(index)"), gold: [r69])
            trainer.add(fixture.document("Assessment: Community acquired pneumonia, lobe \(index).", id: "b\(index)"), gold: [pneumonia])
        }
        let model = trainer.finish()
        #expect(model.isTrained)
        #expect(model.learnedCodeCount == 2)
        let note = fixture.document("General malaise workup with fatigue evaluation.")
        let result = fixture.ranker(model: model).rank(note, options: RankingOptions(top: 10))
        #expect(result.codes.first == "R69")

        var writer = BinaryWriter()
        model.encode(to: &writer)
        let bytes = writer.bytes
        let decoded = try bytes.withUnsafeBytes { buffer -> RankingModel in
            var reader = BinaryReader(buffer: buffer, owner: nil, context: "test")
            return try RankingModel(from: &reader)
        }
        #expect(decoded.isTrained)
        let again = fixture.ranker(model: decoded).rank(note, options: RankingOptions(top: 10))
        #expect(again == result)
    }

    @Test func trainedModelNeverResurrectsNegatedCodes() {
        var trainer = RankingTrainer(terminology: fixture.terminology, rules: fixture.rules)
        let pneumonia = CodeReference(system: .icd10cm, code: "J18.9")
        for index in 0..<12 {
            trainer.add(fixture.document("Assessment: Community acquired pneumonia, cough \(index).", id: "p\(index)"), gold: [pneumonia])
        }
        let model = trainer.finish()
        let result = fixture.ranker(model: model).rank(fixture.document("Assessment: cough. No pneumonia."), options: RankingOptions(top: 20))
        #expect(!result.codes.contains("J18.9"))
    }
}
