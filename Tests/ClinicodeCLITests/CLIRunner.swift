import Foundation

/// The built `clinicode` executable: next to the test bundle (the products
/// folder is the bundle's parent), else in the package's own `.build*/debug`.
let clinicodeExecutable: String = {
    var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("clinicode").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        let candidate = URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent()
            .appendingPathComponent("clinicode").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/clinicode").path
}()

/// Runs `clinicode args` with no model override in the environment, feeding
/// `stdin` (or an empty input) to it, and returns its exit status and output.
func runClinicode(_ args: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    try runClinicode(args, stdinBytes: stdin.map { Array($0.utf8) })
}

/// Like `runClinicode(_:stdin:)`, with raw bytes on standard input.
func runClinicode(_ args: [String], stdinBytes: [UInt8]?) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: clinicodeExecutable)
    process.arguments = args
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "CLINICODE_MODEL")
    process.environment = environment
    // Standard input comes from a temporary file, so a large input cannot
    // deadlock against the child's output.
    var inputPath: String?
    if let stdinBytes {
        let path = NSTemporaryDirectory() + "clinicode-stdin-" + UUID().uuidString
        try Data(stdinBytes).write(to: URL(fileURLWithPath: path))
        inputPath = path
        process.standardInput = FileHandle(forReadingAtPath: path)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    defer { if let inputPath { try? FileManager.default.removeItem(atPath: inputPath) } }
    // Both streams go to files for the same reason.
    let outputPath = NSTemporaryDirectory() + "clinicode-out-" + UUID().uuidString
    let errorPath = outputPath + ".err"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outputPath)
        try? FileManager.default.removeItem(atPath: errorPath)
    }
    process.standardOutput = FileHandle(forWritingAtPath: outputPath)
    process.standardError = FileHandle(forWritingAtPath: errorPath)
    try process.run()
    process.waitUntilExit()
    let stdout = FileManager.default.contents(atPath: outputPath) ?? Data()
    let stderr = FileManager.default.contents(atPath: errorPath) ?? Data()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Writes bytes to a new temporary file and returns its path.
func temporaryNoteFile(_ bytes: [UInt8], suffix: String = ".txt") throws -> String {
    let path = NSTemporaryDirectory() + "clinicode-note-" + UUID().uuidString + suffix
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}
