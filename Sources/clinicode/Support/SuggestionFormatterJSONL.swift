import Clinicode

/// One JSON object per note:
/// `{"id":…,"codes":[{"code","system","title","score","billable","evidence","rationale"}],"excluded":[…]}`;
/// keys in fixed order and scores with fixed decimals, so output is
/// byte-identical across runs.
struct SuggestionFormatterJSONL: SuggestionFormatter {
    func format(_ result: NoteResult) -> String {
        var out = "{\"id\":" + JSONText.quoted(result.id) + ",\"codes\":["
        for (index, suggestion) in result.suggestions.enumerated() {
            if index > 0 { out += "," }
            out += "{\"code\":" + JSONText.quoted(suggestion.code.code)
            out += ",\"system\":" + JSONText.quoted(suggestion.code.system.rawValue)
            out += ",\"title\":" + JSONText.quoted(suggestion.title)
            out += ",\"score\":" + ScoreText.format(suggestion.score)
            out += ",\"billable\":" + (suggestion.billable ? "true" : "false")
            out += ",\"evidence\":" + evidence(suggestion.evidence)
            out += ",\"rationale\":" + JSONText.array(suggestion.rationale) + "}"
        }
        out += "],\"excluded\":["
        for (index, excluded) in result.excluded.enumerated() {
            if index > 0 { out += "," }
            out += "{\"code\":" + JSONText.quoted(excluded.code.code)
            out += ",\"system\":" + JSONText.quoted(excluded.code.system.rawValue)
            out += ",\"title\":" + JSONText.quoted(excluded.title)
            out += ",\"reason\":" + JSONText.quoted(excluded.reason.rawValue)
            out += ",\"evidence\":" + evidence(excluded.evidence) + "}"
        }
        out += "]"
        if !result.warnings.isEmpty { out += ",\"warnings\":" + JSONText.array(result.warnings) }
        out += "}\n"
        return out
    }

    func formatFailure(id: String?, line: Int?, message: String) -> String? {
        var out = "{\"id\":" + (id.map(JSONText.quoted) ?? "null")
        if let line { out += ",\"line\":" + String(line) }
        out += ",\"error\":" + JSONText.quoted(message) + "}\n"
        return out
    }

    private func evidence(_ items: [Evidence]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            out += "{\"start\":" + String(item.span.start) + ",\"end\":" + String(item.span.end)
            out += ",\"text\":" + JSONText.quoted(item.text)
            out += ",\"section\":" + JSONText.quoted(item.section.rawValue)
            out += ",\"assertion\":" + JSONText.quoted(item.assertion) + "}"
        }
        return out + "]"
    }
}
