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
    /// A regular file of `size` bytes, over the caller's limit (not read).
    case tooLarge(path: String, size: Int)

    /// `cannot read 'FILE': No such file or directory`, or `'FILE' is a binary file ...`.
    var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read '\(path)': \(reason)"
        case let .binary(path): return "'\(path)' is a binary file (NUL bytes), not a text note"
        case let .tooLarge(path, size): return "'\(path)' has \(size) bytes, over the limit"
        }
    }
}

/// How many leading bytes are checked for NUL to call a file binary.
private let binarySniffLength = 8192

/// Reads a note file (or standard input for `-`) as text.
///
/// Invalid UTF-8 is replaced with U+FFFD and reported in `warnings` as
/// `FILE: invalid UTF-8 replaced` (print each after `warning: `). An empty
/// file is an empty note, not an error. A regular file larger than
/// `maxBytes` is `.tooLarge`, checked before it is read.
func readNote(path: String, maxBytes: Int = .max) throws(NoteReadError) -> (text: String, warnings: [String]) {
    let label = path == "-" ? "<stdin>" : path
    let bytes = path == "-" ? try readAll(descriptor: 0, label: label) : try readFile(path, maxBytes: maxBytes)
    if hasNUL(bytes, within: binarySniffLength) { throw .binary(path: label) }
    if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
    return (String(decoding: bytes, as: UTF8.self), ["\(label): invalid UTF-8 replaced"])
}

/// Whether one of the first `limit` bytes is NUL (`memchr`: a generic
/// slice search cost more than reading the file).
private func hasNUL(_ bytes: [UInt8], within limit: Int) -> Bool {
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress, !raw.isEmpty else { return false }
        return memchr(base, 0, min(limit, raw.count)) != nil
    }
}

private func readFile(_ path: String, maxBytes: Int) throws(NoteReadError) -> [UInt8] {
    // open, then fstat: one path lookup per note rather than two or three.
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        let reason = String(cString: strerror(errno))
        // The size limit is reported first, as when it was checked before opening.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maxBytes {
            throw .tooLarge(path: path, size: Int(info.st_size))
        }
        throw .unreadable(path: path, reason: reason)
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(path: path, reason: "Is a directory") }
    if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maxBytes {
        throw .tooLarge(path: path, size: Int(info.st_size))
    }
    // A regular file's announced size is what one read returns: the read
    // that would only confirm the end (a system call per note) is skipped.
    let isRegular = (info.st_mode & S_IFMT) == S_IFREG
    return try readAll(descriptor: descriptor, label: path, sizeHint: Int(info.st_size), sizeIsExact: isRegular)
}

private func readAll(
    descriptor: Int32, label: String, sizeHint: Int = 0, sizeIsExact: Bool = false
) throws(NoteReadError) -> [UInt8] {
    // Read straight into the result, sized from the hint (+1 to see the end
    // in one pass), growing only when the file is larger than announced.
    // The announced size is read into uninitialised storage (zeroing it
    // first cost a pass over every note); the rare file that grew since
    // `fstat`, or a stream, continues in zeroed growth.
    var failure: NoteReadError?
    var bytes = [UInt8](unsafeUninitializedCapacity: max(sizeHint + 1, 1 << 12)) { buffer, initialized in
        var filled = 0
        while filled < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                failure = .unreadable(path: label, reason: String(cString: strerror(errno)))
                break
            }
            if count == 0 { break }
            filled += count
            // All the announced bytes of a regular file: its end, unless it
            // grew since `fstat` (then it filled the extra byte, and reading goes on).
            if sizeIsExact, filled == sizeHint, sizeHint > 0 { break }
        }
        initialized = filled
    }
    if let failure { throw failure }
    // Filled to capacity: there may be more.
    var filled = bytes.count
    guard filled == max(sizeHint + 1, 1 << 12) else { return bytes }
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
