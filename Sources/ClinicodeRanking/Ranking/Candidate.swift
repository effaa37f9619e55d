import ClinicodeCore

/// A code under consideration for one note, with everything the scorer and
/// the coding rules read.
struct Candidate {
    var code: CodeReference
    /// The code's node and rule matches, filled when the candidate is made
    /// (see `CodeFacts`), so the rules need no look-up by code String.
    var facts: CodeFacts?
    /// Text supporting the code (written out for the output only).
    var evidence: [NoteEvidence] = []
    /// Strength of each supporting lexicon mention, 0...1.
    var mentionWeights = MentionWeights()
    /// Best loose-retrieval score, 0...1.
    var retrievalScore = 0.0
    /// Best IDF-weighted coverage of the code's title words by its evidence sentences.
    var titleCoverage = 0.0
    /// Best section weight among its mentions.
    var bestSectionWeight = 0.0
    /// Whether the code came from a rule mapping (family / personal history, combination).
    var fromRule = false
    /// Whether specificity rules chose it instead of the code the matcher gave.
    var refined = false
    /// Whether an inclusion term, synonym or abbreviation names the code itself (see
    /// `CandidateCollector.namesOutright`): its title wording counts as covered.
    var namedOutright = false
    /// Why the code is what it is (written out for the output only).
    var rationale: [RationaleNote] = []
    /// Whether `rationale` is kept: not when the caller reads codes only
    /// (`RankingOptions.Detail.codes`), so no note is worded or stored.
    var keepsNotes = true
    /// Learned-model inputs, filled when a model is loaded.
    var neighbourVote = 0.0
    var association = 0.0
    var wordAssociation = 0.0
    /// Reciprocal ranks of the candidate among the note's candidates by each
    /// signal (lexical, neighbours, word association, term association), so the
    /// fusion can weigh agreement of rankings as reciprocal-rank fusion does.
    var reciprocalRanks = ReciprocalRanks()
    var prior = 0.0
    /// The one-vs-rest classifier's score for the code (learned model).
    var kernelScore = 0.0
    /// Share of the code's category codings in training that used this code.
    var childShare = 0.0
    /// Best lexical evidence of any candidate in the code's category (filled with the learned model).
    var categoryLexical = 0.0
    /// Summed classifier scores of the codes of the code's category.
    var categoryKernel = 0.0
    /// The code's share of its category's classifier and neighbour evidence, alone and times `categoryLexical`.
    var withinCategory = CategoryShares()
    /// Whether the coding rules, run on the lexical scores, would drop the code (learned model).
    var ruleRemoved = false
    /// Whether they would lower its score.
    var ruleDemoted = false
    /// How often coders chose the code in training when the wording supported
    /// it (smoothed), and log(1 + notes where it did): see `LexicalPrecision`.
    var lexicalPrecision = 0.0
    var lexicalSupport = 0.0
    /// Where the evidence lies: first and last mention as a share of the note's
    /// length (case reports tend to state the diagnoses reached at the end).
    var firstPosition = 1.0
    var lastPosition = 0.0
    /// Whether the code's title says "unspecified" / "other" (filled with the learned model).
    var isUnspecified = false
    var isOther = false
    /// Final score 0...1.
    var score = 0.0

    init(code: CodeReference) { self.code = code }

    /// Whether any lexicon term in the note names the code (not retrieval alone).
    var hasMention: Bool { !mentionWeights.isEmpty }

    /// Combined lexical evidence: noisy-OR of the mentions' strengths.
    var lexicalScore: Double { 1 - mentionWeights.missing }

    /// `evidence` as a set, so `addEvidence` stays constant-time: a note
    /// repeating one phrase thousands of times made the linear
    /// `contains` check quadratic (a hang on multi-megabyte notes).
    private var evidenceSeen: Set<NoteEvidence> = []

    mutating func addEvidence(_ item: NoteEvidence) {
        // Most candidates have a few items: comparing them is cheaper than
        // hashing them; the set takes over beyond that.
        if evidence.count < 8 {
            if !evidence.contains(item) { evidence.append(item) }
            return
        }
        if evidenceSeen.count != evidence.count { evidenceSeen = Set(evidence) }  // `evidence` was set directly
        if evidenceSeen.insert(item).inserted { evidence.append(item) }
    }

    /// `addEvidence(_:)`, where `single` is the one-item list of `item` that the
    /// candidates one mention reaches share (made on first need, else empty):
    /// a candidate with no evidence yet takes it (a retain) instead of
    /// allocating a list of its own, as most of a mention's candidates do.
    mutating func addEvidence(_ item: NoteEvidence, sharing single: inout [NoteEvidence]) {
        guard evidence.isEmpty else { return addEvidence(item) }
        if single.isEmpty { single = [item] }
        evidence = single
    }

    /// Adds a note unless the candidate has it already (or keeps none).
    mutating func addRationale(_ note: RationaleNote) {
        if keepsNotes, !rationale.contains(note) { rationale.append(note) }
    }

    /// Adds a written-out note (the coding rules') unless the candidate has it
    /// already; the text is made only when notes are kept.
    mutating func addRationale(_ text: @autoclosure () -> String) {
        if keepsNotes { addRationale(.text(text())) }
    }

    /// Adds a specificity refinement's note, if any.
    mutating func addRationale(_ refinement: Refinement?) {
        if let refinement { addRationale(.refinement(refinement)) }
    }
}

/// A candidate's five reciprocal ranks, held inline: an array would be one
/// more allocation (and release) per candidate of every note.
struct ReciprocalRanks {
    private var values: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)

    subscript(slot: Int) -> Double {
        get {
            switch slot {
            case 0: return values.0
            case 1: return values.1
            case 2: return values.2
            case 3: return values.3
            default: precondition(slot == 4); return values.4
            }
        }
        set {
            switch slot {
            case 0: values.0 = newValue
            case 1: values.1 = newValue
            case 2: values.2 = newValue
            case 3: values.3 = newValue
            default: precondition(slot == 4); values.4 = newValue
            }
        }
    }
}

/// A code's share of its category's learned evidence, held inline (an array
/// would be one more allocation per candidate of every note).
struct CategoryShares {
    /// The code's share of its category's classifier scores.
    var kernelShare = 0.0
    /// The code's share of its category's neighbour votes.
    var voteShare = 0.0
    /// `kernelShare` times the category's lexical evidence.
    var lexicalKernelShare = 0.0
    /// `voteShare` times the category's lexical evidence.
    var lexicalVoteShare = 0.0
}

/// The numbers the fusion model weighs, in a fixed order.
enum CandidateFeatures {
    static let count = 44

    static func vector(_ candidate: Candidate, topSimilarity: Double) -> [Double] {
        let lexical = candidate.lexicalScore
        let isSymptom = candidate.code.code.hasPrefix("R") ? 1.0 : 0.0
        let kernel = min(1.5, max(-0.5, candidate.kernelScore))
        return [
            1,
            lexical,
            candidate.hasMention ? 1 : 0,
            candidate.retrievalScore,
            candidate.titleCoverage,
            candidate.bestSectionWeight,
            log(1 + Double(candidate.mentionWeights.count)),
            candidate.neighbourVote,
            candidate.association,
            candidate.prior.squareRoot(),
            lexical * candidate.neighbourVote,
            (candidate.hasMention ? 1 : 0) * candidate.association,
            topSimilarity * candidate.neighbourVote,
            isSymptom * lexical,
            candidate.wordAssociation,
            (candidate.hasMention ? 1 : 0) * candidate.neighbourVote,
            kernel,
            (candidate.hasMention ? 1 : 0) * kernel,
            candidate.childShare,
            candidate.categoryLexical,
            candidate.categoryLexical * candidate.childShare,
            min(2, max(0, candidate.categoryKernel)),
            lexical * kernel,
            (candidate.hasMention || candidate.retrievalScore > 0 ? 0 : 1) * candidate.categoryLexical,
            candidate.ruleRemoved ? 1 : 0,
            candidate.ruleDemoted ? 1 : 0,
            candidate.refined ? 1 : 0,
            candidate.fromRule ? 1 : 0,
            candidate.isUnspecified ? 1 : 0,
            candidate.isOther ? 1 : 0,
            candidate.reciprocalRanks[0], candidate.reciprocalRanks[1], candidate.reciprocalRanks[2],
            candidate.reciprocalRanks[3], candidate.reciprocalRanks[4],
            candidate.withinCategory.kernelShare, candidate.withinCategory.voteShare,
            candidate.withinCategory.lexicalKernelShare, candidate.withinCategory.lexicalVoteShare,
            candidate.lexicalPrecision, candidate.lexicalSupport, lexical * candidate.lexicalPrecision,
            candidate.firstPosition, candidate.lastPosition,
        ]
    }

    /// Fills each candidate's reciprocal ranks (rank constant 5, as in RRF).
    static func assignReciprocalRanks(_ candidates: inout [Candidate]) {
        // Signals read in place (a closure taking a `Candidate` would copy each one).
        func signal(_ slot: Int, _ candidate: borrowing Candidate) -> Double {
            switch slot {
            case 0: return candidate.lexicalScore + 0.3 * candidate.retrievalScore
            case 1: return candidate.neighbourVote
            case 2: return candidate.wordAssociation
            case 3: return candidate.association
            default: return candidate.kernelScore
            }
        }
        var values = [Double](repeating: 0, count: candidates.count)
        var order = Array(candidates.indices)
        for slot in 0..<5 {
            for index in candidates.indices { values[index] = signal(slot, candidates[index]) }
            // Candidates arrive sorted by code, so index order breaks ties by code.
            order.sort { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
            for (rank, index) in order.enumerated() {
                candidates[index].reciprocalRanks[slot] = values[index] > 0 ? 5 / (5 + Double(rank)) : 0
            }
        }
    }

    /// Score with no learned model: the lexical evidence, tempered by how much
    /// of the code's own wording the note covers (all of it when an inclusion
    /// term or synonym names the code outright) and by sequencing (external
    /// causes after conditions).
    static func zeroShotScore(_ candidate: Candidate) -> Double {
        let lexical = candidate.lexicalScore
        let coverage = 0.55 + 0.45 * (candidate.namedOutright ? 1 : candidate.titleCoverage)
        let retrieval = 0.6 * candidate.retrievalScore
        return min(1, max(lexical * coverage, retrieval)) * sequencingFactor(candidate.code.code)
    }

    /// External-cause codes (V00-Y99) are never first-listed (Guidelines
    /// I.C.20): they supplement an injury or condition code, so with no
    /// model they rank at half the strength of their lexical evidence.
    static let externalCauseFactor = 0.5

    static func sequencingFactor(_ code: String) -> Double {
        guard let first = code.utf8.first else { return 1 }
        switch first {
        case UInt8(ascii: "V"), UInt8(ascii: "W"), UInt8(ascii: "X"), UInt8(ascii: "Y"): return externalCauseFactor
        default: return 1
        }
    }

    /// Score with learned fusion weights (logistic), plus any log-odds learned on top (boosted trees).
    static func fusedScore(_ features: [Double], weights: [Double], margin: Double = 0) -> Double {
        var sum = margin
        for index in 0..<min(features.count, weights.count) { sum += features[index] * weights[index] }
        return 1 / (1 + exp(-sum))
    }
}

import Foundation
