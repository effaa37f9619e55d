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
    /// Each finding's prefix packed as `packedPrefix(of:)` packs a word's, or 0
    /// when it is not plain ASCII: a word's prefix is then compared as an integer,
    /// where taking and comparing Character prefixes cost hundreds of instructions.
    let packedPrefixes: [UInt64]

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
        packedPrefixes = prefixes.map { Self.packedPrefix(of: $0.utf8) ?? 0 }
    }

    /// The first six characters of a word packed into an integer (its bytes,
    /// then their count in the top byte), when its first seven bytes are plain
    /// ASCII other than a carriage return: each byte is then one Character, so
    /// two such words share their first six characters exactly when their packed
    /// prefixes are equal. Nil for any other word.
    @inline(__always)
    static func packedPrefix<Bytes: Collection<UInt8>>(of bytes: Bytes) -> UInt64? {
        var packed: UInt64 = 0, count: UInt64 = 0
        for byte in bytes.prefix(7) {
            guard byte < 0x80, byte != UInt8(ascii: "\r") else { return nil }
            if count < 6 { packed |= UInt64(byte) << (8 * count) }
            count += 1
        }
        return packed | min(count, 6) << 56
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
