/// Writes realistic, deterministic synthetic clinical notes for benchmarks
/// when no real corpus is available: section headers (some in capitals,
/// some with colons), abbreviations, British spellings, negated, uncertain,
/// historical and family-history mentions, numbered and bulleted lists,
/// vital signs and dosages. Note `index` with a given seed is always the
/// same text, so corpora can be regenerated instead of stored.
public struct SyntheticNoteGenerator: Sendable {
    /// The seed every note's randomness derives from.
    public let seed: UInt64

    /// A generator; the same seed always yields the same notes.
    public init(seed: UInt64 = 20_260_601) {
        self.seed = seed
    }

    /// The note with number `index`: about 1–4 KB of text.
    public func note(_ index: Int) -> String {
        var random = SeededRandom(seed: seed ^ (UInt64(index) &* 0x2545_F491_4F6C_DD1D))
        var lines: [String] = []
        let age = random.int(in: 18...92)
        let sex = random.pick(["male", "female", "man", "woman"])
        let main = random.pick(ClinicalPhrases.conditions)
        let symptom = random.pick(ClinicalPhrases.symptoms)

        lines.append(header("Chief Complaint", &random, inline: true) + " " + capitalized(symptom) + " x \(random.int(in: 2...14)) days.")
        lines.append("")
        lines.append(header("History of Present Illness", &random))
        lines.append("\(age) y/o \(sex) with \(main) who presents with \(symptom) and "
            + "\(random.pick(ClinicalPhrases.symptoms)). "
            + "\(random.pick(ClinicalPhrases.negationLeads)) \(random.pick(ClinicalPhrases.symptoms)) or "
            + "\(random.pick(ClinicalPhrases.symptoms)). Pt c/o symptoms worse at night. "
            + "\(random.pick(ClinicalPhrases.uncertainLeads)) \(random.pick(ClinicalPhrases.conditions)).")
        if random.chance(50) {
            lines.append("Seen in the ED on 03/14 where labs were unremarkable; "
                + "\(random.pick(ClinicalPhrases.historyLeads).lowercased()) \(random.pick(ClinicalPhrases.conditions)).")
        }
        lines.append("")
        lines.append(header("Past Medical History", &random))
        for _ in 0..<random.int(in: 2...6) {
            lines.append("- " + random.pick(ClinicalPhrases.conditions))
        }
        lines.append("")
        lines.append(header("Medications", &random))
        for number in 1...random.int(in: 2...6) {
            lines.append("\(number). " + random.pick(ClinicalPhrases.medications))
        }
        lines.append("")
        lines.append(header("Allergies", &random, inline: true) + " " + random.pick(["NKDA.", "Penicillin (rash).", "Sulfa drugs.", "Salicylates."]))
        lines.append("")
        lines.append(header("Family History", &random, inline: true) + " "
            + capitalized(random.pick(ClinicalPhrases.relatives)) + " with "
            + random.pick(ClinicalPhrases.familyConditions) + "; "
            + random.pick(ClinicalPhrases.relatives) + " had " + random.pick(ClinicalPhrases.familyConditions) + ".")
        lines.append("")
        lines.append(header("Social History", &random, inline: true) + " " + random.pick(ClinicalPhrases.socialHabits))
        lines.append("")
        lines.append(header("Review of Systems", &random))
        lines.append("\(random.pick(ClinicalPhrases.negationLeads)): \(random.pick(ClinicalPhrases.symptoms)), "
            + "\(random.pick(ClinicalPhrases.symptoms)), \(random.pick(ClinicalPhrases.symptoms)). "
            + "Positive for \(symptom). All other systems reviewed and negative.")
        lines.append("")
        lines.append(header("Physical Exam", &random))
        for _ in 0..<random.int(in: 2...4) {
            lines.append(random.pick(ClinicalPhrases.examFindings))
        }
        lines.append("")
        lines.append(header("Assessment and Plan", &random))
        for number in 1...random.int(in: 1...4) {
            let problem = number == 1 ? main : random.pick(ClinicalPhrases.conditions)
            lines.append("\(number). \(capitalized(problem)) - \(random.pick(ClinicalPhrases.plans)).")
        }
        if random.chance(30) {
            lines.append("Dr. Smith et al. reviewed the case; no evidence of \(random.pick(ClinicalPhrases.conditions)) at this time.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// At least `bytes` bytes of text made of whole notes `0, 1, 2, ...`
    /// (one very long note for linearity tests).
    public func text(atLeast bytes: Int) -> String {
        var parts: [String] = []
        var size = 0
        var index = 0
        while size < bytes {
            let note = note(index)
            size += note.utf8.count + 1
            parts.append(note)
            index += 1
        }
        return parts.joined(separator: "\n")
    }

    /// A section header in one of the styles seen in real notes.
    /// Inline headers (text follows on the same line) always end in a colon.
    private func header(_ title: String, _ random: inout SeededRandom, inline: Bool = false) -> String {
        switch random.int(in: 0...(inline ? 1 : 2)) {
        case 0: return title.uppercased() + ":"
        case 1: return title + ":"
        default: return title.uppercased()
        }
    }

    private func capitalized(_ phrase: String) -> String {
        guard let first = phrase.first else { return phrase }
        return first.uppercased() + phrase.dropFirst()
    }
}
