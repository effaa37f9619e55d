import ClinicodeCore
import Foundation
import ClinicodeText

/// Turns the rows of the `Lexicons/context/` files into rules, tokenising
/// every phrase the way notes are tokenised. Errors name the file and line.
struct ContextRulesParser {
    let analyzer: TextAnalyzer

    /// The phrase's normalised tokens; a space-separated `#number` / `#year`
    /// stays one word (a class the matcher tests against number tokens).
    func words(_ phrase: String) -> [String] {
        phrase.split(separator: " ", omittingEmptySubsequences: true).flatMap { chunk -> [String] in
            chunk.first == "#" && chunk.count > 1 && chunk.dropFirst().allSatisfy(\.isLetter)
                ? [String(chunk)] : analyzer.tokenize(String(chunk)).map(\.normalized)
        }
    }

    func triggers(_ file: DataFile) throws -> [TriggerRule] {
        var rules: [TriggerRule] = []
        var seen = Set<String>()
        for row in file.rows {
            guard row.fields.count == 3 || row.fields.count == 4 else {
                throw malformed(file, row, "expected 'phrase<TAB>category<TAB>direction[<TAB>clause]'")
            }
            guard row.fields.count == 3 || row[3] == "clause" else {
                throw malformed(file, row, "unknown scope '\(row[3])' (the only one is 'clause')")
            }
            guard let kind = TriggerKind(lexiconName: row[1]) else {
                throw malformed(file, row, "unknown category '\(row[1])'")
            }
            guard let direction = ScopeDirection(lexiconName: row[2]) else {
                throw malformed(file, row, "unknown direction '\(row[2])' (forward|backward|both)")
            }
            let words = words(row[0])
            guard let first = words.first else { throw malformed(file, row, "empty phrase") }
            guard !first.hasPrefix("#") || first.count == 1 else {
                throw malformed(file, row, "a phrase cannot start with a word class ('\(first)')")
            }
            guard words.allSatisfy({ !$0.hasPrefix("#") || ["#", "#number", "#year"].contains($0) }) else {
                throw malformed(file, row, "unknown word class (use #number or #year)")
            }
            let key = words.joined(separator: " ") + "\t" + row[1] + "\t" + row[2]
            guard seen.insert(key).inserted else { throw malformed(file, row, "duplicate row '\(row[0])'") }
            rules.append(TriggerRule(phrase: row[0], words: words, kind: kind, direction: direction,
                                     staysInClause: row.fields.count == 4))
        }
        return rules
    }

    func terminators(_ file: DataFile) throws -> [TerminatorRule] {
        var rules: [TerminatorRule] = []
        var seen = Set<String>()
        for row in file.rows {
            guard row.fields.count == 2 else { throw malformed(file, row, "expected 'phrase<TAB>ends'") }
            var ends: UInt16 = 0
            for name in row[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if name == "all" {
                    ends = TriggerKind.allCases.filter { $0 != .pseudo }.reduce(0) { $0 | $1.bit }
                } else if let kind = TriggerKind(lexiconName: name), kind != .pseudo {
                    ends |= kind.bit
                } else {
                    throw malformed(file, row, "unknown category '\(name)'")
                }
            }
            let words = words(row[0])
            guard !words.isEmpty, ends != 0 else { throw malformed(file, row, "empty phrase or category list") }
            guard seen.insert(words.joined(separator: " ")).inserted else {
                throw malformed(file, row, "duplicate terminator '\(row[0])'")
            }
            rules.append(TerminatorRule(phrase: row[0], words: words, ends: ends))
        }
        return rules
    }

    func sectionDefaults(_ file: DataFile) throws -> [ContextRules.SectionDefault] {
        try file.rows.map { row in
            guard (2...3).contains(row.fields.count), !row[0].isEmpty,
                  row[0].allSatisfy({ $0.isLetter || $0 == "_" }) else {
                throw malformed(file, row, "expected 'section_kind<TAB>category[<TAB>ongoing]'")
            }
            guard let kind = TriggerKind(lexiconName: row[1]),
                  [.family, .other, .historical, .possible, .hypothetical, .resolved].contains(kind) else {
                throw malformed(file, row, "category '\(row[1])' cannot be a section default")
            }
            guard row.fields.count == 2 || (row[2] == "ongoing" && kind == .historical) else {
                throw malformed(file, row, "third column must be 'ongoing', for a historical default only")
            }
            return ContextRules.SectionDefault(section: SectionKind(rawValue: row[0]), kind: kind,
                                               isOngoing: row.fields.count == 3)
        }
    }

    func chronic(_ file: DataFile) throws -> ([String], [[String]]) {
        var codes: [String] = []
        var terms: [[String]] = []
        for row in file.rows {
            guard row.fields.count == 2, !row[1].isEmpty else {
                throw malformed(file, row, "expected 'code|term<TAB>value'")
            }
            switch row[0] {
            case "code": codes.append(row[1].uppercased())
            case "term":
                let words = words(row[1])
                guard !words.isEmpty else { throw malformed(file, row, "empty term") }
                terms.append(words)
            default: throw malformed(file, row, "kind must be 'code' or 'term', not '\(row[0])'")
            }
        }
        return (codes, terms)
    }

    func settings(_ file: DataFile) throws -> (Int, [Int], Bool) {
        var maximum = 12
        var perKind: [TriggerKind: Int] = [:]
        var ongoingIsRecent = false
        for row in file.rows {
            if row[0] == "ongoing_history" {
                guard row.fields.count == 2, ["historical", "recent"].contains(row[1]) else {
                    throw malformed(file, row, "ongoing_history must be 'historical' or 'recent'")
                }
                ongoingIsRecent = row[1] == "recent"
                continue
            }
            guard row.fields.count == 2, let value = Int(row[1]), value >= 0, value <= 1000 else {
                throw malformed(file, row, "expected 'key<TAB>non-negative integer'")
            }
            if row[0] == "max_scope_words" {
                maximum = value
            } else if row[0].hasPrefix("max_scope_words."),
                      let kind = TriggerKind(lexiconName: String(row[0].dropFirst("max_scope_words.".count))),
                      kind != .pseudo {
                perKind[kind] = value
            } else {
                throw malformed(file, row, "unknown setting '\(row[0])'")
            }
        }
        let caps = TriggerKind.allCases.filter { $0 != .pseudo }.map { perKind[$0] ?? maximum }
        return (maximum, caps, ongoingIsRecent)
    }

    private func malformed(_ file: DataFile, _ row: DataFile.Row, _ reason: String) -> DataFileError {
        .malformed(source: file.source, line: row.line, reason: reason)
    }
}
