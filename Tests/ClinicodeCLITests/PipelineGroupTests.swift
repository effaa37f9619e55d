import Clinicode
import Foundation
import Testing

/// `Pipeline.suggest(_:options:)` runs several notes stage by stage; its
/// results must be what each note gives on its own, in order.
@Suite("pipeline over a group of notes")
struct PipelineGroupTests {
    @Test("a group gives each note's own results, in order, in both settings")
    func groupMatchesSingleNotes() throws {
        let pipeline = Pipeline(model: try ModelCatalogTests.loadedModel())
        // The corpus notes, an empty note and a repeated note in between.
        var notes = try ModelCatalogTests.corpusNotes()
        notes.insert(("empty", ""), at: 3)
        notes.insert(notes[0], at: 7)
        #expect(notes.count > 20)
        for setting in [CareSetting.outpatient, .inpatient] {
            var options = RankingOptions()
            options.setting = setting
            let grouped = pipeline.suggest(notes, options: options)
            let single = notes.map { pipeline.suggest(id: $0.id, text: $0.text, options: options) }
            #expect(grouped.map(\.id) == notes.map(\.id))
            #expect(grouped == single)
            #expect(grouped.contains { !$0.suggestions.isEmpty })
        }
        #expect(pipeline.suggest([], options: RankingOptions()).isEmpty)
    }
}
