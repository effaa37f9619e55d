import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lookup", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'lookup' is not available in this build yet") }
}
