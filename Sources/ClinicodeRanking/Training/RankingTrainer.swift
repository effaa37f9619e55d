import ClinicodeCore
import Foundation

/// Learns a `RankingModel` from annotated notes and their gold codes: code
/// priors, evidence-term -> code associations, TF-IDF note vectors for
/// nearest-neighbour votes, one-vs-rest kernel classifiers, and logistic
/// weights fusing all of it with the lexical evidence and the coding rules'
/// verdicts (fitted on leave-one-out features so they are honest).
public struct RankingTrainer {
    let catalog: any CodeCatalog
    let rules: RankingRules
    let base: RankingModel
    private var documents: [Document] = []
    private var gold: [[CodeReference]] = []

    init(catalog: any CodeCatalog, rules: RankingRules, base: RankingModel) {
        self.catalog = catalog
        self.rules = rules
        self.base = base
    }

    /// Number of notes added.
    public var documentCount: Int { documents.count }

    /// Adds one annotated note (mentions with assertions) and its gold codes.
    /// Codes the terminology does not know are ignored; non-billable ones are
    /// learned as their default billable child, the code the ranker would output.
    public mutating func add(_ document: Document, gold codes: Set<CodeReference>) {
        var labels: [CodeReference] = []
        let specificity = Specificity(catalog: CatalogCache(catalog))
        for code in codes.sorted() {
            var reference = code
            if catalog.node(reference) == nil { reference.code = reference.code.uppercased() }
            guard let node = catalog.node(reference) else { continue }
            let billable = node.billable ? node.code : specificity.refine(node.code, in: .init(words: [])).code
            if !labels.contains(billable) { labels.append(billable) }
        }
        documents.append(document)
        gold.append(labels)
    }

    /// The trained model.
    public func finish() -> RankingModel {
        var model = statistics()
        guard model.documentCount >= 2 else { return base }
        let leaveOutScores = fitKernel(&model)
        let supported = lexicallySupported()
        model.lexicalPrecision = LexicalPrecision(supported: supported, gold: gold.map { Set($0) })
        let (rows, targets, notes) = fusionRows(model, leaveOutScores: leaveOutScores, supported: supported)
        model.fusionWeights = LogisticFit.fit(rows: rows, targets: targets, initial: base.fusionWeights)
        // Then towards each note's order, which MAP scores (calibrated again after).
        model.fusionWeights = LinearRankingFit.refine(rows: rows, targets: targets, notes: notes, weights: model.fusionWeights)
        // Trees learn the interactions the linear fusion misses, on the same honest rows.
        model.trees = BoostedTreesFit.fit(rows: rows, targets: targets, weights: model.fusionWeights)
        return model
    }

    /// Fits the one-vs-rest classifiers; returns each note's leave-one-out scores (note-major).
    private func fitKernel(_ model: inout RankingModel) -> [Float]? {
        let n = model.documentCount
        var similarity = [Float](repeating: 0, count: n * n)
        for (index, document) in documents.enumerated() {
            let row = model.similarities(for: NoteFeatures(document: document))
            for j in 0..<n { similarity[index * n + j] = row[j] }
        }
        let noteLabels = (0..<n).map { note in model.labels(ofNote: note).map { Int(model.noteLabels[$0]) } }
        guard let result = KernelRidgeFit.fit(similarity: similarity, noteLabels: noteLabels, labelCounts: model.labelCounts)
        else { return nil }
        model.kernel = result.kernel
        model.rebuildLookup()
        return result.leaveOutScores
    }

    /// Priors, note vectors and associations.
    private func statistics() -> RankingModel {
        var model = RankingModel()
        model.documentCount = documents.count
        let labels = Array(Set(gold.joined())).sorted()
        model.labels = labels
        model.rebuildLookup()
        var labelCounts = [UInt32](repeating: 0, count: labels.count)
        var noteLabels: [[UInt32]] = []
        for codes in gold {
            let indices = codes.compactMap { model.labelIndex($0) }.map(UInt32.init)
            for index in indices { labelCounts[Int(index)] += 1 }
            noteLabels.append(indices.sorted())
        }
        model.labelCounts = labelCounts
        model.rebuildLookup()
        model.labelOffsets = [0]
        for row in noteLabels {
            model.noteLabels.append(contentsOf: row)
            model.labelOffsets.append(UInt32(model.noteLabels.count))
        }

        let features = documents.map { NoteFeatures(document: $0) }
        var documentFrequency: [UInt64: Int] = [:]
        for note in features { for (hash, _) in note.words { documentFrequency[hash, default: 0] += 1 } }
        var postings: [UInt64: [(UInt32, Float)]] = [:]
        for (document, note) in features.enumerated() {
            let weights = note.words.map { word in
                (1 + log(Double(word.count))) * model.idf(documentFrequency: documentFrequency[word.hash] ?? 1)
            }
            let norm = max(1e-9, weights.reduce(0) { $0 + $1 * $1 }.squareRoot())
            for (word, weight) in zip(note.words, weights) {
                postings[word.hash, default: []].append((UInt32(document), Float(weight / norm)))
            }
        }
        model.noteVectors = HashedRows(rows: postings)

        var totals: [UInt64: Int] = [:]
        var pairs: [UInt64: [UInt32: Int]] = [:]
        for (document, note) in features.enumerated() {
            // Only fairly specific words: common ones co-occur with every code
            // and would make each note's look-up long and uninformative.
            for (hash, _) in note.words
            where (documentFrequency[hash] ?? 0) >= 3 && (documentFrequency[hash] ?? 0) * 3 <= documents.count {
                let key = hash ^ RankingModel.wordAssociationSalt
                totals[key, default: 0] += 1
                for label in noteLabels[document] { pairs[key, default: [:]][label, default: 0] += 1 }
            }
            for key in note.evidenceKeys {
                totals[key, default: 0] += 1
                for label in noteLabels[document] { pairs[key, default: [:]][label, default: 0] += 1 }
            }
        }
        var rows: [UInt64: [(UInt32, Float)]] = [:]
        for (key, counts) in pairs {
            // Pairs seen at least three times, and in at least a tenth of the key's notes.
            let total = totals[key] ?? 0
            let kept = counts.filter { $0.value >= 3 && $0.value * 20 >= total }.sorted { $0.key < $1.key }.map { ($0.key, Float($0.value)) }
            if !kept.isEmpty { rows[key] = kept }
        }
        model.associations = HashedRows(rows: rows)
        model.featureTotals = model.associations.keys.map { Float(totals[$0] ?? 0) }
        return model
    }

    /// Each training note's codes its wording alone supports (the zero-shot candidates).
    private func lexicallySupported() -> [Set<CodeReference>] {
        let ranker = Ranker(catalog: catalog, model: RankingModel(), rules: rules)
        let cache = CatalogCache(catalog)
        return documents.map { document in
            let gathered = ranker.candidates(for: document, options: RankingOptions(top: 1000), leaveOut: nil, cache: cache)
            return Set(gathered.candidates.lazy.filter { $0.hasMention || $0.retrievalScore > 0 }.map(\.code))
        }
    }

    /// Leave-one-out candidate features of every training note, and whether each candidate is gold.
    private func fusionRows(
        _ model: RankingModel, leaveOutScores: [Float]?, supported: [Set<CodeReference>]
    ) -> (rows: [[Double]], targets: [Double], notes: [LambdaGradient.Note]) {
        let ranker = Ranker(catalog: catalog, model: model, rules: rules)
        var rows: [[Double]] = []
        var targets: [Double] = []
        var notes: [LambdaGradient.Note] = []
        for (index, document) in documents.enumerated() {
            let labelSet = Set(model.noteLabels[model.labels(ofNote: index)].map { Int($0) })
            let keys = Set(NoteFeatures(document: document).evidenceKeys)
            let width = model.kernel.columns.count
            let leaveOut = LeaveOut(
                document: index, labels: labelSet, keys: keys,
                kernelScores: leaveOutScores.map { Array($0[(index * width)..<((index + 1) * width)]) },
                supported: supported[index])
            let goldCodes = Set(gold[index])
            let gathered = ranker.candidates(for: document, options: RankingOptions(top: 1000), leaveOut: leaveOut, cache: CatalogCache(catalog))
            let first = rows.count
            for candidate in gathered.candidates {
                rows.append(CandidateFeatures.vector(candidate, topSimilarity: gathered.topSimilarity))
                targets.append(goldCodes.contains(candidate.code) ? 1 : 0)
            }
            notes.append(.init(rows: first..<rows.count, goldCount: goldCodes.count))
        }
        return (rows, targets, notes)
    }
}

/// Plain batch gradient descent (Adam) for a small logistic model.
enum LogisticFit {
    static func fit(rows: [[Double]], targets: [Double], initial: [Double], iterations: Int = 2500) -> [Double] {
        let width = CandidateFeatures.count
        guard !rows.isEmpty else { return [Double](repeating: 0, count: width) }
        var weights = initial.count == width ? initial : [Double](repeating: 0, count: width)
        var first = [Double](repeating: 0, count: width), second = [Double](repeating: 0, count: width)
        let rate = 0.05, beta1 = 0.9, beta2 = 0.999, l2 = 1e-4
        let scale = 1 / Double(rows.count)
        // One flat matrix: the inner loops run over contiguous memory.
        var matrix = [Double](repeating: 0, count: rows.count * width)
        for (rowIndex, row) in rows.enumerated() {
            for index in 0..<min(width, row.count) { matrix[rowIndex * width + index] = row[index] }
        }
        var gradient = [Double](repeating: 0, count: width)
        for step in 1...iterations {
            for index in 0..<width { gradient[index] = 0 }
            matrix.withUnsafeBufferPointer { data in
                weights.withUnsafeBufferPointer { w in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for rowIndex in 0..<targets.count {
                            let base = rowIndex * width
                            var sum = 0.0
                            for index in 0..<width { sum += data[base + index] * w[index] }
                            let error = 1 / (1 + exp(-sum)) - targets[rowIndex]
                            for index in 0..<width { g[index] += error * data[base + index] }
                        }
                    }
                }
            }
            for index in 0..<width {
                let g = gradient[index] * scale + (index == 0 ? 0 : l2 * weights[index])
                first[index] = beta1 * first[index] + (1 - beta1) * g
                second[index] = beta2 * second[index] + (1 - beta2) * g * g
                let correctedFirst = first[index] / (1 - pow(beta1, Double(step)))
                let correctedSecond = second[index] / (1 - pow(beta2, Double(step)))
                weights[index] -= rate * correctedFirst / (correctedSecond.squareRoot() + 1e-8)
            }
        }
        return weights
    }
}
