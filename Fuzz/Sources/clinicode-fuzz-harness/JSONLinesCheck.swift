import Foundation
import FuzzSupport

/// Drives the real `--input jsonl` readers of `clinicode suggest` and
/// `clinicode context` with one hostile stream and checks that each run
/// ends normally (status 0 or 1, no signal), writes exactly one JSON object
/// per input line, in order, and never quotes a bad record on stderr.
struct JSONLinesCheck {
    let binary: String
    let model: String?
    let lines: Int
    let seed: UInt64
    let crashers: String

    /// The number of failed checks (0 when all hold).
    func run() -> Int {
        let marker = "ZQX-PRIVATE-MARKER-7731"
        let limit = 4096
        let generator = JSONLinesGenerator(marker: marker, oversizedBytes: limit * 2)
        var random = SeededGenerator(seed: seed)
        var stream: [UInt8] = []
        for index in 0..<lines {
            stream += generator.line(&random, index: index)
            stream.append(UInt8(ascii: "\n"))
        }
        let input = crashers + "/hostile.jsonl"
        FileManager.default.createFile(atPath: input, contents: Data(stream))
        var failures = 0
        let modelArguments = model.map { ["--model", $0] } ?? []
        for arguments in [
            ["suggest", "--input", "jsonl", "--format", "jsonl", "--max-note-bytes", String(limit), "--jobs", "2", input],
            ["context", input],
        ] {
            let started = Date()
            let (status, reason, stdout, stderr) = execute(arguments + modelArguments)
            var problems: [String] = []
            if reason != .exit || !(0...1).contains(status) { problems.append("ended with \(reason) \(status)") }
            let outputLines = stdout.split(separator: UInt8(ascii: "\n"))
            if outputLines.count != lines { problems.append("\(outputLines.count) output lines for \(lines) inputs") }
            for (index, line) in outputLines.enumerated() {
                guard (try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any] else {
                    problems.append("output line \(index + 1) is not a JSON object")
                    break
                }
            }
            if String(decoding: stderr, as: UTF8.self).contains(marker) { problems.append("stderr quotes a bad record") }
            say("jsonl \(arguments[0]): \(lines) lines, status \(status), "
                + String(format: "%.1f s", Date().timeIntervalSince(started))
                + (problems.isEmpty ? ", ok" : ": " + problems.joined(separator: "; ")))
            if !problems.isEmpty { failures += 1 }
        }
        if failures == 0 { try? FileManager.default.removeItem(atPath: input) }
        return failures
    }

    /// Runs the binary; output goes through files so neither pipe can fill.
    private func execute(_ arguments: [String])
        -> (status: Int32, reason: Process.TerminationReason, stdout: [UInt8], stderr: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = crashers + "/run.out", err = crashers + "/run.err"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, .exit, [], Array("\(error)".utf8)) }
        process.waitUntilExit()
        let stdout = FileManager.default.contents(atPath: out).map { Array($0) } ?? []
        let stderr = FileManager.default.contents(atPath: err).map { Array($0) } ?? []
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: err)
        return (process.terminationStatus, process.terminationReason, stdout, stderr)
    }
}
