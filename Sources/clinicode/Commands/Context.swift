import ArgumentParser
import Clinicode
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `clinicode context`: the assertion (negation, certainty, time, experiencer)
/// of a target phrase, or of every concept mention, for JSON Lines input.
struct Context: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Say whether conditions in a text are negated, doubtful, past or about someone else.",
        discussion: """
            Each input line is {"id": "...", "text": "...", "target": "..."}. With a target (found \
            case-insensitively in the text) the output line is {"id", "target", "start", "end", "negation": \
            negated|affirmed, "certainty": certain|possible|hypothetical, "temporality": recent|historical, \
            "experiencer": patient|family|other, "resolved", "label", "trigger": the main cue or null, \
            "triggers": [...]}. Without a target every concept mention the matcher finds is listed under \
            "mentions". One output line per input line, in order; a bad line gives {"id", "error"} and exit \
            status 1 at the end. --evaluate-negex PATH scores a NegEx-style annotated TSV instead.
            """)

    @Option(name: .long, help: "Input format (only jsonl).")
    var input: String = "jsonl"

    @Argument(help: "JSON Lines file, or - for standard input.")
    var file: String = "-"

    @Option(name: .long, help: "Build the rules from this Lexicons folder instead of loading the model.")
    var lexicons: String?

    @Option(name: .long, help: "Model file (default: $CLINICODE_MODEL, then Models/default.clinicode-model).")
    var model: String?

    @Option(name: .customLong("evaluate-negex"),
            help: "Score a TSV (id, condition, sentence, negation, temporality, experiencer) and print figures.")
    var evaluateNegex: String?

    @Flag(name: .customLong("show-errors"),
          help: "With --evaluate-negex, also print every wrongly labelled row (kind, id, condition, sentence, cues).")
    var showErrors = false

    func validate() throws {
        guard input == "jsonl" else { throw ValidationError("--input must be 'jsonl'") }
    }

    func run() throws {
        OutputSink.ignoreBrokenPipeSignal()
        let engine = try ContextEngine.load(lexicons: lexicons, model: model)
        if let path = evaluateNegex {
            guard let data = FileManager.default.contents(atPath: path) else {
                StandardError.error("cannot read '\(path)'")
                throw ExitCode.failure
            }
            let evaluation = NegexEvaluation(text: String(decoding: data, as: UTF8.self),
                                             analyzer: engine.analyzer, detector: engine.detector)
            print(evaluation.report)
            if showErrors { evaluation.errorLines.forEach { print($0) } }
            return
        }
        var descriptor: Int32 = 0
        let label = file == "-" ? "<stdin>" : file
        if file != "-" {
            descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else {
                StandardError.error("cannot read '\(file)': " + String(cString: strerror(errno)))
                throw ExitCode.failure
            }
        }
        defer { if descriptor > 0 { close(descriptor) } }
        var failed = false
        var sink = OutputSink()
        var stream = JSONLinesStream(descriptor: descriptor, label: label, maxLineBytes: ContextLine.maxLineBytes)
        do {
            while true {
                let chunk = stream.nextChunk(maxLines: 64)
                if chunk.isEmpty { break }
                for item in chunk {
                    let (output, error) = ContextLine.process(item, engine: engine)
                    if let error {
                        failed = true
                        StandardError.error(error)
                    }
                    try sink.write(output + "\n")
                }
                try sink.flush()
            }
            try sink.flush()
        } catch {
            return  // the reader closed the pipe: stop quietly
        }
        if failed { throw ExitCode.failure }
    }
}

/// The stages `context` needs, from a model or straight from Lexicons/.
final class ContextEngine: @unchecked Sendable {
    let analyzer: TextAnalyzer
    let detector: ContextDetector
    private let lexicons: String?
    private var terminologyCache: Terminology?
    private var terminologyError: String?

    private init(analyzer: TextAnalyzer, detector: ContextDetector, lexicons: String?, terminology: Terminology?) {
        self.analyzer = analyzer
        self.detector = detector
        self.lexicons = lexicons
        terminologyCache = terminology
    }

    /// `--lexicons` wins; then the model; then a Lexicons/ folder in the source tree.
    static func load(lexicons: String?, model: String?) throws -> ContextEngine {
        if lexicons == nil {
            do {
                let location = try ModelLocator().locate(explicitPath: model)
                let loaded = try ClinicodeModel.load(path: location.path)
                return ContextEngine(analyzer: TextAnalyzer(rules: loaded.textRules),
                                     detector: ContextDetector(rules: loaded.contextRules),
                                     lexicons: nil, terminology: loaded.terminology)
            } catch {
                if model != nil || PackageRoot.find() == nil {
                    StandardError.error("\(error)")
                    throw ExitCode.failure
                }
                if !(error is ModelLocator.NotFound) {
                    StandardError.print("note: model unusable (\(error)); using the Lexicons/ folder instead")
                }
            }
        }
        let directory = lexicons ?? (PackageRoot.find()! + "/Lexicons")
        do {
            let textRules = try TextRules(lexiconsDirectory: directory)
            let analyzer = TextAnalyzer(rules: textRules)
            let rules = try ContextRules(lexiconsDirectory: directory, analyzer: analyzer)
            return ContextEngine(analyzer: analyzer, detector: ContextDetector(rules: rules),
                                 lexicons: directory, terminology: nil)
        } catch {
            StandardError.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// The concept matcher, built from Lexicons/ on first use when no model was loaded.
    func terminology() throws -> Terminology {
        if let terminologyCache { return terminologyCache }
        if let terminologyError { throw ContextLine.Failure(id: nil, reason: terminologyError) }
        do {
            let built = try Terminology.build(lexiconsDirectory: lexicons ?? "Lexicons", analyzer: analyzer)
            terminologyCache = built
            return built
        } catch {
            terminologyError = "cannot build the concept matcher: \(error)"
            throw ContextLine.Failure(id: nil, reason: terminologyError!)
        }
    }
}

/// One input line of `clinicode context` turned into one output line.
enum ContextLine {
    /// Longest line accepted, in bytes.
    static let maxLineBytes = 64 << 20

    struct Failure: Error {
        var id: String?
        var reason: String
    }

    /// The output line, and an error message for stderr when the line failed.
    static func process(_ item: NoteInput, engine: ContextEngine) -> (String, String?) {
        switch item {
        case let .jsonLine(bytes, line, label):
            do {
                return (try answer(bytes, line: line, engine: engine), nil)
            } catch let failure as Failure {
                return (errorLine(id: failure.id, reason: failure.reason), "\(label):\(line): \(failure.reason)")
            } catch {
                return (errorLine(id: nil, reason: "\(error)"), "\(label):\(line): \(error)")
            }
        case let .failure(id, line, label, message):
            let reason = message.contains("max-note-bytes") ? "line is longer than \(maxLineBytes) bytes" : message
            return (errorLine(id: id, reason: reason), "\(label)\(line.map { ":\($0)" } ?? ""): \(reason)")
        case let .note(id, _, _), let .file(_, id, _):
            return (errorLine(id: id, reason: "unexpected input"), "unexpected input")
        }
    }

    private static func answer(_ bytes: [UInt8], line: Int, engine: ContextEngine) throws -> String {
        let id: String, text: String, record: [String: Any]
        do {
            (id, text, record) = try JSONLNoteParser(maxTextBytes: maxLineBytes).parseRecord(bytes, line: line)
        } catch {
            throw Failure(id: error.id, reason: error.reason)
        }
        let document = engine.analyzer.analyze(id: id, text: text)
        switch record["target"] {
        case nil, is NSNull:
            return try mentionsLine(id: id, document: document, engine: engine)
        case let target as String:
            guard !target.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Failure(id: id, reason: "\"target\" is empty")
            }
            guard let span = TargetLocator.locate(target, in: document, analyzer: engine.analyzer) else {
                throw Failure(id: id, reason: "target not found in text")
            }
            let assertion = engine.detector.assertion(for: span, in: document)
            return "{\"id\":\(JSONText.quoted(id)),\"target\":\(JSONText.quoted(document.surface(span))),"
                + "\"start\":\(span.start),\"end\":\(span.end),\(AssertionJSON.fields(assertion))}"
        default:
            throw Failure(id: id, reason: "\"target\" must be a string")
        }
    }

    private static func mentionsLine(id: String, document: Document, engine: ContextEngine) throws -> String {
        var document = document
        do {
            try engine.terminology().annotate(&document)
        } catch let failure as Failure {
            throw Failure(id: id, reason: failure.reason)
        }
        engine.detector.annotate(&document)
        let mentions = document.mentions.map { mention in
            "{\"start\":\(mention.span.start),\"end\":\(mention.span.end),"
                + "\"text\":\(JSONText.quoted(document.surface(mention.span))),"
                + "\"codes\":\(JSONText.array(mention.codes.map(\.code))),\(AssertionJSON.fields(mention.assertion))}"
        }
        return "{\"id\":\(JSONText.quoted(id)),\"mentions\":[" + mentions.joined(separator: ",") + "]}"
    }

    private static func errorLine(id: String?, reason: String) -> String {
        "{\"id\":" + (id.map(JSONText.quoted) ?? "null") + ",\"error\":\(JSONText.quoted(reason))}"
    }
}
