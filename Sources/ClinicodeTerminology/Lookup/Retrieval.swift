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
        guard limit > 0, !query.isEmpty else { return [] }
        let (touched, queryWeight) = sparseTermScores(query)
        let index = self.index
        // Rank terms by q^3·t^2 (the fifth power of the score: same order, no
        // pow) keeping only the best few in a small sorted buffer.
        let keep = limit * 4
        var top: [(key: Float, term: Int, matched: Float)] = []
        top.reserveCapacity(keep + 1)
        for (term, matched) in touched {
            let queryCoverage = min(1, matched / queryWeight)
            let termCoverage = min(1, matched / max(index.weights[term], 1e-6))
            let key = queryCoverage * queryCoverage * queryCoverage * termCoverage * termCoverage
            if top.count == keep, let last = top.last, key <= last.key { continue }
            var position = top.count
            while position > 0, top[position - 1].key < key || (top[position - 1].key == key && top[position - 1].term > term) {
                position -= 1
            }
            top.insert((key, term, matched), at: position)
            if top.count > keep { top.removeLast() }
        }
        var hits: [RetrievalHit] = []
        var seen: Set<Int> = []
        for (_, term, matched) in top {
            let (score, queryCoverage, termCoverage) = combined(matched: matched, queryWeight: queryWeight, term: term)
            for packed in index.codes[term] where hits.count < limit {
                let code = TermIndex.code(packed)
                guard seen.insert(code).inserted else { continue }
                hits.append(RetrievalHit(code: codes.reference(code), score: Double(score), termID: term,
                                         queryCoverage: Double(queryCoverage), termCoverage: Double(termCoverage)))
            }
            if hits.count >= limit { break }
        }
        return hits
    }

    /// Posting lists longer than this are not walked for retrieval: such a
    /// word (a laterality, "disease") only adds weight to terms a rarer query
    /// word already found.
    static let commonPostingLength = 400

    /// Matched IDF weight per touched term (in no particular order), without
    /// a dense array: rare words' postings are summed in a small open-addressing
    /// table, common words then checked per touched term.
    func sparseTermScores(_ query: [UInt32]) -> (touched: [(term: Int, matched: Float)], queryWeight: Float) {
        let index = self.index
        let idf = vocabulary.idf
        let ordered = query.sorted { index.postings.range(Int($0)).count < index.postings.range(Int($1)).count }
        var rare: [UInt32] = []
        var common: [UInt32] = []
        var queryWeight: Float = 0
        var expected = 0
        for (position, id) in ordered.enumerated() {
            queryWeight += idf[Int(id)]
            let count = index.postings.range(Int(id)).count
            if position > 0, count > Self.commonPostingLength {
                common.append(id)
            } else {
                rare.append(id)
                expected += count
            }
        }
        var capacity = 64
        while capacity < expected * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var keys = [Int32](repeating: -1, count: capacity)
        var sums = [Float](repeating: 0, count: capacity)
        var touched: [(term: Int, matched: Float)] = []
        var slotsUsed: [Int] = []
        for id in rare {
            let weight = idf[Int(id)]
            for offset in index.postings.range(Int(id)) {
                let term = Int32(bitPattern: index.postings.values[offset])
                var slot = Int(UInt32(bitPattern: term) &* 2_654_435_761) & mask
                while keys[slot] != -1, keys[slot] != term { slot = (slot + 1) & mask }
                if keys[slot] == -1 {
                    keys[slot] = term
                    slotsUsed.append(slot)
                }
                sums[slot] += weight
            }
        }
        touched.reserveCapacity(slotsUsed.count)
        for slot in slotsUsed { touched.append((Int(keys[slot]), sums[slot])) }
        if !common.isEmpty {
            // Raw buffers: this runs for every touched term of every sentence.
            index.words.starts.withUnsafeBufferPointer { starts in
                index.words.values.withUnsafeBufferPointer { values in
                    idf.withUnsafeBufferPointer { idf in
                        for position in touched.indices {
                            let term = touched[position].term
                            var extra: Float = 0
                            for offset in Int(starts[term])..<Int(starts[term + 1]) {
                                let word = values[offset]
                                for commonWord in common where commonWord == word { extra += idf[Int(word)] }
                            }
                            touched[position].matched += extra
                        }
                    }
                }
            }
        }
        return (touched, queryWeight)
    }

    /// Retrieval over a stretch of a document (a sentence's token range).
    public func retrieve(_ document: Document, tokens: Range<Int>, limit: Int) -> [RetrievalHit] {
        retrieve(wordIDs: wordIDs(in: document, tokens: tokens), limit: limit)
    }

    /// Exhaustive dense scores (for a single lookup phrase).
    func termScores(_ query: [UInt32]) -> TermScores {
        var matched = [Float](repeating: 0, count: index.count)
        var touched: [Int] = []
        var queryWeight: Float = 0
        for id in query {
            let weight = vocabulary.idf[Int(id)]
            queryWeight += weight
            let postings = index.postings.range(Int(id))
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
        combined(matched: scores.matched[term], queryWeight: scores.queryWeight, term: term)
    }

    /// (score, query coverage, term coverage) of a term with this matched weight.
    @inline(__always)
    func combined(matched: Float, queryWeight: Float, term: Int) -> (Float, Float, Float) {
        guard matched > 0, queryWeight > 0 else { return (0, 0, 0) }
        let queryCoverage = min(1, matched / queryWeight)
        let termCoverage = min(1, matched / max(index.weights[term], 1e-6))
        return (Float(pow(Double(queryCoverage), 0.6) * pow(Double(termCoverage), 0.4)), queryCoverage, termCoverage)
    }

    func section(of tokens: Range<Int>, in document: Document) -> SectionKind {
        // Sentences are in token order: binary search the one holding the first token.
        var low = 0
        var high = document.sentences.count
        while low < high {
            let middle = (low + high) / 2
            if document.sentences[middle].tokens.upperBound <= tokens.lowerBound { low = middle + 1 } else { high = middle }
        }
        guard low < document.sentences.count, document.sentences[low].tokens.contains(tokens.lowerBound) else { return .none }
        let section = document.sentences[low].section
        return section < document.sections.count ? document.sections[section].kind : .none
    }
}

import Foundation
