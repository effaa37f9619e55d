import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct BuildModel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build-model", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'build-model' is not available in this build yet") }
}
