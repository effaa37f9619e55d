import ClinicodeCore

extension CodingRulesApplier {
    /// An etiology the classification says to code first, named by the same
    /// words as its manifestation, ranks with it: "COVID-19 pneumonia" is
    /// J12.82, whose "code first" note names U07.1 (Guidelines I.C.1.g.1), and
    /// the one phrase names both. The matcher ranks a phrase's second code as a
    /// weak alternative; here the tabular note says both are coded.
    func sequenceEtiologies(_ list: inout [Candidate]) {
        let head = list.indices.prefix(Self.pairwiseLimit)
        for index in head where list[index].hasMention {
            guard let node = list[index].facts!.node else { continue }
            let etiologies = catalog.codeFirst(of: node)
            guard !etiologies.isEmpty else { continue }
            let manifestation = list[index].code
            for other in head where other != index && list[other].hasMention && list[other].score < list[index].score {
                let code = list[other].code
                guard code.system == manifestation.system, etiologies.contains(where: { $0.contains(code.code) }),
                    Self.isNamedOnlyBy(list[other].evidence, list[index].evidence)
                else { continue }
                list[other].score = list[index].score
                list[other].addRationale("coded first: the etiology of \(manifestation.code)")
            }
        }
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
