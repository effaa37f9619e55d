import ClinicodeCore
import ClinicodeText

extension Terminology {
    /// How much of its score a code passes to the billable code it expands to:
    /// a little less, so a directly matched billable code ranks first.
    static let expansionDiscount: Float = 0.97
    /// Scored codes considered for expansion.
    static let expansionBreadth = 400

    /// Ranked codes for a phrase, as a coder searches an index: each code is
    /// scored by how much of the phrase's informative (IDF-weighted) wording
    /// its best term covers and vice versa, then expanded to a billable code
    /// (choosing children, laterality and the 7th character by the phrase's
    /// words). Empty when the phrase has no known words.
    public func lookup(_ phrase: String, analyzer: TextAnalyzer, top: Int) -> [LookupHit] {
        guard top > 0 else { return [] }
        let document = phraseDocument(phrase, analyzer: analyzer)
        let words = SentenceWords(document, tokens: 0..<document.tokens.count, section: .none, terminology: self)
        let query = words.distinctIDs
        guard !query.isEmpty else { return [] }
        let scores = termScores(query)

        // Each code's best term.
        var codeScore = [Float](repeating: 0, count: codes.count)
        var codeTerm = [Int32](repeating: -1, count: codes.count)
        // How much of the phrase a code's wording covers: siblings are told
        // apart by this, not by how many extra words their titles carry.
        var codeMatched = [Float](repeating: 0, count: codes.count)
        var scored: [Int] = []
        for term in scores.touched {
            let termScore = combined(scores, term).0
            // A term's later codes are its weaker readings (see TermIndexBuilder ranks).
            for (position, packed) in index.codes[term].enumerated() {
                let score = termScore * (1 - 0.002 * Float(min(position, 10)))
                let code = TermIndex.code(packed)
                if codeTerm[code] < 0 { scored.append(code) }
                codeMatched[code] = max(codeMatched[code], scores.matched[term])
                if score > codeScore[code] || codeTerm[code] < 0 {
                    codeScore[code] = max(score, codeScore[code])
                    codeTerm[code] = Int32(term)
                }
            }
        }
        scored.sort { (codeScore[$0], -$0) > (codeScore[$1], -$1) }

        // Expand to billable codes.
        var final: [Int: (score: Float, term: Int32, from: Int?)] = [:]
        for code in scored.prefix(Self.expansionBreadth) {
            let score = codeScore[code]
            let target: Int
            var from: Int? = nil
            var value = score
            if codes.isBillable(code) {
                target = code
            } else if let billable = descend(from: code, score: { codeMatched[$0] }, mentions: { words.contains($0) }) {
                target = billable
                if codes.parent(billable) != code || codes.kind(billable) != .seventhCharacter {
                    value *= Self.expansionDiscount
                }
                from = code
            } else {
                continue
            }
            if let existing = final[target], existing.score >= value { continue }
            final[target] = (value, codeTerm[code], from)
        }
        let ranked = final.sorted {
            ($0.value.score, $0.value.from == nil ? 1 : 0, -$0.key) > ($1.value.score, $1.value.from == nil ? 1 : 0, -$1.key)
        }
        return ranked.prefix(top).map { entry in
            LookupHit(
                code: codes.reference(entry.key), title: codes.title(entry.key), score: Double(entry.value.score),
                billable: codes.isBillable(entry.key), term: entry.value.term >= 0 ? index.texts[Int(entry.value.term)] : "",
                expandedFrom: entry.value.from.map(codes.reference))
        }
    }

    /// The phrase as one sentence in one section, so abbreviation cues see all of it.
    private func phraseDocument(_ phrase: String, analyzer: TextAnalyzer) -> Document {
        var document = Document(id: "lookup", text: phrase)
        document.tokens = analyzer.tokenize(phrase)
        let end = document.scalars.count
        document.sections = [Section(kind: .none, title: "", headerSpan: nil, span: TextSpan(start: 0, end: end))]
        document.sentences = [Sentence(span: TextSpan(start: 0, end: end), tokens: 0..<document.tokens.count, section: 0)]
        return document
    }
}
