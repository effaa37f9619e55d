import Foundation

/// Parses one JSON Lines record, `{"id": "...", "text": "..."}`, into a note.
///
/// `id` may be a string or a number and defaults to the line number; `text`
/// is required. Errors are short and never quote the note.
struct JSONLNoteParser: Sendable {
    /// Why a line is not a note, and the id if one could be read.
    struct Failure: Error, Sendable {
        var id: String?
        var reason: String
    }

    /// The largest note text accepted, in UTF-8 bytes.
    var maxTextBytes: Int

    /// Deepest nesting accepted: a hostile line is refused before the JSON
    /// parser recurses into it.
    static let maxNesting = 64

    /// The note on `bytes` (line `line` of the stream).
    func parse(_ bytes: [UInt8], line: Int) throws(Failure) -> (id: String, text: String) {
        // The common record in one pass; anything unusual through Foundation.
        if let scanned = bytes.withUnsafeBufferPointer({ JSONLRecordScanner.scan($0, maxNesting: Self.maxNesting) }) {
            let id: String
            switch scanned.id {
            case nil, .null: id = String(line)
            case let .string(text), let .integer(text): id = text
            }
            guard scanned.text.utf8.count <= maxTextBytes else {
                throw Failure(id: id, reason: "text is over the --max-note-bytes limit of \(maxTextBytes)")
            }
            return (id, scanned.text)
        }
        let parsed = try parseRecord(bytes, line: line)
        return (parsed.id, parsed.text)
    }

    /// The note on `bytes` with the whole record, for commands that read
    /// more fields than `id` and `text` (e.g. `context`'s `target`).
    func parseRecord(_ bytes: [UInt8], line: Int) throws(Failure) -> (id: String, text: String, record: [String: Any]) {
        guard Self.nestingDepth(bytes) <= Self.maxNesting else { throw Failure(id: nil, reason: "JSON is nested too deeply") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw Failure(id: nil, reason: "not valid JSON")
        }
        guard let record = object as? [String: Any] else {
            throw Failure(id: nil, reason: "expected a JSON object with \"id\" and \"text\"")
        }
        let id: String
        switch record["id"] {
        case nil, is NSNull: id = String(line)
        case let text as String: id = text
        case let number as NSNumber: id = number.stringValue
        default: throw Failure(id: nil, reason: "\"id\" must be a string or a number")
        }
        guard let value = record["text"] else { throw Failure(id: id, reason: "missing \"text\"") }
        guard let text = value as? String else { throw Failure(id: id, reason: "\"text\" must be a string") }
        guard text.utf8.count <= maxTextBytes else {
            throw Failure(id: id, reason: "text is over the --max-note-bytes limit of \(maxTextBytes)")
        }
        return (id, text, record)
    }

    /// Deepest `[`/`{` nesting outside strings, found in one pass.
    static func nestingDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
