import Clinicode
import Foundation
import Testing

/// The model's per-code catalog table (`ranking.catalog`): written with the
/// model, read from the file, dropped when what it was made from changes,
/// and ranking exactly as the ranker does without it.
@Suite("model catalog table")
struct ModelCatalogTests {
    /// The committed model, loaded from its file.
    static func loadedModel() throws -> ClinicodeModel {
        try ClinicodeModel.load(path: SuggestCLI.modelPath)
    }

    /// The project corpus's notes (id, text), in name order.
    static func corpusNotes() throws -> [(id: String, text: String)] {
        let folder = SuggestCLI.root + "/Corpora/notes"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted().map {
            ($0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8))
        }
    }

    @Test("the model file carries the table, and a loaded model uses it")
    func loadedModelHasTable() throws {
        let model = try Self.loadedModel()
        #expect(model.rankingCatalog != nil)
        let archive = try ModelArchive(path: SuggestCLI.modelPath)
        #expect(archive.hasSection(ModelSection.rankingCatalog))
    }

    @Test("changing the terminology or the ranking rules drops the table")
    func mutationDropsTable() throws {
        var model = try Self.loadedModel()
        let rules = model.rankingRules
        model.rankingRules = rules
        #expect(model.rankingCatalog == nil)
        var other = try Self.loadedModel()
        let terminology = other.terminology
        other.terminology = terminology
        #expect(other.rankingCatalog == nil)
        // A new ranking model (training) keeps it: the table does not depend on it.
        let retrained = try Self.loadedModel().replacingRankingModel(.zeroShot, trainedNotes: 0)
        #expect(retrained.rankingCatalog != nil)
    }

    @Test("ranking with the table gives what ranking without it gives")
    func sameRankingWithAndWithoutTable() throws {
        let withTable = try Self.loadedModel()
        var withoutTable = withTable
        withoutTable.rankingRules = withTable.rankingRules  // the same rules, so the table is dropped
        #expect(withTable.rankingCatalog != nil && withoutTable.rankingCatalog == nil)
        let fast = Pipeline(model: withTable), lazy = Pipeline(model: withoutTable)
        let notes = try Self.corpusNotes()
        #expect(notes.count > 20)
        for setting in [CareSetting.outpatient, .inpatient] {
            let options = RankingOptions(setting: setting, top: 30)
            for note in notes {
                let expected = lazy.suggest(id: note.id, text: note.text, options: options)
                let found = fast.suggest(id: note.id, text: note.text, options: options)
                #expect(found == expected, "\(note.id) (\(setting)) ranks differently with the catalog table")
            }
        }
    }

    @Test("a table for another terminology is ignored, not misread")
    func foreignTableIgnored() throws {
        let model = try Self.loadedModel()
        var writer = BinaryWriter()
        #expect(CatalogTable.encode(terminology: model.terminology, rules: model.rankingRules, to: &writer))
        var builder = ModelArchiveBuilder()
        builder.add(section: ModelSection.rankingCatalog, writer.bytes)
        let archive = try ModelArchive(serialized: builder.serialized())
        var reader = try archive.section(ModelSection.rankingCatalog)
        #expect(try CatalogTable(from: &reader, owner: archive, codeCount: model.terminology.codeCount + 1) == nil)
        var again = try archive.section(ModelSection.rankingCatalog)
        #expect(try CatalogTable(from: &again, owner: archive, codeCount: model.terminology.codeCount) != nil)
    }
}
