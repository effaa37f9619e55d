import Clinicode

/// A readable ranked table per note, with each code's evidence beneath it
/// and the codes left out (and why) at the end.
struct SuggestionFormatterTable: SuggestionFormatter {
    func format(_ result: NoteResult) -> String {
        var out = "== " + oneLine(result.id) + " ==\n"
        for warning in result.warnings { out += "   warning: " + oneLine(warning) + "\n" }
        if result.suggestions.isEmpty {
            out += "   (no codes suggested)\n"
        } else {
            let codeWidth = max(4, result.suggestions.map { $0.code.code.count }.max() ?? 0)
            out += "   #  " + pad("Code", codeWidth) + "  Score  Title\n"
            for (index, suggestion) in result.suggestions.enumerated() {
                let rank = String(index + 1)
                out += String(repeating: " ", count: max(0, 4 - rank.count)) + rank + "  "
                out += pad(suggestion.code.code, codeWidth) + "  " + ScoreText.format(suggestion.score) + "  "
                out += oneLine(suggestion.title) + (suggestion.billable ? "" : " [not billable]") + "\n"
                let indent = String(repeating: " ", count: 6 + codeWidth + 9)
                for item in suggestion.evidence { out += indent + "evidence: " + describe(item) + "\n" }
                for reason in suggestion.rationale { out += indent + "why: " + oneLine(reason) + "\n" }
            }
        }
        if !result.excluded.isEmpty {
            out += "   excluded:\n"
            for excluded in result.excluded {
                out += "      " + excluded.code.code + "  " + excluded.reason.rawValue + "  " + oneLine(excluded.title)
                if let first = excluded.evidence.first { out += "  <- " + describe(first) }
                out += "\n"
            }
        }
        return out + "\n"
    }

    /// Failures are reported on stderr only.
    func formatFailure(id: String?, line: Int?, message: String) -> String? { nil }

    private func describe(_ evidence: Evidence) -> String {
        "\"" + oneLine(evidence.text) + "\" [" + evidence.section.rawValue + ", " + evidence.assertion + "]"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
