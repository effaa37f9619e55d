/// Scores ranked predictions against gold, replicating `score.py`:
///
/// - every gold document is scored; one with no predictions has AP 0 and
///   contributes only false negatives;
/// - predictions for documents without gold are ignored (and counted);
/// - codes compare by `CodeKey`; a repeated code keeps its first rank;
/// - at category level codes are cut to the prefix first and then de-duplicated.
public struct Evaluator: Sendable {
    /// What to compute.
    public var options: EvaluationOptions

    /// Creates an evaluator.
    public init(options: EvaluationOptions = EvaluationOptions()) {
        self.options = options
    }

    /// The full report (without throughput; the caller measures that).
    public func evaluate(gold: GoldStandard, predictions: RankedPredictions) -> EvaluationReport {
        let goldDocuments = gold.documents
        let codeLevel = Self.score(
            documents: goldDocuments, gold: gold.codes, rankings: predictions.rankings,
            prefix: nil, options: options)
        var categoryLevel: LevelMetrics?
        if let prefix = options.categoryPrefix {
            let cut = { (lists: [String: [String]]) in
                lists.mapValues { Self.distinct($0.map { CodeKey.truncate($0, prefix: prefix) }) }
            }
            categoryLevel = Self.score(
                documents: goldDocuments, gold: cut(gold.codes), rankings: cut(predictions.rankings),
                prefix: prefix, options: options
            ).metrics
        }
        let display = predictions.displayForms.merging(gold.displayForms) { _, goldForm in goldForm }
        let tallies = codeLevel.tallies.map { key, counts in
            CodeTally(code: key, display: display[key] ?? key, gold: counts.gold, predicted: counts.predicted,
                      truePositives: counts.tp, falsePositives: counts.fp, falseNegatives: counts.fn)
        }.sorted { ($0.gold, $0.predicted, $1.code) > ($1.gold, $1.predicted, $0.code) }

        let noteIDs = Set(predictions.documents)
        let goldIDs = Set(goldDocuments)
        return EvaluationReport(
            k: options.k,
            goldSource: gold.source,
            notes: predictions.documents.count,
            goldDocuments: goldDocuments.count,
            goldCodes: gold.codeCount,
            goldDocumentsWithoutNote: goldDocuments.filter { !noteIDs.contains($0) },
            notesWithoutGold: predictions.documents.filter { !goldIDs.contains($0) },
            malformedGoldLines: gold.malformed,
            duplicateGoldLines: gold.duplicateLines,
            codeLevel: codeLevel.metrics,
            categoryLevel: categoryLevel,
            perCode: tallies,
            perNote: codeLevel.outcomes.map { outcome in
                var outcome = outcome
                outcome.hasNote = noteIDs.contains(outcome.id)
                return outcome
            },
            displayForms: display
        )
    }

    /// Counts for one code while scoring.
    private struct Counts {
        var gold = 0, predicted = 0, tp = 0, fp = 0, fn = 0
    }

    /// Scores one level; `gold` and `rankings` are already keyed and distinct.
    private static func score(
        documents: [String], gold: [String: [String]], rankings: [String: [String]],
        prefix: Int?, options: EvaluationOptions
    ) -> (metrics: LevelMetrics, tallies: [String: Counts], outcomes: [NoteOutcome]) {
        let k = options.k
        var apSum = 0.0
        var tp = 0, fp = 0, fn = 0, goldCodes = 0, predictedDocuments = 0
        var found = [Int](repeating: 0, count: options.recallDepths.count)
        var tallies: [String: Counts] = [:]
        var outcomes: [NoteOutcome] = []
        outcomes.reserveCapacity(documents.count)

        for document in documents {
            let goldCodesOfDocument = gold[document] ?? []
            let goldSet = Set(goldCodesOfDocument)
            let ranking = rankings[document] ?? []
            if !ranking.isEmpty { predictedDocuments += 1 }
            goldCodes += goldSet.count
            let ap = AveragePrecision.of(ranking: ranking, gold: goldSet)
            apSum += ap

            let top = ranking.prefix(k)
            let topSet = Set(top)
            let hits = top.filter { goldSet.contains($0) }
            tp += hits.count
            fp += top.count - hits.count
            fn += goldSet.count - hits.count
            for (index, depth) in options.recallDepths.enumerated() {
                found[index] += ranking.prefix(depth).reduce(0) { $0 + (goldSet.contains($1) ? 1 : 0) }
            }
            for code in goldCodesOfDocument {
                tallies[code, default: Counts()].gold += 1
                if topSet.contains(code) { tallies[code]!.tp += 1 } else { tallies[code]!.fn += 1 }
            }
            for code in top {
                tallies[code, default: Counts()].predicted += 1
                if !goldSet.contains(code) { tallies[code]!.fp += 1 }
            }
            let missed = goldCodesOfDocument.filter { !topSet.contains($0) }
            outcomes.append(NoteOutcome(
                id: document, hasNote: true, averagePrecision: ap, hits: hits, missed: missed,
                spurious: top.filter { !goldSet.contains($0) },
                missedRanks: missed.map { code in ranking.firstIndex(of: code).map { $0 + 1 } }))
        }

        // Macro: every code seen in gold or in a top k is one class (scikit-learn's convention).
        // Summed in code order: dictionary order changes between runs, and so
        // would the last bits of a floating-point sum.
        let perCode = tallies.sorted { $0.key < $1.key }.map { _, counts in
            PrecisionRecallF1(truePositives: counts.tp, falsePositives: counts.fp, falseNegatives: counts.fn)
        }
        let classes = Double(max(perCode.count, 1))
        let macro = PrecisionRecallF1(
            precision: perCode.reduce(0) { $0 + $1.precision } / classes,
            recall: perCode.reduce(0) { $0 + $1.recall } / classes,
            f1: perCode.reduce(0) { $0 + $1.f1 } / classes)
        let metrics = LevelMetrics(
            prefix: prefix, k: k, documents: documents.count, documentsPredicted: predictedDocuments,
            goldCodes: goldCodes,
            meanAveragePrecision: documents.isEmpty ? 0 : apSum / Double(documents.count),
            micro: PrecisionRecallF1(truePositives: tp, falsePositives: fp, falseNegatives: fn),
            macro: macro,
            recallAtDepths: zip(options.recallDepths, found).map { depth, hits in
                RecallAtDepth(depth: depth, recall: goldCodes > 0 ? Double(hits) / Double(goldCodes) : 0)
            })
        return (metrics, tallies, outcomes)
    }

    /// `codes` without repeats, first occurrence kept.
    private static func distinct(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }
}
