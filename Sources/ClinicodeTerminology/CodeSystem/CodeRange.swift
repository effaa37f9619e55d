/// A code or an inclusive range of codes cited by a note (`E10`, `N18.1-N18.9`).
///
/// A code falls in the range when its prefix of the bounds' length lies
/// between them, so `E10` covers `E10.65` and `I10-I16` covers `I13.10`.
public struct CodeRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first code.
    public var first: String
    /// The last code (equal to `first` for a single code).
    public var last: String

    /// Creates a range.
    public init(first: String, last: String) {
        self.first = first
        self.last = last
    }

    /// Parses `A` or `A-B`; nil for an empty string.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let parts = trimmed.split(separator: "-", maxSplits: 1).map(String.init)
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
            self.init(first: parts[0], last: parts[1])
        } else {
            self.init(first: trimmed, last: trimmed)
        }
    }

    /// `A` or `A-B`.
    public var description: String { first == last ? first : "\(first)-\(last)" }

    /// Whether `code` is this code, one of its descendants, or inside the range.
    public func contains(_ code: String) -> Bool {
        let low = Substring(code.prefix(first.count))
        let high = Substring(code.prefix(last.count))
        return low >= Substring(first) && high <= Substring(last)
    }
}

import Foundation
