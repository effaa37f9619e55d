import Clinicode

/// `id<TAB>rank<TAB>code<TAB>score<TAB>title`, one line per suggested code,
/// ranks from 1, no header: the shape scoring scripts read.
struct SuggestionFormatterTSV: SuggestionFormatter {
    func format(_ result: NoteResult) -> String {
        let id = Self.field(result.id)
        // One string grown in place: operator chains would build a temporary per field.
        var out = ""
        // About a line's worth per code (id, rank, code, score, title): grown once, not field by field.
        out.reserveCapacity(result.suggestions.count * (id.utf8.count + 96))
        for (index, suggestion) in result.suggestions.enumerated() {
            out.append(id)
            out.append("\t")
            out.append(String(index + 1))
            out.append("\t")
            out.append(suggestion.code.code)
            out.append("\t")
            out.append(ScoreText.format(suggestion.score))
            out.append("\t")
            out.append(Self.field(suggestion.title))
            out.append("\n")
        }
        return out
    }

    func formatFailure(id: String?, line: Int?, message: String) -> String? { nil }

    /// A value with tabs and line breaks turned into spaces, so it stays one field.
    static func field(_ value: String) -> String {
        // Byte pre-check: a tab or newline character (\t, \n, \r, VT, FF,
        // U+0085, U+2028, U+2029) needs a byte 0x09...0x0D, 0xC2 or 0xE2.
        guard value.utf8.contains(where: { $0 &- 0x09 < 5 || $0 == 0xC2 || $0 == 0xE2 }) else { return value }
        guard value.contains(where: { $0 == "\t" || $0.isNewline }) else { return value }
        return String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
