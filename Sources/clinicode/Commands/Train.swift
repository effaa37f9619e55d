import ArgumentParser
import Clinicode

// Placeholder until the owning stage lands its command.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "(not available yet)")
    func run() throws { throw ValidationError("'train' is not available in this build yet") }
}
