#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages for the user on standard error, one line each.
enum StandardError {
    /// Writes `line` and a newline to stderr, unbuffered. Uses `write(2)`
    /// and ignores failures: a closed stderr must not crash the command
    /// (Foundation's `FileHandle.write` traps on EPIPE).
    static func print(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(2, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// An `error: ...` line.
    static func error(_ message: String) {
        print("error: " + message)
    }
}
