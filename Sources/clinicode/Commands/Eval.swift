import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'eval' is not available in this build yet") }
}
