/// One `{"id": ..., "text": ...}` line of the JSON Lines input that
/// `clinicode suggest --input jsonl` reads.
public enum JSONLine {
    /// The line (without its newline) for a note.
    public static func note(id: String, text: String) -> String {
        "{\"id\":" + quoted(id) + ",\"text\":" + quoted(text) + "}"
    }

    /// A JSON string literal.
    static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
