#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output to a file descriptor that notices when the reader has
/// gone away (`clinicode suggest ... | head -1`).
///
/// SIGPIPE must be ignored (see `ignoreBrokenPipeSignal`) so that a closed
/// pipe surfaces as `EPIPE` here instead of killing the process; the
/// command then stops quietly.
struct OutputSink {
    /// The reader closed its end: stop producing output.
    struct Closed: Error {}

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// A sink on `descriptor` that writes once `capacity` bytes are pending.
    init(descriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// Makes a write to a closed pipe fail with EPIPE instead of killing us.
    static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Queues text, writing when the buffer is full.
    mutating func write(_ text: String) throws(Closed) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    /// Queues UTF-8 bytes, writing when the buffer is full.
    mutating func write(bytes: [UInt8]) throws(Closed) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Writes everything queued.
    mutating func flush() throws(Closed) {
        var offset = 0
        let total = buffer.count
        defer { buffer.removeAll(keepingCapacity: true) }
        while offset < total {
            let written = buffer.withUnsafeBytes { raw in
                #if canImport(Darwin)
                Darwin.write(descriptor, raw.baseAddress! + offset, total - offset)
                #else
                Glibc.write(descriptor, raw.baseAddress! + offset, total - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Closed()  // EPIPE, or any other reason the output is gone
            }
            offset += written
        }
    }
}
