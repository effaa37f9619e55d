import Clinicode

/// Turns one note's result (or the failure to read it) into output text.
///
/// Formatters are pure and `Sendable`, so notes can be formatted on worker
/// threads and written in input order afterwards.
protocol SuggestionFormatter: Sendable {
    /// The text for one note, ending in a newline (or empty).
    func format(_ result: NoteResult) -> String
    /// `format(result)` as UTF-8, what the output sink writes (a format that
    /// builds bytes hands them over without making a string of them).
    func formatUTF8(_ result: NoteResult) -> [UInt8]
    /// The text for an input that could not be processed, or `nil` when the
    /// format reports failures on stderr only. `line` is the 1-based input
    /// line for JSONL input.
    func formatFailure(id: String?, line: Int?, message: String) -> String?
}

extension SuggestionFormatter {
    /// The UTF-8 of `format(result)`.
    func formatUTF8(_ result: NoteResult) -> [UInt8] { Array(format(result).utf8) }
}
