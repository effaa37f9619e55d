import Clinicode

/// Turns one note's result (or the failure to read it) into output text.
///
/// Formatters are pure and `Sendable`, so notes can be formatted on worker
/// threads and written in input order afterwards.
protocol SuggestionFormatter: Sendable {
    /// The text for one note, ending in a newline (or empty).
    func format(_ result: NoteResult) -> String
    /// The text for an input that could not be processed, or `nil` when the
    /// format reports failures on stderr only. `line` is the 1-based input
    /// line for JSONL input.
    func formatFailure(id: String?, line: Int?, message: String) -> String?
}
