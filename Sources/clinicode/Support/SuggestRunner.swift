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
    /// Threads wait for the chunk's slowest group of notes (`groupSize`) at
    /// its end, so a chunk holds sixteen groups per thread: with four, two
    /// threads ran the background notes about 4% slower, and with eight
    /// (groups of 32) 2-4% slower, while memory stays bounded by about a
    /// thousand notes.
    var chunkSize: Int { max(64, batch.jobs * 16 * Self.groupSize) }

    /// Processes one chunk and writes its output in order.
    mutating func run(_ inputs: [NoteInput]) throws(OutputSink.Closed) {
        let pipeline = pipeline, options = options, formatter = formatter
        let loader = loader, parser = parser, verbose = verbose
        let groups = stride(from: 0, to: inputs.count, by: Self.groupSize).map {
            Array(inputs[$0..<min($0 + Self.groupSize, inputs.count)])
        }
        let outcomes = batch.map(groups) { group in
            Self.process(group, pipeline: pipeline, options: options, formatter: formatter,
                         loader: loader, parser: parser, verbose: verbose)
        }.joined()
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

    /// Notes a worker takes at a time and runs stage by stage (see
    /// `Pipeline.suggest(_:options:)`).
    /// Groups of 16 ran the background notes about 8% faster than single
    /// notes (8: 5%), at 1-2 MB more memory. Since the matcher keeps a
    /// per-thread word cache, groups of 32 gain 2% more (64: no better).
    static let groupSize = 32

    /// A note read and ready for the pipeline.
    private struct ReadyNote {
        var id: String
        var text: String
        var warnings: [String]
    }

    /// The outcomes of a group of inputs, in order: the readable notes go
    /// through the pipeline together.
    private static func process(
        _ group: [NoteInput], pipeline: Pipeline, options: RankingOptions, formatter: any SuggestionFormatter,
        loader: NoteFileLoader, parser: JSONLNoteParser, verbose: Bool
    ) -> [Outcome] {
        AllocatorTuning.adviseWorkerHeap()
        var outcomes: [Outcome?] = []
        var ready: [ReadyNote] = []
        // Note files are read through one buffer per group (not one array per note).
        var scratch: [UInt8] = []
        for input in group {
            switch read(input, formatter: formatter, loader: loader, parser: parser, verbose: verbose, scratch: &scratch) {
            case let .note(note):
                ready.append(note)
                outcomes.append(nil)
            case let .failed(outcome):
                outcomes.append(outcome)
            }
        }
        var results = pipeline.suggest(ready.map { ($0.id, $0.text) }, options: options).makeIterator()
        var notes = ready.makeIterator()
        return outcomes.map { outcome in
            if let outcome { return outcome }
            guard var result = results.next(), let note = notes.next() else { preconditionFailure("one result per note") }
            if !note.warnings.isEmpty { result.warnings = note.warnings + result.warnings }
            return .output(formatter.formatUTF8(result))
        }
    }

    /// What reading an input gave: a note for the pipeline, or the outcome of its failure.
    private enum ReadInput {
        case note(ReadyNote)
        case failed(Outcome)
    }

    /// The note an input holds, or the outcome of its failure.
    private static func read(
        _ input: NoteInput, formatter: any SuggestionFormatter, loader: NoteFileLoader, parser: JSONLNoteParser,
        verbose: Bool, scratch: inout [UInt8]
    ) -> ReadInput {
        switch input {
        case let .file(path, id, regular):
            do {
                let (text, warnings) = try loader.load(path: path, listedRegular: regular, scratch: &scratch)
                return .note(ReadyNote(id: id, text: text, warnings: warnings))
            } catch {
                return .failed(.failure(label: path, message: error.reason,
                                        output: formatter.formatFailure(id: id, line: nil, message: error.reason), detail: nil))
            }
        case let .note(id, text, warnings):
            return .note(ReadyNote(id: id, text: text, warnings: warnings))
        case let .jsonLine(bytes, line, label):
            do {
                let (id, text) = try parser.parse(bytes, line: line)
                return .note(ReadyNote(id: id, text: text, warnings: []))
            } catch {
                // Only --verbose may show note content.
                let detail = verbose ? "line starts: " + String(decoding: bytes.prefix(200), as: UTF8.self) : nil
                return .failed(.failure(label: "\(label):\(line)", message: error.reason,
                                        output: formatter.formatFailure(id: error.id, line: line, message: error.reason),
                                        detail: detail))
            }
        case let .failure(id, line, label, message):
            return .failed(.failure(label: label, message: message,
                                    output: formatter.formatFailure(id: id, line: line, message: message), detail: nil))
        }
    }
}
