/// One unit of work for `clinicode suggest`, in input order.
enum NoteInput: Sendable {
    /// A text file, read on a worker thread; `id` is its stem. `regular`:
    /// its folder's listing said it is a regular file, so the read that
    /// comes back short is its end (no `fstat` asked for its size).
    case file(path: String, id: String, regular: Bool = false)
    /// A note already in memory (standard input), with warnings about it.
    case note(id: String, text: String, warnings: [String])
    /// One raw JSONL line (`{"id": ..., "text": ...}`), parsed on a worker
    /// thread. `label` names the stream in messages.
    case jsonLine(bytes: [UInt8], line: Int, label: String)
    /// An input that could not be turned into a note. `label` names it in
    /// the stderr message (a file, or `<stdin>:12`).
    case failure(id: String?, line: Int?, label: String, message: String)
}
