import ClinicodeCore

extension CandidateCollector {
    /// One note's section weights (`RankingRules.weight(of:)`), looked up
    /// once per section instead of hashing the section's name per mention.
    struct SectionWeights {
        private var bySection: [Double?]
        /// The weight of sentences outside any section.
        private let noSection: Double

        init(_ document: Document, rules: SharedRankingRules) {
            bySection = [Double?](repeating: nil, count: document.sections.count)
            noSection = rules.weight(of: .none)
        }

        /// The weight of the section a sentence is in (of `none` when the
        /// note has no sections or the index is past its sentences).
        mutating func weight(ofSentence sentence: Int, in document: Document, rules: SharedRankingRules) -> Double {
            guard !document.sections.isEmpty, sentence < document.sentences.count else { return noSection }
            let section = document.sentences[sentence].section
            if let known = bySection[section] { return known }
            let weight = rules.weight(of: document.sections[section].kind)
            bySection[section] = weight
            return weight
        }
    }
}
