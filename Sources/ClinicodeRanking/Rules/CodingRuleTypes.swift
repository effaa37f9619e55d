import ClinicodeCore

/// A code pattern mapped to one target code (family or personal history).
struct CodeMapping: Sendable, Hashable {
    var pattern: CodePattern
    var target: String

    /// The target that maps a code to itself (`=` in the data file): a
    /// status or history code ("Presence of aortocoronary bypass graft")
    /// already says the past, so a historical mention of it is its evidence.
    static let itself = "="

    /// The target of the most specific mapping matching `code`, if any
    /// (`code` itself for an `itself` row).
    static func target(for code: String, in mappings: [CodeMapping]) -> String? {
        // By index through the buffer: iterating the array copies (retains)
        // every mapping, and so does calling `matches` on one; the pattern's
        // first bytes (plain integers, read in place) rule most rows out
        // first, as `matches` itself would.
        let first = code.utf8.first
        let found: Int? = mappings.withUnsafeBufferPointer { mappings in
            var best: Int?
            for index in mappings.indices {
                if let first, !CodePattern.mayStart(with: first, mappings[index].pattern.firstBytes) { continue }
                guard mappings[index].pattern.matches(code) else { continue }
                if best == nil || mappings[index].pattern.specificity > mappings[best!].pattern.specificity { best = index }
            }
            return best
        }
        guard let found else { return nil }
        return mappings[found].target == itself ? code : mappings[found].target
    }

    static func parse(_ file: DataFile) throws -> [CodeMapping] {
        try file.rows.map { row in
            guard let pattern = CodePattern(row[0]), !row[1].isEmpty else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected: code patterns<TAB>target code")
            }
            return CodeMapping(pattern: pattern, target: row[1].uppercased())
        }
    }

    static func encode(_ mappings: [CodeMapping], to writer: inout BinaryWriter) {
        writer.write(mappings.map(\.pattern.text))
        writer.write(mappings.map(\.target))
    }

    static func decode(from reader: inout BinaryReader) throws -> [CodeMapping] {
        let patterns = try reader.readStringArray(), targets = try reader.readStringArray()
        guard patterns.count == targets.count else { throw reader.corrupt("code mapping table mismatch") }
        return try zip(patterns, targets).map { text, target in
            guard let pattern = CodePattern(text) else { throw reader.corrupt("bad code pattern '\(text)'") }
            return CodeMapping(pattern: pattern, target: target)
        }
    }
}

/// Parts that together are coded by one combination code.
struct CombinationRule: Sendable, Hashable {
    var parts: [CodePattern]
    var result: String
    /// Parts that are still coded alongside the combination ("use additional code").
    var kept: [CodePattern]

    static func parse(_ file: DataFile) throws -> [CombinationRule] {
        try file.rows.map { row in
            let parts = row[0].split(separator: ",").compactMap { CodePattern(String($0)) }
            let kept = row[2].split(separator: ",").compactMap { CodePattern(String($0)) }
            guard parts.count >= 2, parts.count == row[0].split(separator: ",").count, !row[1].isEmpty,
                kept.count == row[2].split(separator: ",").count
            else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected: parts (2+ comma-separated patterns)<TAB>combination code<TAB>kept parts")
            }
            return CombinationRule(parts: parts, result: row[1].uppercased(), kept: kept)
        }
    }
}

/// Symptoms integral to definitive diagnoses.
struct IntegralSymptomRule: Sendable, Hashable {
    var symptom: CodePattern
    var diagnoses: CodePattern

    static func parse(_ file: DataFile) throws -> [IntegralSymptomRule] {
        try file.rows.map { row in
            guard let symptom = CodePattern(row[0]), let diagnoses = CodePattern(row[1]) else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected: symptom patterns<TAB>diagnosis patterns")
            }
            return IntegralSymptomRule(symptom: symptom, diagnoses: diagnoses)
        }
    }
}
