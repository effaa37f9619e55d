import ClinicodeCore

/// A code found by IDF-weighted word overlap rather than a full term match.
public struct RetrievalHit: Sendable, Hashable {
    /// The code whose wording overlaps the query (not expanded to a billable code).
    public var code: CodeReference
    /// Overlap score 0...1: query coverage and term coverage combined.
    public var score: Double
    /// The best-overlapping term (see `Terminology.termText(_:)`).
    public var termID: Int
    /// Share of the query's IDF weight the term covers.
    public var queryCoverage: Double
    /// Share of the term's IDF weight the query covers.
    public var termCoverage: Double

    /// Creates a hit.
    public init(code: CodeReference, score: Double, termID: Int, queryCoverage: Double, termCoverage: Double) {
        self.code = code
        self.score = score
        self.termID = termID
        self.queryCoverage = queryCoverage
        self.termCoverage = termCoverage
    }
}

extension Terminology {
    /// Per-term overlap scores for a query, dense over terms.
    struct TermScores {
        var matched: [Float]
        var touched: [Int]
        var queryWeight: Float
    }

    /// The ids of the words of a normalised word (several for a compound), or none.
    public func wordIDs(ofNormalizedWord word: String) -> [Int] {
        var ids: [Int] = []
        if let id = vocabulary.id(of: word) { ids.append(Int(id)) }
        if word.contains(where: { $0 == "-" || $0 == "/" }) {
            for part in word.split(whereSeparator: { $0 == "-" || $0 == "/" }) {
                if let id = vocabulary.id(of: String(part)), !ids.contains(Int(id)) { ids.append(Int(id)) }
            }
        }
        return ids
    }

    /// The word ids of a stretch of a document, abbreviations expanded.
    public func wordIDs(in document: Document, tokens: Range<Int>) -> [Int] {
        SentenceWords(document, tokens: tokens, section: section(of: tokens, in: document), terminology: self)
            .distinctIDs.map { Int($0) }
    }

    /// The inverse document frequency of a word id over the index's terms.
    public func idf(ofWordID id: Int) -> Double {
        id >= 0 && id < vocabulary.count ? Double(vocabulary.idf[id]) : 0
    }

    /// The inverse document frequency of a normalised word (0 if unknown or a filler).
    public func idf(ofNormalizedWord word: String) -> Double {
        vocabulary.id(of: word).map { Double(vocabulary.idf[Int($0)]) } ?? 0
    }

    /// Codes whose terms share the most informative words with the query,
    /// best first: score = queryCoverage^0.6 × termCoverage^0.4, each code
    /// scored by its best term.
    public func retrieve(wordIDs: some Sequence<Int>, limit: Int) -> [RetrievalHit] {
        let query = Array(Set(wordIDs.compactMap { $0 >= 0 && $0 < vocabulary.count ? UInt32($0) : nil }))
        let scores = termScores(query)
        var best: [Int: (score: Float, term: Int, query: Float, term2: Float)] = [:]
        for term in scores.touched {
            let (score, queryCoverage, termCoverage) = combined(scores, term)
            for packed in index.codes[term] {
                let code = TermIndex.code(packed)
                if let existing = best[code], existing.score >= score { continue }
                best[code] = (score, term, queryCoverage, termCoverage)
            }
        }
        let ranked = best.sorted { ($0.value.score, -$0.key) > ($1.value.score, -$1.key) }.prefix(max(0, limit))
        return ranked.map {
            RetrievalHit(code: codes.reference($0.key), score: Double($0.value.score), termID: $0.value.term,
                         queryCoverage: Double($0.value.query), termCoverage: Double($0.value.term2))
        }
    }

    /// Retrieval over a stretch of a document (a sentence's token range).
    public func retrieve(_ document: Document, tokens: Range<Int>, limit: Int) -> [RetrievalHit] {
        retrieve(wordIDs: wordIDs(in: document, tokens: tokens), limit: limit)
    }

    func termScores(_ query: [UInt32], exhaustive: Bool = false) -> TermScores {
        var matched = [Float](repeating: 0, count: index.count)
        var touched: [Int] = []
        var queryWeight: Float = 0
        // Rare words first; a common word's long posting list is only walked
        // while it is cheaper than checking the terms already touched.
        let ordered = query.sorted { index.postings.range(Int($0)).count < index.postings.range(Int($1)).count }
        for id in ordered {
            let weight = vocabulary.idf[Int(id)]
            queryWeight += weight
            let postings = index.postings.range(Int(id))
            if !exhaustive, !touched.isEmpty, postings.count > touched.count * 16 {
                for term in touched where index.words[term].contains(id) { matched[term] += weight }
                continue
            }
            for position in postings {
                let term = Int(index.postings.values[position])
                if matched[term] == 0 { touched.append(term) }
                matched[term] += weight
            }
        }
        return TermScores(matched: matched, touched: touched, queryWeight: queryWeight)
    }

    /// (score, query coverage, term coverage) of one term.
    @inline(__always)
    func combined(_ scores: TermScores, _ term: Int) -> (Float, Float, Float) {
        let matched = scores.matched[term]
        guard matched > 0, scores.queryWeight > 0 else { return (0, 0, 0) }
        let queryCoverage = min(1, matched / scores.queryWeight)
        let termCoverage = min(1, matched / max(index.weights[term], 1e-6))
        return (Float(pow(Double(queryCoverage), 0.6) * pow(Double(termCoverage), 0.4)), queryCoverage, termCoverage)
    }

    func section(of tokens: Range<Int>, in document: Document) -> SectionKind {
        guard let sentence = document.sentences.first(where: { $0.tokens.contains(tokens.lowerBound) }),
              sentence.section < document.sections.count else { return .none }
        return document.sections[sentence.section].kind
    }
}

import Foundation
