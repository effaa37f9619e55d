import ClinicodeCore

/// A note as the engine saw it, for error listings and HTML reports:
/// its text and what the engine said about it.
public struct EvaluatedNote: Sendable {
    /// The note identifier (file name without extension).
    public var id: String
    /// The original text (evidence spans index its Unicode scalars).
    public var text: String
    /// The engine's suggestions and exclusions.
    public var result: NoteResult

    /// Creates a record.
    public init(id: String, text: String, result: NoteResult) {
        self.id = id
        self.text = text
        self.result = result
    }

    /// The first suggestion for each code key, for looking up titles and evidence.
    public func suggestionsByKey() -> [String: CodeSuggestion] {
        var map: [String: CodeSuggestion] = [:]
        for suggestion in result.suggestions where map[CodeKey.of(suggestion.code.code)] == nil {
            map[CodeKey.of(suggestion.code.code)] = suggestion
        }
        return map
    }
}
