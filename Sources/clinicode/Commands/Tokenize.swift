import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'tokenize' is not available in this build yet") }
}
