import Foundation

/// Reads note text from files and standard input with the checks a batch
/// needs: the size limit first (so an oversized file is never read whole),
/// then binary detection and repair of invalid UTF-8 with a warning.
struct NoteFileLoader: Sendable {
    /// Why a note could not be read: a short reason, without note content.
    struct Failure: Error, Sendable {
        var reason: String
    }

    /// The largest note accepted, in bytes.
    var maxBytes: Int

    /// The text of a file, and warnings about it. The size is checked
    /// before reading (by `readNote`, on the opened file); reading, binary
    /// detection and UTF-8 repair are `readNote`'s (shared with `clinicode tokenize`).
    func load(path: String) throws(Failure) -> (text: String, warnings: [String]) {
        var scratch: [UInt8] = []
        return try load(path: path, listedRegular: false, scratch: &scratch)
    }

    /// `load(path:)` for a file a folder listing may have called regular,
    /// read through `scratch` (see `readNote(path:maxBytes:listedRegular:scratch:)`).
    func load(path: String, listedRegular: Bool, scratch: inout [UInt8]) throws(Failure) -> (text: String, warnings: [String]) {
        do {
            let note = try readNote(path: path, maxBytes: maxBytes, listedRegular: listedRegular, scratch: &scratch)
            if note.text.utf8.count > maxBytes { throw tooLarge(note.text.utf8.count) }  // grew since stat
            return note
        } catch let error as Failure {
            throw error
        } catch let error as NoteReadError {
            switch error {
            case let .unreadable(_, reason): throw Failure(reason: reason)
            case .binary: throw Failure(reason: "binary file (NUL bytes), not a text note")
            case let .tooLarge(_, size): throw tooLarge(size)
            }
        } catch {
            throw Failure(reason: "\(error)")
        }
    }

    /// The whole of standard input as one note, read in chunks so an
    /// oversized input stops at the limit (`readNote("-")` has no limit).
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

    /// Text from raw bytes, with `readNote`'s rules: NUL bytes mean binary,
    /// invalid UTF-8 is replaced with a warning.
    func decode(_ bytes: [UInt8]) throws(Failure) -> (text: String, warnings: [String]) {
        if bytes.prefix(8192).contains(0) { throw Failure(reason: "binary file (NUL bytes), not a text note") }
        if let text = bytes.withUnsafeBufferPointer(validatedText) { return (text, []) }
        return (String(decoding: bytes, as: UTF8.self), ["<stdin>: invalid UTF-8 replaced"])
    }

    private func tooLarge(_ size: Int) -> Failure {
        Failure(reason: "\(size) bytes or more, over the --max-note-bytes limit of \(maxBytes)")
    }
}
