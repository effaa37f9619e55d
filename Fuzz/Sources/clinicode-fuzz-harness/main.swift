import Clinicode
import Foundation
import FuzzSupport

// clinicode-fuzz-harness: a deterministic property harness (see README.md).
//   --model PATH        model file (default: $CLINICODE_MODEL, then Models/default.clinicode-model)
//   --iterations N      in-process inputs (default 2000)
//   --seed S            first seed (default 1); input i uses seed S+i, so any failure is reproducible
//   --timeout SECONDS   per-input CPU-time bound; exceeding it is a hang (default 10)
//   --big               also run the 10 MB cases (an unspaced line; mixed text)
//   --clinicode BIN     also drive `BIN suggest/context --input jsonl` with hostile JSON Lines
//   --jsonl-lines N     lines in that stream (default 2000)
//   --crashers DIR      where failing inputs are written (default ./crashers)
//   --file PATH         check this file (repeatable) instead of generated inputs

/// Command-line settings.
struct Settings {
    var model: String?
    var iterations = 2000
    var seed: UInt64 = 1
    var timeout: UInt32 = 10
    var big = false
    var clinicode: String?
    var jsonlLines = 2000
    var crashers = "crashers"
    var files: [String] = []

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            func value() -> String {
                guard let next = iterator.next() else { fail("\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--model": model = value()
            case "--iterations": iterations = Int(value()) ?? iterations
            case "--seed": seed = UInt64(value()) ?? seed
            case "--timeout": timeout = UInt32(value()) ?? timeout
            case "--big": big = true
            case "--clinicode": clinicode = value()
            case "--jsonl-lines": jsonlLines = Int(value()) ?? jsonlLines
            case "--crashers": crashers = value()
            case "--file": files.append(value())
            default: fail("unknown argument \(argument)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    exit(64)
}

/// Writes a line unbuffered, so progress survives the watchdog's `_exit`.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
try? FileManager.default.createDirectory(atPath: settings.crashers, withIntermediateDirectories: true)
let currentInputPath = settings.crashers + "/current-input.txt"

// A hang never returns, so the watchdog reports it and exits; the input is
// already on disk as current-input.txt. The bound is on CPU time
// (SIGVTALRM), so a loaded machine does not turn slow inputs into hangs.
signal(SIGVTALRM) { _ in
    let message = "HANG: input over the time bound, kept in crashers/current-input.txt\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    _exit(3)
}

let model: ClinicodeModel
do { model = try StageChecker.loadModel(path: settings.model) } catch { fail("\(error)") }
let checker = StageChecker(model: model)
var failures = 0
var slowest = (seconds: 0.0, seed: UInt64(0), scalars: 0)

/// Checks one input with the watchdog armed; a failing input is kept.
@MainActor func run(_ text: String, name: String) {
    try? Data(text.utf8).write(to: URL(fileURLWithPath: currentInputPath))
    let started = Date()
    var bound = itimerval(it_interval: timeval(), it_value: timeval(tv_sec: Int(settings.timeout), tv_usec: 0))
    setitimer(__itimer_which_t(ITIMER_VIRTUAL.rawValue), &bound, nil)
    let problems = checker.check(text)
    var off = itimerval()
    setitimer(__itimer_which_t(ITIMER_VIRTUAL.rawValue), &off, nil)
    let seconds = Date().timeIntervalSince(started)
    if seconds > slowest.seconds { slowest = (seconds, UInt64(name) ?? 0, text.unicodeScalars.count) }
    if !problems.isEmpty {
        failures += 1
        let path = settings.crashers + "/failure-\(name).txt"
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path))
        say("FAIL \(name): " + problems.prefix(5).joined(separator: "; ") + " (input: \(path))")
    }
}

if !settings.files.isEmpty {
    for path in settings.files {
        let fileStart = Date()
        run(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self), name: "file")
        say(path + ": " + String(format: "%.2f s", Date().timeIntervalSince(fileStart)))
    }
    exit(failures == 0 ? 0 : 1)
}

let generator = NoteGenerator()
let started = Date()
for index in 0..<settings.iterations {
    let seed = settings.seed &+ UInt64(index)
    var random = SeededGenerator(seed: seed)
    run(generator.note(&random), name: String(seed))
    if (index + 1) % 1000 == 0 { say("  \(index + 1) inputs, \(failures) failing") }
}
say("in-process: \(settings.iterations) inputs, \(failures) failing, "
    + String(format: "%.1f s; slowest %.3f s (seed %llu, %d scalars)",
             Date().timeIntervalSince(started), slowest.seconds, slowest.seed, slowest.scalars))

if settings.big {
    var random = SeededGenerator(seed: settings.seed)
    for (name, text) in [
        ("big-unspaced", generator.unspacedRun(length: 10_000_000, &random)),
        ("big-mixed", {
            var text = "", random = SeededGenerator(seed: settings.seed)
            while text.utf8.count < 10_000_000 { text += NoteGenerator(maximumWords: 2000).mixed(&random) + "\n" }
            return text
        }()),
    ] {
        let bigStart = Date()
        run(text, name: name)
        say(name + ": " + String(format: "%.2f s", Date().timeIntervalSince(bigStart)))
    }
}

if let binary = settings.clinicode {
    failures += JSONLinesCheck(binary: binary, model: settings.model, lines: settings.jsonlLines,
                               seed: settings.seed, crashers: settings.crashers).run()
}
try? FileManager.default.removeItem(atPath: currentInputPath)
say(failures == 0 ? "OK" : "\(failures) FAILURES")
exit(failures == 0 ? 0 : 1)
