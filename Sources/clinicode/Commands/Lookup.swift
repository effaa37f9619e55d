import ArgumentParser
import Clinicode
import Foundation

/// `clinicode lookup "PHRASE"`: ranked codes for a phrase, the way a coder
/// searches the index: wording coverage both ways (IDF-weighted), expanded to
/// billable codes with laterality and 7th character taken from the phrase.
struct Lookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Rank codes for a diagnosis phrase (\"left distal radius fracture, initial encounter\").")

    /// Output layouts.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, jsonl, tsv
    }

    @Argument(help: "The phrase to look up.")
    var phrase: String

    @Option(name: .long, help: "Number of codes to show.")
    var top: Int = 10

    @Option(name: .long, help: "Output format: table, jsonl or tsv.")
    var format: Format = .table

    @Option(name: .long, help: "Model file (default: $CLINICODE_MODEL, then Models/default.clinicode-model).")
    var model: String?

    @Option(name: .long, help: "Build the terminology from this Lexicons folder instead of reading a model (used when no model exists).")
    var lexicons: String?

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        let hasWord = phrase.unicodeScalars.contains { CharacterSet.alphanumerics.contains($0) }
        guard hasWord else { throw ValidationError("the phrase to look up has no words") }
    }

    func run() throws {
        let (terminology, analyzer) = try loadTerminology()
        let hits = terminology.lookup(phrase, analyzer: analyzer, top: top)
        if hits.isEmpty { StandardError.print("no codes found for \"\(phrase)\"") }
        var output = ""
        switch format {
        case .table:
            output += "rank  code       score  billable  title\n"
            for (rank, hit) in hits.enumerated() {
                let code = hit.code.code.padding(toLength: max(9, hit.code.code.count), withPad: " ", startingAt: 0)
                output += String(rank + 1).padding(toLength: 6, withPad: " ", startingAt: 0)
                    + code + "  " + Self.score(hit.score) + "  " + (hit.billable ? "yes     " : "no      ") + "  " + hit.title + "\n"
            }
        case .tsv:
            output += "rank\tsystem\tcode\tscore\tbillable\ttitle\tterm\n"
            for (rank, hit) in hits.enumerated() {
                output += "\(rank + 1)\t\(hit.code.system.rawValue)\t\(hit.code.code)\t\(Self.score(hit.score))\t"
                    + "\(hit.billable ? 1 : 0)\t\(Self.clean(hit.title))\t\(Self.clean(hit.term))\n"
            }
        case .jsonl:
            for (rank, hit) in hits.enumerated() {
                output += "{\"rank\":\(rank + 1),\"system\":\(JSONText.quoted(hit.code.system.rawValue)),"
                    + "\"code\":\(JSONText.quoted(hit.code.code)),\"score\":\(Self.score(hit.score)),"
                    + "\"billable\":\(hit.billable),\"title\":\(JSONText.quoted(hit.title)),"
                    + "\"term\":\(JSONText.quoted(hit.term))"
                    + (hit.expandedFrom.map { ",\"expanded_from\":\(JSONText.quoted($0.code))" } ?? "") + "}\n"
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The model's terminology (`--model`, `$CLINICODE_MODEL`, then the
    /// default model; only its text and terminology sections are read); with
    /// `--lexicons`, when no model exists, or when the default model cannot be
    /// read, one built from `Lexicons/`.
    private func loadTerminology() throws -> (Terminology, TextAnalyzer) {
        do {
            if lexicons == nil, let location = try? ModelLocator().locate(explicitPath: model) {
                do {
                    return try Self.read(path: location.path)
                } catch where location.origin == "default" {
                    StandardError.print("warning: default model unusable (\(error)); building from Lexicons/")
                }
            }
            guard let directory = lexicons ?? PackageRoot.find().map({ $0 + "/Lexicons" }) else {
                StandardError.error("no model found and no Lexicons/ folder; pass --model PATH or --lexicons DIR")
                throw ExitCode.failure
            }
            let analyzer = TextAnalyzer(rules: try TextRules(lexiconsDirectory: directory))
            return (try Terminology.build(lexiconsDirectory: directory, analyzer: analyzer), analyzer)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// The text rules and terminology sections of a model file, after the
    /// engine-version check `ClinicodeModel.load` makes (another version's
    /// sections may decode to something else without failing).
    private static func read(path: String) throws -> (Terminology, TextAnalyzer) {
        let archive = try ModelArchive(path: path)
        var metaReader = try archive.section(ModelSection.metadata)
        let metadata = try ModelMetadata(from: &metaReader, path: archive.source)
        guard metadata.engineVersion == ClinicodeVersion.string else {
            throw ModelVersionMismatch(path: archive.source, found: metadata.engineVersion, expected: ClinicodeVersion.string)
        }
        var textReader = try archive.section(ModelSection.text)
        let rules = try TextRules(from: &textReader)
        var reader = try archive.section(ModelSection.terminology)
        return (try Terminology(from: &reader), TextAnalyzer(rules: rules))
    }

    private static func score(_ value: Double) -> String { String(format: "%.3f", value) }

    private static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
