import Clinicode

/// `id<TAB>rank<TAB>code<TAB>score<TAB>title`, one line per suggested code,
/// ranks from 1, no header: the shape scoring scripts read.
struct SuggestionFormatterTSV: SuggestionFormatter {
    func format(_ result: NoteResult) -> String {
        String(decoding: formatUTF8(result), as: UTF8.self)
    }

    func formatUTF8(_ result: NoteResult) -> [UInt8] {
        guard !result.suggestions.isEmpty else { return [] }
        let id = Self.field(result.id)
        // The lines' UTF-8 in one byte buffer, handed to the sink as it is:
        // appending field by field to a string checked capacity and
        // ASCII-ness each time, and making a string of the bytes validated them again.
        var bytes: [UInt8] = []
        // About a line's worth per code (id, rank, code, score, title): grown once, not field by field.
        bytes.reserveCapacity(result.suggestions.count * (id.utf8.count + 96))
        for (index, suggestion) in result.suggestions.enumerated() {
            bytes.append(contentsOf: id.utf8)
            bytes.append(UInt8(ascii: "\t"))
            ScoreText.appendDecimal(index + 1, to: &bytes)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: suggestion.code.code.utf8)
            bytes.append(UInt8(ascii: "\t"))
            ScoreText.append(suggestion.score, to: &bytes)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: Self.field(suggestion.title).utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    func formatFailure(id: String?, line: Int?, message: String) -> String? { nil }

    /// A value with tabs and line breaks turned into spaces, so it stays one field.
    static func field(_ value: String) -> String {
        // Byte pre-check: a tab or newline character (\t, \n, \r, VT, FF,
        // U+0085, U+2028, U+2029) needs a byte 0x09...0x0D, 0xC2 or 0xE2.
        // Over the contiguous bytes when there are any (a generic UTF-8 view
        // iteration cost more than the rest of the line).
        func mayBreak(_ byte: UInt8) -> Bool { byte &- 0x09 < 5 || byte == 0xC2 || byte == 0xE2 }
        let needsCheck = value.utf8.withContiguousStorageIfAvailable { $0.contains(where: mayBreak) }
            ?? value.utf8.contains(where: mayBreak)
        guard needsCheck else { return value }
        guard value.contains(where: { $0 == "\t" || $0.isNewline }) else { return value }
        return String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
