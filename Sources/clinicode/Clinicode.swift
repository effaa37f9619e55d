import ArgumentParser
import Clinicode

/// The `clinicode` command: ranked ICD-10-CM (and licensed CPT) code
/// suggestions for clinical notes, with the evidence behind each.
@main
struct ClinicodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinicode",
        abstract: "Suggest ICD-10-CM and CPT codes for clinical notes, with evidence.",
        discussion: """
            Reads free-text clinical notes and returns ranked code suggestions, each with \
            the text that supports it; negated, doubtful and family-history mentions are \
            left out (or mapped to history codes) as the Official Guidelines require.
            """,
        version: ClinicodeVersion.string,
        subcommands: [
            Suggest.self, Lookup.self, Context.self, Tokenize.self,
            Eval.self, Train.self, BuildModel.self,
        ],
        defaultSubcommand: nil
    )

    /// Runs a common `suggest` invocation without the argument parser (see
    /// `SuggestJob.init?(commonArguments:)`); everything else goes through it.
    static func main() async {
        guard let job = SuggestJob(commonArguments: CommandLine.arguments.dropFirst()) else {
            await main(nil)
            return
        }
        do {
            try job.run()
        } catch {
            exit(withError: error)
        }
    }
}
