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
    if let text = bytes.withUnsafeBufferPointer(validatedText) { return (text, []) }
    return (String(decoding: bytes, as: UTF8.self), ["\(label): invalid UTF-8 replaced"])
}

/// `readNote(path:maxBytes:)` for a file its folder's listing calls regular
/// (`FolderListing`): read into `scratch` (kept from note to note, grown to
/// at most `readAhead` bytes) without asking `fstat` for the size first,
/// as a regular file's short read is its end. Three system calls per
/// note instead of four. A file that fills the scratch (a large note, or
/// a listing that went stale) goes on as `readNote(path:maxBytes:)`
/// would, size check first; errors are the same.
func readNote(
    path: String, maxBytes: Int, listedRegular: Bool, scratch: inout [UInt8]
) throws(NoteReadError) -> (text: String, warnings: [String]) {
    guard listedRegular else { return try readNote(path: path, maxBytes: maxBytes) }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw openFailure(path, maxBytes: maxBytes) }
    defer { close(descriptor) }
    // Up to the limit and one byte more, so a note of exactly `maxBytes` ends in the first pass.
    let wanted = min(readAhead, maxBytes == .max ? readAhead : maxBytes + 1)
    if scratch.count < wanted {
        // Uninitialised: read fills what is used (zeroing 64 KB per group was a pass of its own).
        scratch = [UInt8](unsafeUninitializedCapacity: wanted) { _, count in count = wanted }
    }
    var filled = 0
    var failure: NoteReadError?
    scratch.withUnsafeMutableBytes { buffer in
        while filled < wanted {
            let count = read(descriptor, buffer.baseAddress! + filled, wanted - filled)
            if count < 0 {
                if errno == EINTR { continue }
                failure = .unreadable(path: path, reason: String(cString: strerror(errno)))
                return
            }
            filled += count
            // The end, or a short read of a regular file: its end as well.
            if count == 0 || filled < wanted { return }
        }
    }
    if let failure { throw failure }
    if filled < wanted { return try decodeNote(scratch, count: filled, label: path) }
    // The scratch is full: the file may be larger (or over the limit), so on as for any file.
    let bytes = try readRest(descriptor, path: path, maxBytes: maxBytes, head: scratch[0..<filled])
    return try decodeNote(bytes, count: bytes.count, label: path)
}

/// The most a listed note is read into `scratch` before its size is asked.
private let readAhead = 1 << 16

/// Text from the first `count` bytes of `bytes`, with `readNote`'s rules.
private func decodeNote(_ bytes: [UInt8], count: Int, label: String) throws(NoteReadError) -> (text: String, warnings: [String]) {
    try bytes.withUnsafeBufferPointer { (all) throws(NoteReadError) in
        let bytes = UnsafeBufferPointer(rebasing: all[0..<count])
        if let base = bytes.baseAddress, count > 0, memchr(base, 0, min(binarySniffLength, count)) != nil {
            throw .binary(path: label)
        }
        if let text = validatedText(bytes) { return (text, []) }
        return (String(decoding: bytes, as: UTF8.self), ["\(label): invalid UTF-8 replaced"])
    }
}

/// `String(validating: bytes, as: UTF8.self)`, faster for text that is
/// mostly ASCII with a few other characters (a third of the notes): the
/// standard library checks such a note byte by byte from its first
/// non-ASCII byte on (~13 instructions a byte). Here ASCII runs are found
/// 32 bytes a step and each run, ASCII or not, is validated by the standard
/// library on its own (ASCII at its word-a-step pace), then joined. An ASCII
/// byte never belongs to a multi-byte sequence, so the text is valid exactly
/// when every run is, and the joined text is the same.
func validatedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard let base = bytes.baseAddress else { return "" }
    let count = bytes.count
    var runStart = 0
    var index = firstNonASCII(base, from: 0, count: count)
    // All ASCII: one String, validated once more by its word-a-step check only.
    if index == count { return String(validating: bytes, as: UTF8.self) }
    var text = String()
    text.reserveCapacity(count)
    while runStart < count {
        if index > runStart {
            guard let run = String(validating: UnsafeBufferPointer(start: base + runStart, count: index - runStart), as: UTF8.self)
            else { return nil }
            text.append(run)
        }
        if index == count { break }
        var end = index + 1
        while end < count, base[end] >= 0x80 { end += 1 }
        guard let run = String(validating: UnsafeBufferPointer(start: base + index, count: end - index), as: UTF8.self)
        else { return nil }
        text.append(run)
        runStart = end
        index = firstNonASCII(base, from: end, count: count)
    }
    return text
}

/// The index of the first byte ≥ 0x80 at or after `start`, or `count`:
/// four unaligned 8-byte words a step.
private func firstNonASCII(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
    let high: UInt64 = 0x8080_8080_8080_8080
    let raw = UnsafeRawPointer(base)
    var index = start
    while index + 32 <= count {
        let a = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let b = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
        let c = raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
        let d = raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
        if (a | b | c | d) & high != 0 { break }
        index += 32
    }
    while index < count, base[index] < 0x80 { index += 1 }
    return index
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
    guard descriptor >= 0 else { throw openFailure(path, maxBytes: maxBytes) }
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

/// Why `path` did not open (`errno` as `open` left it): an oversized
/// regular file is reported as too large first, as when it was checked
/// before opening.
private func openFailure(_ path: String, maxBytes: Int) -> NoteReadError {
    let reason = String(cString: strerror(errno))
    var info = stat()
    if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maxBytes {
        return .tooLarge(path: path, size: Int(info.st_size))
    }
    return .unreadable(path: path, reason: reason)
}

/// The rest of an open file whose first bytes (`head`) filled the scratch,
/// checked as `readFile` checks a file: `fstat` then the size limit.
private func readRest(
    _ descriptor: Int32, path: String, maxBytes: Int, head: ArraySlice<UInt8>
) throws(NoteReadError) -> [UInt8] {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maxBytes {
        throw .tooLarge(path: path, size: Int(info.st_size))
    }
    let isRegular = (info.st_mode & S_IFMT) == S_IFREG
    if isRegular, Int(info.st_size) == head.count { return Array(head) }
    let rest = try readAll(
        descriptor: descriptor, label: path, sizeHint: max(0, Int(info.st_size) - head.count), sizeIsExact: isRegular)
    return Array(head) + rest
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
