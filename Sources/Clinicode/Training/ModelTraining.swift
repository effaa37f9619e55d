/// What a training run saw: counts to print, so a user can tell whether the
/// gold file matched the notes and the terminology.
public struct TrainingSummary: Sendable, Hashable {
    /// Labelled notes used.
    public var notes = 0
    /// Gold codes found in the model's terminology (and used).
    public var knownCodes = 0
    /// Gold codes not in the terminology (skipped).
    public var unknownCodes = 0
    /// Gold codes cut before their 7th character (`S01.20X`), used as their subcategory.
    public var placeholderCodes = 0
    /// Up to 20 distinct unknown codes, sorted, for the report.
    public var unknownExamples: [String] = []
    /// Gold rows whose note file was missing.
    public var goldRowsWithoutNote = 0
    /// Note files without any gold code.
    public var notesWithoutGold = 0

    /// Creates an empty summary.
    public init() {}
}

extension ClinicodeModel {
    /// This model with its ranking statistics trained on labelled notes
    /// (continuing from the current ranking model).
    ///
    /// Notes are annotated in parallel with `jobs` threads, then fed to the
    /// trainer in corpus order, so the result does not depend on `jobs`.
    public func trained(on corpora: [LabelledCorpus], jobs: Int? = nil) -> (ClinicodeModel, TrainingSummary) {
        let pipeline = Pipeline(model: self)
        var summary = TrainingSummary()
        var unknown = Set<String>()
        var trainer = RankingTrainer(terminology: terminology, base: rankingModel, rules: rankingRules)
        let runner = BatchRunner(jobs: jobs)
        for corpus in corpora {
            summary.goldRowsWithoutNote += corpus.goldRowsWithoutNote
            summary.notesWithoutGold += corpus.notesWithoutGold
            // Bounded chunks keep memory flat on large corpora.
            let chunkSize = 256
            var start = 0
            while start < corpus.notes.count {
                let chunk = Array(corpus.notes[start..<min(start + chunkSize, corpus.notes.count)])
                start += chunkSize
                let documents = runner.map(chunk) { pipeline.annotate(id: $0.id, text: $0.text) }
                for (note, document) in zip(chunk, documents) {
                    var gold = Set<CodeReference>()
                    for raw in note.codes {
                        let reference = CodeReference(system: .icd10cm, code: LabelledCorpus.normalizedCode(raw))
                        if terminology.entry(for: reference) != nil {
                            gold.insert(reference)
                            summary.knownCodes += 1
                        } else if let parent = placeholderParent(of: reference) {
                            // A code cut before its 7th character (`S01.20X`): learn it as
                            // its subcategory; the trainer maps that to the default billable code.
                            gold.insert(parent)
                            summary.knownCodes += 1
                            summary.placeholderCodes += 1
                        } else {
                            summary.unknownCodes += 1
                            unknown.insert(reference.code)
                        }
                    }
                    trainer.add(document, gold: gold)
                    summary.notes += 1
                }
            }
        }
        summary.unknownExamples = Array(unknown.sorted().prefix(20))
        let model = replacingRankingModel(trainer.finish(), trainedNotes: metadata.trainedNotes + summary.notes)
        return (model, summary)
    }

    /// The subcategory of a code written with its `X` placeholders but
    /// without the 7th character, if the terminology has it.
    private func placeholderParent(of reference: CodeReference) -> CodeReference? {
        guard reference.code.hasSuffix("X") else { return nil }
        var code = Substring(reference.code)
        while code.last == "X" || code.last == "." { code = code.dropLast() }
        let parent = CodeReference(system: reference.system, code: String(code))
        return code.count >= 3 && terminology.entry(for: parent) != nil ? parent : nil
    }
}
