import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct Context: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "context", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'context' is not available in this build yet") }
}
