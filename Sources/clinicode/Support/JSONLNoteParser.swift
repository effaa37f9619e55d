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

    /// The note on `bytes` (line `line` of the stream).
    func parse(_ bytes: [UInt8], line: Int) throws(Failure) -> (id: String, text: String) {
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
        return (id, text)
    }
}
