/// Why a terminology could not be built.
public enum TerminologyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A code refers to a code its system does not have.
    case unknownCode(system: String, code: String, context: String)
    /// A lexicon file line is malformed.
    case malformed(source: String, line: Int, reason: String)

    /// A message naming what is wrong and where.
    public var description: String {
        switch self {
        case let .unknownCode(system, code, context):
            return "\(system) has no code '\(code)' (\(context))"
        case let .malformed(source, line, reason):
            return "\(source):\(line): \(reason)"
        }
    }
}
