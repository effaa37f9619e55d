#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a note file could not be read. `description` is the message for
/// stderr (after `error: `), naming the file.
enum NoteReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is missing, unreadable or not a regular file; `reason` is the system's words.
    case unreadable(path: String, reason: String)
    /// NUL bytes in the first 8 KB: an image, PDF or archive, not a text note.
    case binary(path: String)

    /// `cannot read 'FILE': No such file or directory`, or `'FILE' is a binary file ...`.
    var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read '\(path)': \(reason)"
        case let .binary(path): return "'\(path)' is a binary file (NUL bytes), not a text note"
        }
    }
}

/// How many leading bytes are checked for NUL to call a file binary.
private let binarySniffLength = 8192

/// Reads a note file (or standard input for `-`) as text.
///
/// Invalid UTF-8 is replaced with U+FFFD and reported in `warnings` as
/// `FILE: invalid UTF-8 replaced` (print each after `warning: `). An empty
/// file is an empty note, not an error.
func readNote(path: String) throws(NoteReadError) -> (text: String, warnings: [String]) {
    let label = path == "-" ? "<stdin>" : path
    let bytes = path == "-" ? try readAll(descriptor: 0, label: label) : try readFile(path)
    if bytes.prefix(binarySniffLength).contains(0) { throw .binary(path: label) }
    if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
    return (String(decoding: bytes, as: UTF8.self), ["\(label): invalid UTF-8 replaced"])
}

private func readFile(_ path: String) throws(NoteReadError) -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(path: path, reason: "Is a directory") }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    return try readAll(descriptor: descriptor, label: path, sizeHint: Int(info.st_size))
}

private func readAll(descriptor: Int32, label: String, sizeHint: Int = 0) throws(NoteReadError) -> [UInt8] {
    // Read straight into the result, sized from the hint (+1 to see the end
    // in one pass), growing only when the file is larger than announced.
    var bytes = [UInt8](repeating: 0, count: max(sizeHint + 1, 1 << 12))
    var filled = 0
    while true {
        if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
        if count < 0 {
            if errno == EINTR { continue }
            throw .unreadable(path: label, reason: String(cString: strerror(errno)))
        }
        if count == 0 {
            bytes.removeSubrange(filled...)
            return bytes
        }
        filled += count
    }
}
