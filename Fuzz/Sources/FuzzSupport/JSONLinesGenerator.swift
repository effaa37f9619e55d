/// Hostile JSON Lines records for the `--input jsonl` readers of `suggest`
/// and `context`: valid notes mixed with invalid JSON, invalid UTF-8,
/// lone-surrogate escapes, NUL escapes, deeply nested values, wrong types,
/// oversized text and huge numbers. Every record that is not a valid note
/// carries `marker` in it, so a test can check that error messages never
/// quote the input.
public struct JSONLinesGenerator: Sendable {
    /// The string planted in every bad record.
    public let marker: String
    /// Text length of the oversized records (set it above `--max-note-bytes`).
    public let oversizedBytes: Int
    private let notes = NoteGenerator(maximumWords: 60)

    /// A generator planting `marker`, with oversized records of `oversizedBytes`.
    public init(marker: String, oversizedBytes: Int) {
        self.marker = marker
        self.oversizedBytes = oversizedBytes
    }

    /// One line without its newline (never blank: blank lines are skipped by the readers).
    public func line(_ random: inout SeededGenerator, index: Int) -> [UInt8] {
        let text = Self.escape(notes.note(&random))
        let bad = Self.escape(marker)
        let depth = Int.random(in: 1...100_000, using: &random)
        let record: String
        switch Int.random(in: 0..<18, using: &random) {
        case 0: record = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        case 1: record = "{\"id\":" + String(repeating: "{\"a\":", count: depth) + "\"\(bad)\"" + String(repeating: "}", count: depth) + ",\"text\":\"x\"}"
        case 2: record = "{\"id\":\"u\(index)\",\"text\":\"\\ud800 \(bad) \\udc00x\\ud83d\"}"
        case 3: record = "{\"id\":\"n\(index)\",\"text\":\"a\\u0000b \(bad)\"}"
        case 4: record = "{\"id\":\"t\(index)\",\"text\":\"\(bad) truncated"
        case 5: record = "{\"id\":1e400,\"text\":\"\(bad)\"}"
        case 6: record = "{\"id\":[\"\(bad)\"],\"text\":\"x\"}"
        case 7: record = "{\"id\":\"w\(index)\",\"text\":12345}"
        case 8: record = "{\"id\":\"m\(index)\",\"note\":\"\(bad)\"}"
        case 9: record = "{\"id\":\"big\(index)\",\"text\":\"\(bad)" + String(repeating: "a", count: oversizedBytes) + "\"}"
        case 10: record = "\u{FEFF}{\"id\":\"bom\(index)\",\"text\":\"\(bad)\"}"
        case 11: record = "{\"id\":\"g\(index)\",\"text\":\"\(bad)\"} trailing"
        case 12: record = "\"\(bad)\""
        case 13:
            var bytes = Array("{\"id\":\"r\(index)\",\"text\":\"\(bad) ".utf8)
            bytes += [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80]
            bytes += Array("\"}".utf8)
            return bytes
        case 14: record = "{\"id\":\"d\(index)\",\"text\":\"a\",\"text\":\"\(text)\",\"target\":\"pneumonia\"}"
        default: record = "{\"id\":\"ok\(index)\",\"text\":\"\(text)\",\"target\":\"pneumonia\"}"
        }
        return Array(record.utf8)
    }

    /// `text` as the inside of a JSON string literal.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
