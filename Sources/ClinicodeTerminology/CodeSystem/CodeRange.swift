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
    /// Compares UTF-8 bytes without allocating (codes are ASCII; the ranker
    /// asks this for every pair of its best candidates).
    public func contains(_ code: String) -> Bool {
        Self.comparePrefix(code, first) >= 0 && Self.comparePrefix(code, last) <= 0
    }

    /// The order of `code`'s prefix of `bound`'s length against `bound`: -1, 0 or 1.
    @inline(__always)
    static func comparePrefix(_ code: String, _ bound: String) -> Int {
        var codeBytes = code.utf8.makeIterator()
        for boundByte in bound.utf8 {
            guard let codeByte = codeBytes.next() else { return -1 }
            if codeByte != boundByte { return codeByte < boundByte ? -1 : 1 }
        }
        return 0
    }
}

import Foundation
