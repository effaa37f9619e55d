import Foundation

/// Helpers for the suggest/train/build-model tests, on top of `CLIRunner.swift`.
struct SuggestCLI {
    /// What one run produced.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The committed default model.
    static let modelPath = root + "/Models/default.clinicode-model"

    /// Runs `clinicode arguments` (through the shared `runClinicode`),
    /// feeding the bytes of `stdinFile` (or nothing) to it.
    static func run(_ arguments: [String], stdinFile: String? = nil) throws -> Result {
        let input = try stdinFile.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let run = try runClinicode(arguments, stdinBytes: input)
        return Result(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    /// Runs a shell pipeline (for `| head -1`); `$CLINICODE` names the binary.
    static func shell(_ script: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        var env = ProcessInfo.processInfo.environment
        env["CLINICODE"] = clinicodeExecutable
        env.removeValue(forKey: "CLINICODE_MODEL")
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "clinicode-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `path`.
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
