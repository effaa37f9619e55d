import ClinicodeCore

/// A code for a tendency or repetition reached by a word naming one event
/// (R29.6 "Repeated falls", whose inclusion term "Falling" the word "fall"
/// matches): when the note also names an injury, the event is that injury's
/// external cause and is coded as one (W19.XXXA "Unspecified fall", ranked
/// below the injury as `external-causes.tsv` says, Guidelines I.C.20). With no
/// injury, or when any of the code's evidence says more ("repeated falls",
/// "falls"), the code stays (see `Lexicons/ranking/event-causes.tsv`).
struct EventCauseRule: Sendable, Hashable {
    /// The codes a bare event word may reach.
    let codes: CodePattern
    /// Normalised words naming one event ("fall", "fell").
    let words: Set<String>
    /// The external-cause code the event stands for.
    let cause: String
    /// The injuries whose presence makes the event their cause.
    let injuries: CodePattern

    static func parse(_ file: DataFile) throws -> [EventCauseRule] {
        try file.rows.map { row in
            let words = Set(row[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
            guard let codes = CodePattern(row[0]), !words.isEmpty, !row[2].isEmpty, let injuries = CodePattern(row[3]) else {
                throw DataFileError.malformed(
                    source: file.source, line: row.line,
                    reason: "expected: code patterns<TAB>comma-separated event words<TAB>external-cause code<TAB>injury patterns")
            }
            return EventCauseRule(codes: codes, words: words, cause: row[2].uppercased(), injuries: injuries)
        }
    }

    static func encode(_ rules: [EventCauseRule], to writer: inout BinaryWriter) {
        writer.write(rules.map(\.codes.text))
        writer.write(rules.map { $0.words.sorted().joined(separator: ",") })
        writer.write(rules.map(\.cause))
        writer.write(rules.map(\.injuries.text))
    }

    static func decode(from reader: inout BinaryReader) throws -> [EventCauseRule] {
        let patterns = try reader.readStringArray(), words = try reader.readStringArray()
        let causes = try reader.readStringArray(), injuries = try reader.readStringArray()
        guard patterns.count == words.count, patterns.count == causes.count, patterns.count == injuries.count else {
            throw reader.corrupt("event-cause table mismatch")
        }
        return try patterns.indices.map { index in
            guard let codes = CodePattern(patterns[index]), let injured = CodePattern(injuries[index]) else {
                throw reader.corrupt("bad event-cause rule")
            }
            return EventCauseRule(
                codes: codes, words: Set(words[index].split(separator: ",").map(String.init)), cause: causes[index], injuries: injured)
        }
    }

    /// Recodes, in a note's candidates, each code a rule covers whose every
    /// evidence is one of the rule's event words as its external cause, when
    /// a candidate the note's wording names is one of the rule's injuries.
    /// The cause's candidate takes over the evidence (merged into the cause's
    /// own candidate when there is one).
    static func apply(
        _ rules: [EventCauseRule], to list: inout [Candidate], in document: Document, catalog: CatalogCache, facts: CodeFactsStore
    ) {
        guard !rules.isEmpty else { return }
        var emptied = false
        for index in list.indices {
            guard let rule = list[index].facts?.eventCauseRule, rules.indices.contains(rule), list[index].hasMention else { continue }
            let event = rules[rule]
            guard !list[index].evidence.isEmpty,
                list[index].evidence.allSatisfy({ event.words.contains($0.text(in: document).lowercased()) }),
                list.contains(where: { $0.hasMention && event.injuries.matches($0.code.code) })
            else { continue }
            let cause = CodeReference(system: list[index].code.system, code: event.cause)
            guard let causeNode = catalog.node(cause) else { continue }
            let original = list[index].code.code
            let note = "a single \(list[index].evidence[0].text(in: document).lowercased()) with an injury: its external cause, not \(original)"
            if let existing = list.firstIndex(where: { $0.code == cause }) {
                list[existing].mentionWeights.append(contentsOf: list[index].mentionWeights)
                for item in list[index].evidence { list[existing].addEvidence(item) }
                list[existing].titleCoverage = max(list[existing].titleCoverage, list[index].titleCoverage)
                list[existing].bestSectionWeight = max(list[existing].bestSectionWeight, list[index].bestSectionWeight)
                list[existing].namedOutright = list[existing].namedOutright || list[index].namedOutright
                list[existing].addRationale(note)
                // Left with no evidence of its own, the event code drops out below.
                list[index].mentionWeights = []
                list[index].evidence = []
                emptied = true
            } else {
                list[index].code = cause
                list[index].facts = facts.facts(code: cause.code, node: causeNode)
                list[index].addRationale(note)
            }
        }
        if emptied {
            list.removeAll { !$0.hasMention && $0.evidence.isEmpty && $0.retrievalScore == 0 && !$0.fromRule && $0.facts?.eventCauseRule != nil }
        }
    }
}
