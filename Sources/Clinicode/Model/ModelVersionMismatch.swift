/// A model file written by another Clinicode version: stage encodings may
/// differ between versions, so it is refused rather than misread.
public struct ModelVersionMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model file.
    public var path: String
    /// The version that wrote it.
    public var found: String
    /// This build's version.
    public var expected: String

    /// Creates the error.
    public init(path: String, found: String, expected: String) {
        self.path = path
        self.found = found
        self.expected = expected
    }

    /// What is wrong and how to fix it.
    public var description: String {
        "model '\(path)' was built by clinicode \(found) and this is clinicode \(expected): "
            + "rebuild it with `clinicode build-model` (or retrain it with `clinicode train`)"
    }
}
