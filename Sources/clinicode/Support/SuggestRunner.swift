import Clinicode
import Foundation

/// Drives `clinicode suggest` over a stream of inputs: processes groups of
/// them on `jobs` threads and writes each group's output in input order, so
/// output is identical for any `jobs`, and memory stays flat (a bounded
/// number of groups is in flight).
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

    /// How many groups of notes may be in flight, counted from the oldest
    /// whose output is not yet written: enough to keep every thread busy
    /// behind a slow note, while memory stays bounded by about a thousand
    /// notes (sixteen groups per thread).
    var groupsInFlight: Int { max(2, batch.jobs * 16) }

    /// Processes already-listed inputs and writes their output in order.
    /// Near the end the groups shrink to half of what is left per thread (at
    /// least `smallestGroup`), so the threads finish close together: with
    /// full groups one thread sat idle for 1.3 ms (median) at the end of a
    /// `--jobs 2` run while the other finished its last group.
    mutating func run(_ inputs: [NoteInput]) throws(OutputSink.Closed) {
        var start = 0
        let threads = batch.jobs
        try run { () -> [NoteInput]? in
            guard start < inputs.count else { return nil }
            let left = inputs.count - start
            let size = threads == 1 ? Self.groupSize : min(Self.groupSize, max(Self.smallestGroup, left / (2 * threads)))
            let end = min(start + size, inputs.count)
            defer { start = end }
            return Array(inputs[start..<end])
        }
    }

    /// Processes the groups of inputs `nextGroup` yields (`nil`: no more) on
    /// the runner's threads, and writes each group's output in input order as
    /// soon as it and the groups before it are done.
    mutating func run(_ nextGroup: () -> [NoteInput]?) throws(OutputSink.Closed) {
        let pipeline = pipeline, options = options, formatter = formatter
        let loader = loader, parser = parser, verbose = verbose
        try batch.stream(window: groupsInFlight, next: nextGroup, transform: { group in
            Self.process(group, pipeline: pipeline, options: options, formatter: formatter,
                         loader: loader, parser: parser, verbose: verbose)
        }, consume: { (outcomes: [Outcome]) throws(OutputSink.Closed) in
            try write(outcomes)
        })
    }

    /// Writes a group's outcomes, then flushes: an interactive JSONL producer
    /// waiting on its answer gets it before the next line is read.
    private mutating func write(_ outcomes: [Outcome]) throws(OutputSink.Closed) {
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

    /// The fewest notes a group of listed inputs shrinks to near the end.
    static let smallestGroup = 4

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
