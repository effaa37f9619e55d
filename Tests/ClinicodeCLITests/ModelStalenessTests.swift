import Clinicode
import Foundation
import Testing

/// The committed default model must be what the committed Lexicons build.
@Suite("committed model")
struct ModelStalenessTests {
    @Test("Models/default.clinicode-model matches a rebuild from Lexicons/")
    func committedModelIsCurrent() throws {
        let rebuilt = try ClinicodeModel.build(lexiconsDirectory: SuggestCLI.root + "/Lexicons").serialized()
        let committed = FileManager.default.contents(atPath: SuggestCLI.modelPath).map(Array.init) ?? []
        #expect(!committed.isEmpty, "Models/default.clinicode-model is missing: run `clinicode build-model`")
        let current = rebuilt.count == committed.count && rebuilt == committed
        #expect(current,
                "Models/default.clinicode-model is stale (Lexicons or stage encodings changed): run `clinicode build-model` and commit it")
    }
}
