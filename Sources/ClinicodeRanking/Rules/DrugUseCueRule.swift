import ClinicodeCore

/// Words that, near a mention of a drug, mean the patient is not on it
/// ("avoid NSAIDs", "aspirin held", "allergic to penicillin"), so codes of
/// long-term (current) drug use do not follow from the mention.
struct DrugUseCueRule: Sendable, Hashable {
    /// The drug-use codes the cues cancel.
    let codes: CodePattern
    /// Normalised cues: single words, and phrases of words separated by a
    /// space ("was given": "given" alone is also "continue aspirin given his CAD").
    let words: Set<String>
    /// The cues of more than one word, split into words.
    let phrases: [[String]]

    init(codes: CodePattern, words: Set<String>) {
        self.codes = codes
        self.words = words
        phrases = words.filter { $0.contains(" ") }.sorted().map { $0.split(separator: " ").map(String.init) }
    }

    /// How many tokens before a mention a cue may stand ("avoid all NSAIDs").
    static let windowBefore = 4
    /// How many tokens after a mention a cue may stand ("aspirin was held").
    static let windowAfter = 3

    static func parse(_ file: DataFile) throws -> [DrugUseCueRule] {
        try file.rows.map { row in
            let words = Set(row[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
            guard let codes = CodePattern(row[0]), !words.isEmpty else {
                throw DataFileError.malformed(source: file.source, line: row.line, reason: "expected: code patterns<TAB>comma-separated cue words")
            }
            return DrugUseCueRule(codes: codes, words: words)
        }
    }

    static func encode(_ rules: [DrugUseCueRule], to writer: inout BinaryWriter) {
        writer.write(rules.map(\.codes.text))
        writer.write(rules.map { $0.words.sorted().joined(separator: ",") })
    }

    static func decode(from reader: inout BinaryReader) throws -> [DrugUseCueRule] {
        let patterns = try reader.readStringArray(), words = try reader.readStringArray()
        guard patterns.count == words.count else { throw reader.corrupt("drug-use cue table mismatch") }
        return try zip(patterns, words).map { text, list in
            guard let codes = CodePattern(text) else { throw reader.corrupt("bad code pattern '\(text)'") }
            return DrugUseCueRule(codes: codes, words: Set(list.split(separator: ",").map(String.init)))
        }
    }

    /// Whether a cue of any rule matching the code (whose facts are given) stands near the mention.
    static func cancels(_ rules: [DrugUseCueRule], facts: CodeFacts, mention: Mention, in document: Document) -> Bool {
        guard facts.hasDrugUseCue, mention.sentence < document.sentences.count else { return false }
        let sentence = document.sentences[mention.sentence].tokens
        let lower = max(sentence.lowerBound, mention.tokens.lowerBound - windowBefore)
        let upper = min(sentence.upperBound, mention.tokens.upperBound + windowAfter)
        guard lower < upper else { return false }
        for (number, rule) in rules.enumerated() where facts.drugUseCue(number) {
            for index in lower..<upper where !mention.tokens.contains(index) {
                if rule.words.contains(document.tokens[index].normalized) { return true }
                for phrase in rule.phrases where index + phrase.count <= upper
                    && phrase.indices.allSatisfy({ document.tokens[index + $0].normalized == phrase[$0] })
                {
                    return true
                }
            }
        }
        return false
    }
}
