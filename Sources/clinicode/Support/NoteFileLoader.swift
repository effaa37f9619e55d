import Foundation

/// Reads note text from files and standard input with the checks a batch
/// needs: size limit first (so an oversized file is never read whole),
/// binary detection, and repair of invalid UTF-8 with a warning.
struct NoteFileLoader: Sendable {
    /// Why a note could not be read: a short reason, without note content.
    struct Failure: Error, Sendable {
        var reason: String
    }

    /// The largest note accepted, in bytes.
    var maxBytes: Int

    /// The text of a file, and warnings about it.
    func load(path: String) throws(Failure) -> (text: String, warnings: [String]) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw Failure(reason: "is a directory") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw Failure(reason: "not a regular file") }
        if Int(info.st_size) > maxBytes { throw tooLarge(Int(info.st_size)) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(reason: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw Failure(reason: "read failed: \(error.localizedDescription)")
        }
        if data.count > maxBytes { throw tooLarge(data.count) }  // grew since stat
        return try decode(Array(data))
    }

    /// The whole of standard input as one note.
    func loadStandardInput() throws(Failure) -> (text: String, warnings: [String]) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maxBytes { throw tooLarge(bytes.count) }
        }
        return try decode(bytes)
    }

    /// Text from raw bytes: rejects binary data, repairs invalid UTF-8.
    func decode(_ bytes: [UInt8]) throws(Failure) -> (text: String, warnings: [String]) {
        if bytes.contains(0) { throw Failure(reason: "binary file (contains NUL bytes), not a text note") }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
        return (String(decoding: bytes, as: UTF8.self), ["invalid UTF-8 replaced with U+FFFD"])
    }

    private func tooLarge(_ size: Int) -> Failure {
        Failure(reason: "\(size) bytes or more, over the --max-note-bytes limit of \(maxBytes)")
    }
}
