import ClinicodeCore

/// One `{"id": ..., "text": ...}` line of the JSON Lines input that
/// `clinicode suggest --input jsonl` reads.
public enum JSONLine {
    /// The line (without its newline) for a note.
    public static func note(id: String, text: String) -> String {
        "{\"id\":" + JSONText.quoted(id) + ",\"text\":" + JSONText.quoted(text) + "}"
    }
}
