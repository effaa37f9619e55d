#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a JSON Lines stream from a file descriptor in bounded chunks, so an
/// endless pipe is processed with flat memory and without waiting for EOF.
///
/// `nextChunk` returns the complete lines already buffered (up to a limit)
/// and only blocks on `read` when none is, so an interactive producer that
/// writes one line and waits gets its answer straight away. Lines longer
/// than `maxLineBytes` are skipped up to their newline, not buffered, and
/// reported as failures.
struct JSONLinesStream {
    private let descriptor: Int32
    private let label: String
    private let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var lineNumber = 0
    private var skippingOversizedLine = false
    private var reachedEnd = false
    private var readError: String?

    /// A stream over `descriptor`, named `label` in messages.
    init(descriptor: Int32, label: String, maxLineBytes: Int) {
        self.descriptor = descriptor
        self.label = label
        self.maxLineBytes = maxLineBytes
    }

    /// The next lines as inputs; empty once the stream is exhausted.
    mutating func nextChunk(maxLines: Int) -> [NoteInput] {
        var inputs: [NoteInput] = []
        while inputs.isEmpty {
            takeLines(into: &inputs, maxLines: maxLines)
            if !inputs.isEmpty || reachedEnd { break }
            fill()
        }
        if inputs.isEmpty, reachedEnd {
            if !pending.isEmpty || skippingOversizedLine {
                // A last line without a newline.
                pending.append(UInt8(ascii: "\n"))
                reachedEnd = false
                takeLines(into: &inputs, maxLines: maxLines)
                reachedEnd = true
            }
            if let readError {
                inputs.append(.failure(id: nil, line: nil, label: label, message: readError))
                self.readError = nil
            }
        }
        return inputs
    }

    private mutating func takeLines(into inputs: inout [NoteInput], maxLines: Int) {
        var start = 0
        while inputs.count < maxLines, let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            if skippingOversizedLine {
                skippingOversizedLine = false
                inputs.append(oversized())
            } else {
                var end = newline
                if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(pending[start..<end])
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    inputs.append(.jsonLine(bytes: line, line: lineNumber, label: label))
                }
            }
            start = newline + 1
        }
        pending.removeFirst(start)
        if inputs.count < maxLines, pending.count > maxLineBytes {
            // No newline within the limit: drop what we have and skip to the next newline.
            pending.removeAll(keepingCapacity: true)
            skippingOversizedLine = true
        }
    }

    private mutating func fill() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                readError = "read failed: " + String(cString: strerror(errno))
                reachedEnd = true
                return
            }
            if count == 0 { reachedEnd = true; return }
            if skippingOversizedLine, let newline = buffer[0..<count].firstIndex(of: UInt8(ascii: "\n")) {
                // Keep the newline so the skipped line is counted and reported.
                pending.append(contentsOf: buffer[newline..<count])
            } else if !skippingOversizedLine {
                pending.append(contentsOf: buffer[0..<count])
            }
            return
        }
    }

    private func oversized() -> NoteInput {
        .failure(id: nil, line: lineNumber, label: "\(label):\(lineNumber)",
                 message: "line is over the --max-note-bytes limit")
    }
}
