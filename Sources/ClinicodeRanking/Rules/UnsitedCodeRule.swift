import ClinicodeCore

/// Codes for a condition of unspecified site or kind that the Guidelines
/// keep for when the record cannot say more (I.C.2: C80.1 "should only be
/// used when no determination can be made as to the primary site"). A bare
/// word reaches them ("tumor" is D49.9's "Tumor NOS") while the note goes on
/// to give the site or histology in words the lexicon does not join up, so
/// they rank at a fraction of their lexical score even when no more specific
/// code was found (see `Lexicons/ranking/unsited.tsv`).
struct UnsitedCodeRule: Sendable, Hashable {
    /// The codes the rule lowers.
    var codes: CodePattern
    /// The factor applied to their score, 0...1.
    var factor: Double

    static func parse(_ file: DataFile) throws -> [UnsitedCodeRule] {
        try file.rows.map { row in
            guard let codes = CodePattern(row[0]), let factor = Double(row[1]), factor >= 0, factor <= 1 else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected: code patterns<TAB>factor in 0...1")
            }
            return UnsitedCodeRule(codes: codes, factor: factor)
        }
    }

    static func encode(_ rules: [UnsitedCodeRule], to writer: inout BinaryWriter) {
        writer.write(rules.map(\.codes.text))
        writer.write(UInt64(rules.count))
        for rule in rules { writer.write(rule.factor) }
    }

    static func decode(from reader: inout BinaryReader) throws -> [UnsitedCodeRule] {
        let patterns = try reader.readStringArray()
        let count = try reader.readUInt64()
        guard count == UInt64(patterns.count) else { throw reader.corrupt("unsited-code table mismatch") }
        return try patterns.map { text in
            let factor = try reader.readDouble()
            guard let codes = CodePattern(text), factor >= 0, factor <= 1 else { throw reader.corrupt("bad unsited-code rule") }
            return UnsitedCodeRule(codes: codes, factor: factor)
        }
    }
}
