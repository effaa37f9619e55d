/// Why a model file could not be used.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be opened.
    case unreadable(path: String, reason: String)
    /// The file does not start with the Clinicode model signature.
    case notAModel(path: String)
    /// The file was written by an incompatible format version.
    case incompatibleVersion(path: String, found: UInt32, supported: UInt32)
    /// The file ends before the data it announces.
    case truncated(path: String, detail: String)
    /// A section's bytes do not match its checksum.
    case checksumMismatch(path: String, section: String)
    /// A section the engine needs is absent.
    case missingSection(path: String, section: String)
    /// A section's content is inconsistent.
    case corrupt(path: String, detail: String)

    /// A message naming the file and what is wrong with it.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read model '\(path)': \(reason)"
        case let .notAModel(path):
            return "'\(path)' is not a Clinicode model file"
        case let .incompatibleVersion(path, found, supported):
            return "model '\(path)' has format version \(found); this build reads version \(supported): rebuild it with `clinicode build-model`"
        case let .truncated(path, detail):
            return "model '\(path)' is truncated (\(detail))"
        case let .checksumMismatch(path, section):
            return "model '\(path)' is corrupt: section '\(section)' fails its checksum"
        case let .missingSection(path, section):
            return "model '\(path)' lacks the '\(section)' section"
        case let .corrupt(path, detail):
            return "model '\(path)' is corrupt: \(detail)"
        }
    }
}
