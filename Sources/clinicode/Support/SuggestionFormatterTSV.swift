import Clinicode

/// `id<TAB>rank<TAB>code<TAB>score<TAB>title`, one line per suggested code,
/// ranks from 1, no header: the shape scoring scripts read.
struct SuggestionFormatterTSV: SuggestionFormatter {
    func format(_ result: NoteResult) -> String {
        let id = Self.field(result.id)
        var out = ""
        for (index, suggestion) in result.suggestions.enumerated() {
            out += id + "\t" + String(index + 1) + "\t" + suggestion.code.code + "\t"
            out += ScoreText.format(suggestion.score) + "\t" + Self.field(suggestion.title) + "\n"
        }
        return out
    }

    /// Failures go to stderr only: a TSV consumer expects code rows.
    func formatFailure(id: String?, line: Int?, message: String) -> String? { nil }

    /// A value with tabs and line breaks turned into spaces, so it stays one field.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "\t" || $0.isNewline }) else { return value }
        return String(value.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
