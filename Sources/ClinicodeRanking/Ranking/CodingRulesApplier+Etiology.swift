import ClinicodeCore
import ClinicodeTerminology

extension CodingRulesApplier {
    /// An etiology the classification says to code first, named by the same
    /// words as its manifestation, ranks with it: "COVID-19 pneumonia" is
    /// J12.82, whose "code first" note names U07.1 (Guidelines I.C.1.g.1), and
    /// the one phrase names both. The matcher ranks a phrase's second code as a
    /// weak alternative; here the tabular note says both are coded.
    func sequenceEtiologies(_ list: inout [Candidate]) {
        let head = list.indices.prefix(Self.pairwiseLimit)
        // The pairs the classification and the wording allow, found first
        // without a score (none in most notes): the code-first notes are asked
        // only of a code that shares its words with another, where asking
        // them of every mentioned candidate walked its ancestors' notes and
        // retained the answer, for every note.
        var pairs: [(manifestation: Int, etiology: Int)] = []
        list.withUnsafeBufferPointer { list in
            // The candidates that may be an etiology (mentioned, with evidence),
            // listed once on the stack: the pairwise scan read every (large)
            // candidate of the head again for every manifestation.
            // Each with a mask of its evidence spans (a bit per span's start):
            // an etiology's spans all among the manifestation's need its bits
            // among theirs, which rules out most pairs without reading either list.
            withUnsafeTemporaryAllocation(of: (index: Int, spans: UInt64).self, capacity: head.count + 1) { etiologyCandidates in
                var count = 0
                for other in head where list[other].hasMention && !list[other].evidence.isEmpty {
                    etiologyCandidates[count] = (other, Self.spanMask(list[other].evidence))
                    count += 1
                }
                // A pair needs two of them: a manifestation without evidence names no etiology.
                guard count > 1 else { return }
                for position in 0..<count {
                    let (index, spans) = etiologyCandidates[position]
                    guard let node = list[index].facts!.node else { continue }
                    var etiologies: [CodeRange]?
                    for slot in 0..<count {
                        let other = etiologyCandidates[slot].index
                        guard etiologyCandidates[slot].spans & ~spans == 0, other != index,
                            list[other].code.system == list[index].code.system,
                            Self.isNamedOnlyBy(list[other].evidence, list[index].evidence)
                        else { continue }
                        if etiologies == nil { etiologies = catalog.codeFirst(of: node) }
                        guard let etiologies, etiologies.contains(where: { $0.contains(list[other].code.code) }) else { continue }
                        pairs.append((index, other))
                    }
                }
            }
        }
        // The scores, in the order the rule always took the pairs (a raised
        // etiology may then rank with a later manifestation).
        for (index, other) in pairs where list[other].score < list[index].score {
            list[other].score = list[index].score
            let manifestation = list[index].code.code  // read before the candidate is changed
            list[other].addRationale("coded first: the etiology of \(manifestation)")
        }
    }

    /// A bit per evidence span, by its start (see `sequenceEtiologies`).
    private static func spanMask(_ evidence: [NoteEvidence]) -> UInt64 {
        evidence.reduce(0) { $0 | 1 << UInt64(truncatingIfNeeded: $1.span.start & 63) }
    }

    /// Whether every evidence of the etiology is evidence of the manifestation:
    /// the phrase names both ("COVID-19 pneumonia"). An etiology with words of
    /// its own was scored on them; one a "code first" list merely allows
    /// ("hypertensive chronic kidney disease" for any CKD stage) is no reading
    /// of the manifestation's words.
    private static func isNamedOnlyBy(_ etiology: [NoteEvidence], _ manifestation: [NoteEvidence]) -> Bool {
        !etiology.isEmpty && etiology.allSatisfy { a in manifestation.contains { $0.span == a.span } }
    }
}
