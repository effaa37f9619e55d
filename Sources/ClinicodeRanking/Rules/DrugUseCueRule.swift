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
    /// `WordHash` of each cue and of each phrase's first word, sorted: with
    /// the matcher's word hashes (`Document.wordHashes`) most tokens near a
    /// mention are ruled out without hashing their word for the set.
    let firstWordHashes: [UInt64]

    init(codes: CodePattern, words: Set<String>) {
        self.codes = codes
        self.words = words
        phrases = words.filter { $0.contains(" ") }.sorted().map { $0.split(separator: " ").map(String.init) }
        // Each cue whole (what one token's word must equal) and each phrase's first word.
        let starts = words.map { WordHash.hash($0, namespace: WordHash.word) }
            + phrases.compactMap { $0.first.map { WordHash.hash($0, namespace: WordHash.word) } }
        firstWordHashes = Set(starts).sorted()
    }

    /// Whether a token whose `Document.wordHashes` entry is `hash` may start a
    /// cue (0, a token that is no word or number, is not ruled out).
    @inline(__always)
    func mayStartCue(hash: UInt64) -> Bool {
        guard hash != 0 else { return true }
        return firstWordHashes.withUnsafeBufferPointer { hashes in
            var low = 0, high = hashes.count
            while low < high {
                let middle = (low + high) >> 1
                if hashes[middle] < hash { low = middle + 1 } else { high = middle }
            }
            return low < hashes.count && hashes[low] == hash
        }
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
    static func cancels(_ rules: [DrugUseCueRule], facts: CodeFacts, mention: MentionPlace, in document: Document) -> Bool {
        guard facts.hasDrugUseCue, mention.sentence < document.sentences.count else { return false }
        let sentence = document.sentences[mention.sentence].tokens
        let lower = max(sentence.lowerBound, mention.tokens.lowerBound - windowBefore)
        let upper = min(sentence.upperBound, mention.tokens.upperBound + windowAfter)
        guard lower < upper else { return false }
        let hashes = document.wordHashes.count == document.tokens.count ? document.wordHashes : []
        for (number, rule) in rules.enumerated() where facts.drugUseCue(number) {
            for index in lower..<upper where !mention.tokens.contains(index) {
                // A cue's first word has its hash: most tokens are ruled out by it.
                if !hashes.isEmpty, !rule.mayStartCue(hash: hashes[index]) { continue }
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
