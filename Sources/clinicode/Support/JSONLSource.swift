#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs of `clinicode suggest --input jsonl`, in groups of lines: the
/// streams named (`-` for standard input, a file, or a folder's *.jsonl
/// files in name order) read one after another, each file opened only when
/// its turn comes and closed at its end.
struct JSONLSource {
    /// The paths (or `-`) not yet started.
    private var sources: ArraySlice<String>
    /// The files (or failures to report) of the path being read.
    private var files: ArraySlice<NoteInput> = []
    /// The stream being read, and the file descriptor to close at its end
    /// (`nil` for standard input).
    private var current: (stream: JSONLinesStream, descriptor: Int32?)?
    /// The longest line read as a note, in bytes; longer ones are reported.
    private let maxLineBytes: Int

    /// The streams of `sources`.
    init(_ sources: [String], maxLineBytes: Int) {
        self.sources = sources[...]
        self.maxLineBytes = maxLineBytes
    }

    /// Up to `maxLines` inputs from the stream being read (a file that cannot
    /// be opened or listed is one failure input), or `nil` when every stream
    /// has ended. Blocks on `read` only when no whole line is buffered.
    mutating func nextGroup(maxLines: Int) -> [NoteInput]? {
        while true {
            if current != nil {
                let lines = current!.stream.nextChunk(maxLines: maxLines)
                if !lines.isEmpty { return lines }
                if let descriptor = current!.descriptor { close(descriptor) }
                current = nil
            } else if let file = files.popFirst() {
                guard case let .file(path, _, _) = file else { return [file] }
                let descriptor = open(path, O_RDONLY)
                if descriptor < 0 {
                    return [.failure(id: nil, line: nil, label: path, message: String(cString: strerror(errno)))]
                }
                current = (JSONLinesStream(descriptor: descriptor, label: path, maxLineBytes: maxLineBytes), descriptor)
            } else if let source = sources.popFirst() {
                if source == "-" {
                    current = (JSONLinesStream(descriptor: 0, label: "<stdin>", maxLineBytes: maxLineBytes), nil)
                } else {
                    files = SuggestJob.expand(source, suffix: ".jsonl")[...]
                }
            } else {
                return nil
            }
        }
    }
}
