import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "suggest", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'suggest' is not available in this build yet") }
}
