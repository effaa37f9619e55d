import Clinicode
import Foundation
import Testing

/// The whole pipeline over the 14 synthetic procedure notes, with the
/// synthetic code system (and its synonyms) loaded the way a user loads a
/// licensed file. Only P codes are scored here.
enum ProcedureCorpus {
    /// Model built in memory once: Lexicons + the synthetic system.
    static let model: ClinicodeModel = {
        do {
            let (loaded, _) = try ProcedureCodeFile.load(path: syntheticFile)
            let (source, _) = loaded.addingSynonyms(try SynonymFile.load(path: synonymsFile))
            return try ClinicodeModel.build(lexiconsDirectory: lexiconsDirectory, extraSources: [source],
                                            extraSourceLabels: ["synthetic-procedures.tsv"])
        } catch {
            fatalError("cannot build the model: \(error)")
        }
    }()

    static let pipeline = Pipeline(model: model)
    /// The same rules the pipeline applies, for inspecting decisions.
    static let coder = ProcedureCoder(
        rules: model.procedureRules, terminology: model.terminology, analyzer: TextAnalyzer(rules: model.textRules))

    /// Note ids in file order.
    static let noteIDs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: proceduresCorpus + "/notes")) ?? []
        return names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    /// Gold P codes per note.
    static let gold: [String: Set<String>] = {
        var result: [String: Set<String>] = [:]
        for id in noteIDs { result[id] = [] }
        for line in readText(proceduresCorpus + "/gold.tsv").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 2, fields[1].hasPrefix("P"), !fields[1].contains(".") else { continue }
            result[fields[0], default: []].insert(fields[1])
        }
        return result
    }()

    static let settings: [String: CareSetting] = {
        var result: [String: CareSetting] = [:]
        for line in readText(proceduresCorpus + "/settings.tsv").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            if fields.count == 2 { result[fields[0]] = CareSetting(rawValue: fields[1]) }
        }
        return result
    }()

    /// The pipeline's result for a note (the pipeline applies the procedure rules).
    static func result(_ id: String) -> NoteResult {
        let text = readText(proceduresCorpus + "/notes/" + id + ".txt")
        return pipeline.suggest(id: id, text: text, options: RankingOptions(setting: settings[id] ?? .outpatient))
    }

    /// Suggested P codes per note.
    static let predictions: [String: Set<String>] = {
        var result: [String: Set<String>] = [:]
        for id in noteIDs {
            result[id] = Set(ProcedureCorpus.result(id).suggestions.filter { $0.code.system == .cpt }.map(\.code.code))
        }
        return result
    }()
}

@Suite("Procedure notes end to end")
struct ProcedureCorpusTests {
    @Test("P-code precision and recall on the 14 procedure notes stay above a floor")
    func precisionRecall() throws {
        try #require(ProcedureCorpus.noteIDs.count == 14)
        var truePositives = 0, predicted = 0, expected = 0
        var report: [String] = []
        for id in ProcedureCorpus.noteIDs {
            let gold = ProcedureCorpus.gold[id] ?? []
            let guess = ProcedureCorpus.predictions[id] ?? []
            truePositives += gold.intersection(guess).count
            predicted += guess.count
            expected += gold.count
            if gold != guess {
                report.append("\(id): missed \(gold.subtracting(guess).sorted()), extra \(guess.subtracting(gold).sorted())")
            }
        }
        let precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
        let recall = expected == 0 ? 0 : Double(truePositives) / Double(expected)
        print("procedure P-codes: precision \(precision), recall \(recall) (\(truePositives)/\(predicted) predicted, \(expected) gold)")
        for line in report { print("  " + line) }
        #expect(precision >= 0.9)
        #expect(recall >= 0.85)
    }

    @Test("a cancelled procedure note suggests no procedure and says why")
    func cancelled() {
        let result = ProcedureCorpus.result("pr-013-colonoscopy-cancelled-prep")
        #expect(!result.suggestions.contains { $0.code.system == .cpt })
        #expect(result.excluded.contains { $0.code.system == .cpt && $0.reason == .notPerformed })
    }

    @Test("an add-on code comes with its base when the note counts two or more treated lesions")
    func addOn() {
        func codes(_ text: String) -> Set<String> {
            Set(ProcedureCorpus.pipeline.suggest(id: "n", text: text).suggestions.filter { $0.code.system == .cpt }.map(\.code.code))
        }
        let many = codes("PROCEDURE PERFORMED: Cryotherapy to actinic keratoses x4 on the scalp, treated with cryotherapy.")
        #expect(many.isSuperset(of: ["P0017", "P0018"]))
        let text = "PROCEDURE PERFORMED: Cryotherapy to actinic keratoses x4 on the scalp, treated with cryotherapy."
        var limited = ProcedureCorpus.pipeline.suggest(id: "n", text: text, options: RankingOptions(top: 1))
        ProcedureCorpus.coder.apply(to: &limited, document: ProcedureCorpus.pipeline.annotate(id: "n", text: text), limit: 1)
        #expect(limited.suggestions.count == 1)
        let one = codes("PROCEDURE PERFORMED: Cryotherapy to a single actinic keratosis of the nose; actinic keratoses cryotherapy done.")
        #expect(one.contains("P0017"))
        #expect(!one.contains("P0018"))
    }

    @Test("a procedure that was not performed is excluded as not performed, with its cue")
    func notPerformedReasons() {
        for cue in ["was deferred", "was declined by the patient", "is planned for next week", "was cancelled",
                    "is recommended", "is scheduled for 03/19"] {
            let result = ProcedureCorpus.pipeline.suggest(id: "n", text: "Laparoscopic cholecystectomy \(cue).")
            #expect(!result.suggestions.contains { $0.code.code == "P0003" }, "\(cue)")
            let excluded = result.excluded.first { $0.code.code == "P0003" }
            #expect(excluded?.reason == .notPerformed, "\(cue)")
        }
        let done = ProcedureCorpus.pipeline.suggest(id: "n", text: "Laparoscopic cholecystectomy was performed without complication.")
        #expect(done.suggestions.contains { $0.code.code == "P0003" })
    }
}
