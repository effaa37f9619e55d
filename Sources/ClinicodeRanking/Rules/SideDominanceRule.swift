import ClinicodeCore

/// The dominance a side implies when the note does not say it (Guidelines
/// I.C.6.a): hemiplegia, hemiparesis and monoplegia of the right side are coded
/// as affecting the dominant side, of the left side the non-dominant one
/// ("left hemiparesis" is G81.94, not G81.90). The side word then also names
/// the title words of its default dominance while choosing among a code's children.
struct SideDominanceRule: Sendable, Hashable {
    /// The (normalised) side word: "right" or "left".
    let side: String
    /// The title words the side stands for ("nondominant").
    let implied: [String]
    /// Words that say the dominance (or that it is unknown): the rule then stays silent.
    let unless: [String]
    /// Words of the conditions the default is for ("hemiparesis"); one must be in the sentence.
    let conditions: [String]

    /// Reads `side-dominance.tsv`: side word, then |-separated implied words,
    /// words that silence the rule, and condition words.
    static func parse(_ file: DataFile) throws -> [SideDominanceRule] {
        try file.rows.map { row in
            func words(_ column: Int) -> [String] {
                row[column].lowercased().split(separator: "|").map(String.init).filter { !$0.isEmpty }
            }
            let rule = SideDominanceRule(side: row[0].lowercased(), implied: words(1), unless: words(2), conditions: words(3))
            guard !rule.side.isEmpty, !rule.implied.isEmpty, !rule.conditions.isEmpty,
                !(rule.implied + rule.unless + rule.conditions + [rule.side]).contains(where: { $0.contains(" ") })
            else {
                throw DataFileError.malformed(
                    source: file.source, line: row.line,
                    reason: "expected: side word<TAB>implied words<TAB>unless words<TAB>condition words (single words, |-separated)")
            }
            return rule
        }
    }

    static func encode(_ rules: [SideDominanceRule], to writer: inout BinaryWriter) {
        writer.write(rules.map(\.side))
        for column in [\SideDominanceRule.implied, \.unless, \.conditions] {
            writer.write(rules.map { $0[keyPath: column].joined(separator: "|") })
        }
    }

    static func decode(from reader: inout BinaryReader) throws -> [SideDominanceRule] {
        let sides = try reader.readStringArray()
        let implied = try reader.readStringArray(), unless = try reader.readStringArray(), conditions = try reader.readStringArray()
        guard implied.count == sides.count, unless.count == sides.count, conditions.count == sides.count
        else { throw reader.corrupt("side-dominance table mismatch") }
        func words(_ text: String) -> [String] { text.split(separator: "|").map(String.init) }
        return sides.indices.map {
            SideDominanceRule(side: sides[$0], implied: words(implied[$0]), unless: words(unless[$0]), conditions: words(conditions[$0]))
        }
    }

    /// The rule with its words hashed as the collector's context words are.
    var hashed: Hashed {
        func hash(_ words: [String]) -> [UInt64] { words.map { WordHash.hash($0, namespace: WordHash.word) } }
        return Hashed(side: WordHash.hash(side, namespace: WordHash.word), implied: hash(implied), unless: hash(unless), conditions: hash(conditions))
    }

    /// `SideDominanceRule` as word hashes.
    struct Hashed: Sendable {
        let side: UInt64
        let implied: [UInt64]
        let unless: [UInt64]
        let conditions: [UInt64]

        /// Adds the implied words to a sentence's words when it names the side
        /// and one of the conditions but no dominance.
        func apply(to words: inout WordSet) {
            guard words.contains(side), conditions.contains(where: { words.contains($0) }),
                !unless.contains(where: { words.contains($0) })
            else { return }
            for word in implied { words.insert(word) }
        }
    }
}
