import ClinicodeCore

/// The note-level features the learned model reads: word counts (for the
/// TF-IDF note vector) and the evidence keys of its asserted mentions.
struct NoteFeatures: Sendable {
    /// Word hash and count, sorted by hash; the evidence keys are words too.
    var words: [(hash: UInt64, count: Int)]
    /// Hashes of the terms and codes of mentions that are not denied and are
    /// about the patient, sorted and unique.
    var evidenceKeys: [UInt64]

    init(document: Document) {
        var counts: [UInt64: Int] = [:]
        counts.reserveCapacity(document.tokens.count / 2)
        var previous: UInt64? = nil
        for token in document.tokens {
            guard token.kind == .word && token.normalized.utf8.count >= 2 else {
                previous = nil
                continue
            }
            let hash = WordHash.hash(token.normalized, namespace: WordHash.word)
            counts[hash, default: 0] += 1
            // Adjacent word pairs too: "renal colic" says more than "renal" and "colic".
            if let previous { counts[(previous &* 0x9E37_79B9_7F4A_7C15) ^ hash, default: 0] += 1 }
            previous = hash
        }
        var keys = Set<UInt64>()
        for mention in document.mentions
        where mention.assertion.negation == .affirmed && mention.assertion.experiencer == .patient
            && mention.assertion.certainty != .hypothetical
        {
            keys.insert(WordHash.hash(mention.term, namespace: WordHash.term))
            for code in mention.codes.prefix(2) { keys.insert(WordHash.hash(code.code, namespace: WordHash.code)) }
        }
        evidenceKeys = keys.sorted()
        // The affirmed concepts join the words: similar notes are then those
        // asserting the same findings, not those merely naming them.
        for key in keys { counts[key, default: 0] += 1 }
        words = counts.map { ($0.key, $0.value) }.sorted { $0.hash < $1.hash }
    }
}

/// What the learned model says about a note's codes.
struct LearnedEvidence {
    /// Label -> share of the nearest training notes' similarity that carries it.
    var neighbourVote: [Int: Double] = [:]
    /// Label -> best P(code | evidence key) over the note's keys.
    var association: [Int: Double] = [:]
    /// Label -> best smoothed P(code | word) over the note's words.
    var wordAssociation: [Int: Double] = [:]
    /// Similarity of the nearest training note (how familiar the note is).
    var topSimilarity: Double = 0
    /// Per kernel column: the one-vs-rest classifier's score.
    var kernelScores: [Float] = []
}

/// A training note to leave out when scoring it (for unbiased fusion training).
struct LeaveOut {
    var document: Int
    var labels: Set<Int>
    var keys: Set<UInt64>
    /// The note's leave-one-out classifier scores per kernel column (closed form, from training).
    var kernelScores: [Float]? = nil
    /// The codes the note's wording supported (its own `LexicalPrecision` counts).
    var supported: Set<CodeReference> = []
}

extension RankingModel {
    /// Neighbours counted in the vote.
    static let neighbourCount = 12
    /// Distinguishes word keys from evidence keys in the association table.
    static let wordAssociationSalt: UInt64 = 0x9e37_79b9_7f4a_7c15

    /// Cosine similarity of a note to every training note, through the inverted index.
    func similarities(for note: NoteFeatures) -> [Float] {
        var similarity = [Float](repeating: 0, count: documentCount)
        var queryNorm = 0.0
        for (hash, count) in note.words {
            guard let row = noteVectors.find(hash) else { continue }
            let range = noteVectors.range(row)
            let weight = (1 + log(Double(count))) * idf(documentFrequency: range.count)
            queryNorm += weight * weight
            let w = Float(weight)
            for index in range {
                similarity[Int(noteVectors.values[index])] += w * noteVectors.weights[index]
            }
        }
        guard queryNorm > 0 else { return similarity }
        let scale = Float(1 / queryNorm.squareRoot())
        for index in similarity.indices { similarity[index] *= scale }
        return similarity
    }

    /// The learned evidence for a note.
    func learnedEvidence(for note: NoteFeatures, leaveOut: LeaveOut? = nil) -> LearnedEvidence {
        var result = LearnedEvidence()
        guard documentCount > 0 else { return result }
        var similarity = similarities(for: note)
        if let leaveOut { similarity[leaveOut.document] = 0 }
        if let scores = leaveOut?.kernelScores {
            result.kernelScores = scores
        } else if !kernel.isEmpty {
            result.kernelScores = kernel.scores(similarities: similarity)
        }
        do {
            var neighbours: [(Int, Float)] = []
            neighbours.reserveCapacity(Self.neighbourCount + 1)
            var floor: Float = 0
            for (document, value) in similarity.enumerated() where value > floor {
                neighbours.append((document, value))
                if neighbours.count > Self.neighbourCount * 2 {
                    neighbours.sort { $0.1 > $1.1 }
                    neighbours.removeLast(neighbours.count - Self.neighbourCount)
                    floor = neighbours.last!.1
                }
            }
            neighbours.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            if neighbours.count > Self.neighbourCount { neighbours.removeLast(neighbours.count - Self.neighbourCount) }
            var total = 0.0
            for (document, value) in neighbours {
                let weight = Double(value)
                let vote = weight * weight
                total += vote
                for label in labels(ofNote: document) {
                    result.neighbourVote[Int(noteLabels[label]), default: 0] += vote
                }
            }
            result.topSimilarity = neighbours.first.map { Double($0.1) } ?? 0
            if total > 0 {
                for key in result.neighbourVote.keys { result.neighbourVote[key]! /= total }
            }
        }
        // Word -> code association, heavily smoothed (words are many and noisy).
        for (hash, _) in note.words {
            let key = hash ^ Self.wordAssociationSalt
            guard let row = associations.find(key) else { continue }
            var total = Double(featureTotals[row])
            if leaveOut != nil { total -= 1 }
            guard total > 0 else { continue }
            for index in associations.range(row) {
                let label = Int(associations.values[index])
                var together = Double(associations.weights[index])
                if let leaveOut, leaveOut.labels.contains(label) { together -= 1 }
                guard together > 0 else { continue }
                let probability = together / (total + 5)
                if probability > result.wordAssociation[label] ?? 0 { result.wordAssociation[label] = probability }
            }
        }
        // Evidence key -> code association, P(code | key) with add-two smoothing.
        for key in note.evidenceKeys {
            guard let row = associations.find(key) else { continue }
            var total = Double(featureTotals[row])
            let selfKey = leaveOut?.keys.contains(key) ?? false
            if selfKey { total -= 1 }
            guard total > 0 else { continue }
            for index in associations.range(row) {
                let label = Int(associations.values[index])
                var together = Double(associations.weights[index])
                if selfKey, leaveOut!.labels.contains(label) { together -= 1 }
                guard together > 0 else { continue }
                let probability = together / (total + 2)
                if probability > result.association[label] ?? 0 { result.association[label] = probability }
            }
        }
        return result
    }

    /// Prior probability of a label, optionally leaving one note out.
    func prior(_ label: Int, leaveOut: LeaveOut?) -> Double {
        var count = Double(labelCounts[label])
        var total = Double(documentCount)
        if let leaveOut {
            total -= 1
            if leaveOut.labels.contains(label) { count -= 1 }
        }
        return total > 0 ? max(0, count) / total : 0
    }
}

import Foundation
