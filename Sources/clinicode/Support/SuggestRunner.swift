import Clinicode
import Foundation

/// Drives `clinicode suggest` over a stream of inputs: processes them in
/// bounded chunks on `jobs` threads and writes each chunk's output in input
/// order, so output is identical for any `jobs` and memory stays flat.
struct SuggestRunner {
    /// What became of one input.
    private enum Outcome: Sendable {
        /// The note's output, as UTF-8.
        case output([UInt8])
        case failure(label: String, message: String, output: String?, detail: String?)
    }

    let pipeline: Pipeline
    let options: RankingOptions
    let formatter: any SuggestionFormatter
    let loader: NoteFileLoader
    let parser: JSONLNoteParser
    let batch: BatchRunner
    let verbose: Bool
    private var sink = OutputSink()
    /// Inputs that failed so far (decides the exit status).
    private(set) var failures = 0
    /// Inputs handled so far, failed or not.
    private(set) var processed = 0

    /// A runner writing to standard output.
    init(pipeline: Pipeline, options: RankingOptions, formatter: any SuggestionFormatter,
         maxNoteBytes: Int, jobs: Int, verbose: Bool) {
        self.pipeline = pipeline
        self.options = options
        self.formatter = formatter
        loader = NoteFileLoader(maxBytes: maxNoteBytes)
        parser = JSONLNoteParser(maxTextBytes: maxNoteBytes)
        batch = BatchRunner(jobs: jobs)
        self.verbose = verbose
    }

    /// How many inputs to hold at once: enough to keep every thread busy.
    /// Threads wait for the chunk's slowest note at its end, so chunks of
    /// 32 notes per thread (not 8) keep that wait small: on the CodiEsp
    /// notes' sizes two threads lose ~1% to it instead of ~4%, while memory
    /// stays bounded by a few dozen notes.
    var chunkSize: Int { max(64, batch.jobs * 32) }

    /// Processes one chunk and writes its output in order.
    mutating func run(_ inputs: [NoteInput]) throws(OutputSink.Closed) {
        let pipeline = pipeline, options = options, formatter = formatter
        let loader = loader, parser = parser, verbose = verbose
        let outcomes = batch.map(inputs) { input in
            Self.process(input, pipeline: pipeline, options: options, formatter: formatter,
                         loader: loader, parser: parser, verbose: verbose)
        }
        processed += outcomes.count
        for outcome in outcomes {
            switch outcome {
            case let .output(bytes):
                try sink.write(bytes: bytes)
            case let .failure(label, message, output, detail):
                failures += 1
                // Stdout first, so a terminal shows the error after the notes before it.
                if let output { try sink.write(output) }
                try sink.flush()
                StandardError.error(label + ": " + message)
                if let detail { StandardError.print("  " + detail) }
            }
        }
        try sink.flush()
    }

    private static func process(
        _ input: NoteInput, pipeline: Pipeline, options: RankingOptions, formatter: any SuggestionFormatter,
        loader: NoteFileLoader, parser: JSONLNoteParser, verbose: Bool
    ) -> Outcome {
        switch input {
        case let .file(path, id):
            do {
                let (text, warnings) = try loader.load(path: path)
                return .output(suggest(id: id, text: text, warnings: warnings, pipeline, options, formatter))
            } catch {
                return .failure(label: path, message: error.reason,
                                output: formatter.formatFailure(id: id, line: nil, message: error.reason), detail: nil)
            }
        case let .note(id, text, warnings):
            return .output(suggest(id: id, text: text, warnings: warnings, pipeline, options, formatter))
        case let .jsonLine(bytes, line, label):
            do {
                let (id, text) = try parser.parse(bytes, line: line)
                return .output(suggest(id: id, text: text, warnings: [], pipeline, options, formatter))
            } catch {
                // Only --verbose may show note content.
                let detail = verbose ? "line starts: " + String(decoding: bytes.prefix(200), as: UTF8.self) : nil
                return .failure(label: "\(label):\(line)", message: error.reason,
                                output: formatter.formatFailure(id: error.id, line: line, message: error.reason),
                                detail: detail)
            }
        case let .failure(id, line, label, message):
            return .failure(label: label, message: message,
                            output: formatter.formatFailure(id: id, line: line, message: message), detail: nil)
        }
    }

    private static func suggest(id: String, text: String, warnings: [String], _ pipeline: Pipeline,
                                _ options: RankingOptions, _ formatter: any SuggestionFormatter) -> [UInt8] {
        var result = pipeline.suggest(id: id, text: text, options: options)
        if !warnings.isEmpty { result.warnings = warnings + result.warnings }
        return formatter.formatUTF8(result)
    }
}
