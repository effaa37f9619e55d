import ArgumentParser

/// How `clinicode suggest` reads its inputs.
enum InputKind: String, CaseIterable, ExpressibleByArgument {
    /// Each file (or all of standard input) is one note.
    case text
    /// One `{"id": ..., "text": ...}` object per line.
    case jsonl
}
