import ClinicodeCore

/// The dominance a side implies when the note does not say it (Guidelines
/// I.C.6.a): hemiplegia, hemiparesis and monoplegia of the right side are coded
/// as affecting the dominant side, of the left side the non-dominant one
/// ("left hemiparesis" is G81.94, not G81.90). The side word then also names
/// the title words of its default dominance while choosing among a code's children.
/// A rule with note words applies instead of its side's default when the note
/// says one of them anywhere: a left-handed patient's left side is the dominant one.
struct SideDominanceRule: Sendable, Hashable {
    /// The (normalised) side word: "right" or "left".
    let side: String
    /// The title words the side stands for ("nondominant").
    let implied: [String]
    /// Words that say the dominance (or that it is unknown): the rule then stays silent.
    let unless: [String]
    /// Words of the conditions the default is for ("hemiparesis"); one must be in the sentence.
    let conditions: [String]
    /// Phrases of which the note must say one ("left-handed", "left handed"),
    /// empty for a side's default.
    var noteWords: [String] = []

    /// Reads `side-dominance.tsv`: side word, then |-separated implied words,
    /// words that silence the rule, condition words and (optional) note words.
    static func parse(_ file: DataFile) throws -> [SideDominanceRule] {
        try file.rows.map { row in
            func words(_ column: Int) -> [String] {
                row[column].lowercased().split(separator: "|").map(String.init).filter { !$0.isEmpty }
            }
            var rule = SideDominanceRule(side: row[0].lowercased(), implied: words(1), unless: words(2), conditions: words(3))
            rule.noteWords = words(4).map { $0.split(separator: " ").joined(separator: " ") }
            guard !rule.side.isEmpty, !rule.implied.isEmpty, !rule.conditions.isEmpty,
                !(rule.implied + rule.unless + rule.conditions + [rule.side]).contains(where: { $0.contains(" ") })
            else {
                throw DataFileError.malformed(
                    source: file.source, line: row.line,
                    reason: "expected: side word<TAB>implied words<TAB>unless words<TAB>condition words (single words, |-separated)"
                        + "[<TAB>note phrases]")
            }
            return rule
        }
    }

    static func encode(_ rules: [SideDominanceRule], to writer: inout BinaryWriter) {
        writer.write(rules.map(\.side))
        for column in [\SideDominanceRule.implied, \.unless, \.conditions, \.noteWords] {
            writer.write(rules.map { $0[keyPath: column].joined(separator: "|") })
        }
    }

    static func decode(from reader: inout BinaryReader) throws -> [SideDominanceRule] {
        let sides = try reader.readStringArray()
        let implied = try reader.readStringArray(), unless = try reader.readStringArray(), conditions = try reader.readStringArray()
        // Models written before note words existed end here.
        let noteWords = reader.remaining > 0 ? try reader.readStringArray() : [String](repeating: "", count: sides.count)
        guard implied.count == sides.count, unless.count == sides.count, conditions.count == sides.count, noteWords.count == sides.count
        else { throw reader.corrupt("side-dominance table mismatch") }
        func words(_ text: String) -> [String] { text.split(separator: "|").map(String.init) }
        return sides.indices.map {
            var rule = SideDominanceRule(side: sides[$0], implied: words(implied[$0]), unless: words(unless[$0]), conditions: words(conditions[$0]))
            rule.noteWords = words(noteWords[$0])
            return rule
        }
    }

    /// The rule with its words hashed as the collector's context words are.
    var hashed: Hashed {
        func hash(_ words: [String]) -> [UInt64] { words.map { WordHash.hash($0, namespace: WordHash.word) } }
        return Hashed(
            side: WordHash.hash(side, namespace: WordHash.word), implied: hash(implied), unless: hash(unless), conditions: hash(conditions),
            notePhrases: noteWords.map { hash($0.split(separator: " ").map(String.init)) })
    }

    /// `SideDominanceRule` as word hashes.
    struct Hashed: Sendable {
        let side: UInt64
        let implied: [UInt64]
        let unless: [UInt64]
        let conditions: [UInt64]
        /// `noteWords`, each phrase as its words' hashes.
        let notePhrases: [[UInt64]]

        /// Whether a sentence's words name the side and one of the conditions but no dominance.
        func matches(_ words: WordSet) -> Bool {
            words.contains(side) && conditions.contains(where: { words.contains($0) }) && !unless.contains(where: { words.contains($0) })
        }

        /// Adds the implied words of the rules that apply to a sentence's words:
        /// for each side, a rule whose note phrase the note says (`noteSays`, asked
        /// only when a sentence names a side and a condition), else the side's
        /// default. Rules apply in file order and each sees the words added
        /// before it: a sentence naming both sides gets the first side's dominance.
        static func apply(_ rules: [Hashed], to words: inout WordSet, noteSays: ([UInt64]) -> Bool) {
            // By index through the buffer: a rule read out of the array was
            // copied, retaining and releasing its four arrays, for every rule
            // of every sentence.
            rules.withUnsafeBufferPointer { rules in
                // Most sentences name no side: no rule can match (a rule adds
                // words only after one matched).
                guard rules.indices.contains(where: { words.contains(rules[$0].side) }) else { return }
                // The rules share their condition words: the rule whose
                // conditions were last tested and the answer, until a word is added.
                var tested = -1, hasCondition = false
                func matches(_ index: Int) -> Bool {
                    guard words.contains(rules[index].side) else { return false }
                    if tested < 0 || rules[tested].conditions != rules[index].conditions {
                        hasCondition = rules[index].conditions.contains(where: { words.contains($0) })
                        tested = index
                    }
                    return hasCondition && !rules[index].unless.contains(where: { words.contains($0) })
                }
                var decided: [UInt64] = []
                for index in rules.indices
                where !rules[index].notePhrases.isEmpty && !decided.contains(rules[index].side) && matches(index) {
                    guard rules[index].notePhrases.contains(where: noteSays) else { continue }
                    for word in rules[index].implied { words.insert(word) }
                    tested = -1
                    decided.append(rules[index].side)
                }
                for index in rules.indices where rules[index].notePhrases.isEmpty && !decided.contains(rules[index].side) && matches(index) {
                    for word in rules[index].implied { words.insert(word) }
                    tested = -1
                }
            }
        }
    }
}
