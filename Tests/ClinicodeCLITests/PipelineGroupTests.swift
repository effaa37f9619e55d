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

/// `Pipeline.load(path:concurrently:alongside:)`: the same pipeline either
/// way, and the caller's other work done on the way.
@Suite("pipeline load")
struct PipelineLoadTests {
    @Test("loading on two threads gives the one-thread results and runs the work alongside", arguments: [false, true])
    func loadsWithWorkAlongside(concurrently: Bool) throws {
        let (pipeline, listed) = try Pipeline.load(path: SuggestCLI.modelPath, concurrently: concurrently) {
            (0..<1000).map { "note-\($0)" }
        }
        #expect(listed.count == 1000 && listed.last == "note-999")
        let serial = Pipeline(model: try ModelCatalogTests.loadedModel())
        let notes = try ModelCatalogTests.corpusNotes()
        #expect(pipeline.suggest(notes) == serial.suggest(notes))
        #expect(pipeline.suggest(notes).contains { !$0.suggestions.isEmpty })
    }

    @Test("a missing model file is an error either way", arguments: [false, true])
    func missingModel(concurrently: Bool) {
        #expect(throws: (any Error).self) {
            _ = try Pipeline.load(path: "/nonexistent/model.clinicode-model", concurrently: concurrently) { 1 }
        }
    }
}
