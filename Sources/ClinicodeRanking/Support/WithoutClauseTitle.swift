/// A "without" title read once per node for `WithClauseRule`: its lower-cased
/// text, its first " without " clause and the clause's finding words. The
/// rule asks this of every "without" code of every mention; lower-casing,
/// searching (through Foundation) and splitting the title each time was most
/// of its cost.
final class WithoutClauseTitle: Sendable {
    /// The title lower-cased.
    let lowered: String
    /// The first " without " in `lowered`, nil when there is none.
    let clause: Range<String.Index>?
    /// The clause's finding words (`WithClauseRule.clauseWords`), in order.
    let findings: [Substring]
    /// The lower-cased title with every " without " read " with ": the title
    /// of the code's "with" twin (see `CodingRulesApplier.dropWithoutTwins`).
    let withTwin: String
    /// Each finding's first six characters, as the rule compares them.
    let prefixes: [Substring]
    /// Each finding's first byte when the finding is all ASCII, else 0: an
    /// ASCII character equals only itself, so a word whose first byte differs
    /// cannot share the finding's first six characters (no string compared).
    let firstBytes: [UInt8]

    init(title: String) {
        let lowered = title.lowercased()
        let ascii = lowered.utf8.allSatisfy { $0 < 0x80 }
        // An ASCII title's characters are its bytes: its clause is found, and its
        // twin written, over the bytes (the same result as Foundation's search
        // and `replacing`, without their machinery; every "without" node a note
        // meets is read).
        let clause = ascii ? Self.firstWithout(in: lowered) : lowered.range(of: " without ")
        let findings = clause.map { WithClauseRule.clauseWords(lowered[$0.upperBound...]) } ?? []
        (self.lowered, self.clause, self.findings) = (lowered, clause, findings)
        withTwin = ascii ? Self.withTwin(ofASCII: lowered) : lowered.replacing(" without ", with: " with ")
        prefixes = findings.map { $0.prefix(6) }
        firstBytes = findings.map { finding in
            guard finding.utf8.allSatisfy({ $0 < 0x80 }), let first = finding.utf8.first else { return 0 }
            return first
        }
    }

    private static let without = Array(" without ".utf8)

    /// Byte offsets of every " without " in an ASCII text, left to right, not overlapping.
    private static func withoutOffsets(in text: String) -> [Int] {
        var offsets: [Int] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start + without.count <= bytes.count {
                if bytes[start] == UInt8(ascii: " "), bytes[start + 1] == UInt8(ascii: "w"),
                    bytes[(start + 1)..<(start + without.count)].elementsEqual(without[1...])
                {
                    offsets.append(start)
                    start += without.count
                } else {
                    start += 1
                }
            }
        }
        return offsets
    }

    /// The first " without " of an ASCII text.
    private static func firstWithout(in text: String) -> Range<String.Index>? {
        guard let offset = withoutOffsets(in: text).first else { return nil }
        let lower = text.utf8.index(text.startIndex, offsetBy: offset)
        return lower..<text.utf8.index(lower, offsetBy: without.count)
    }

    /// An ASCII text with every " without " read " with ".
    private static func withTwin(ofASCII text: String) -> String {
        let offsets = withoutOffsets(in: text)
        guard !offsets.isEmpty else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var next = 0
        let utf8 = Array(text.utf8)
        for offset in offsets {
            bytes.append(contentsOf: utf8[next..<offset])
            bytes.append(contentsOf: " with ".utf8)
            next = offset + without.count
        }
        bytes.append(contentsOf: utf8[next...])
        return String(decoding: bytes, as: UTF8.self)
    }
}
