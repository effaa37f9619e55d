import ClinicodeCore

/// The collector's smaller rules: exclusions, history mappings, headers and sides.
extension CandidateCollector {
    /// Whether a code's title names one side and the sentence only the other:
    /// retrieval weighs side words lightly, so "right upper lobe" also finds
    /// the left upper lobe's title, which is no evidence for it.
    func namesOtherSide(_ node: CatalogNode?, context: Specificity.Context) -> Bool {
        guard let node else { return false }
        let right = Specificity.rightWord, left = Specificity.leftWord
        var titleRight = false, titleLeft = false
        for (word, _) in node.titleWords {
            if word == right { titleRight = true } else if word == left { titleLeft = true }
        }
        guard titleRight != titleLeft else { return false }
        let (named, other) = titleRight ? (right, left) : (left, right)
        return context.words.contains(other) && !context.words.contains(named)
    }

    /// Adds an excluded code's evidence to the note's exclusions, the entry
    /// made with `reason` when the code has none yet. (No `default:` subscript:
    /// its autoclosure was two allocations per excluded reading.)
    static func addExcluded(
        _ code: CodeReference, reason: ExclusionReason, evidence: NoteEvidence, to excluded: inout ExcludedCodes, keeping: Bool
    ) {
        if let index = excluded.index(forKey: code) {
            addExcludedEvidence(evidence, to: &excluded.values[index], keeping: keeping)
        } else {
            // Most notes with one exclusion have several: grown from empty, the
            // table was rehashed at 1, 3 and 6 entries.
            if excluded.isEmpty { excluded.reserveCapacity(8) }
            var entry: (reason: ExclusionReason, evidence: [NoteEvidence]) = (reason, [])
            addExcludedEvidence(evidence, to: &entry, keeping: keeping)
            excluded[code] = entry
        }
    }

    private static func addExcludedEvidence(
        _ evidence: NoteEvidence, to entry: inout (reason: ExclusionReason, evidence: [NoteEvidence]), keeping: Bool
    ) {
        if keeping, entry.evidence.count < maxExcludedEvidence, !entry.evidence.contains(evidence) { entry.evidence.append(evidence) }
    }

    /// Whether a mention's codes are an injury (S00-T88) in a note whose encounter
    /// words say it is still being cared for ("follow-up", "healing"): "a fracture
    /// sustained 4 weeks ago" is then this visit's subsequent encounter, not a
    /// healed fracture's personal history (Z87.81).
    static func isInjuryInCare(_ codes: [CodeReference], encounter: Specificity.NoteCue) -> Bool {
        guard let first = codes.first?.code.utf8.first, first == UInt8(ascii: "S") || first == UInt8(ascii: "T") else { return false }
        let character = encounter.character
        return character != "A" && character != "S"
    }

    /// Whether a code is itself in a history mapping's target categories (Z codes only).
    static func isTargetCategory(_ code: String, of mapping: [CodeMapping]) -> Bool {
        guard code.hasPrefix("Z") else { return false }
        // By index through the buffer: iterating the array copied (retained) every mapping.
        return mapping.withUnsafeBufferPointer { mapping in
            mapping.indices.contains { sharesFirstThreeCharacters(mapping[$0].target, code) }
        }
    }

    /// `a.prefix(3) == b.prefix(3)`, compared as packed bytes when both are
    /// short printable ASCII codes (as every ICD-10-CM code is; each byte is
    /// then one Character): the Character prefixes cost two index walks and a
    /// Unicode comparison per mapping row.
    static func sharesFirstThreeCharacters(_ a: String, _ b: String) -> Bool {
        if let a = ASCIICode(a), let b = ASCIICode(b) {
            // The first three bytes are the key's top 24 bits (zero past a short code's end).
            return min(a.count, 3) == min(b.count, 3) && a.key >> 40 == b.key >> 40
        }
        return a.prefix(3) == b.prefix(3)
    }

    /// A sentence's context with the words of an abbreviation's `term` added
    /// (for this one use: no memo key).
    static func context(
        _ sentence: Specificity.Context, namingWordsOf term: String, scratch: inout [UInt64]
    ) -> Specificity.Context {
        var context = sentence
        WordHash.titleWords(term, into: &scratch)
        context.words.formUnion(scratch)
        context.key = -1
        return context
    }

    /// Section headers ("Family history:") name a section, not a condition.
    func isInHeader(sentence: Int, span: TextSpan, _ document: Document) -> Bool {
        guard sentence < document.sentences.count, !document.sections.isEmpty else { return false }
        // Read in place: `section(ofSentence:)` returns a copy of the section (its Strings retained and released).
        guard let header = document.sections[document.sentences[sentence].section].headerSpan else { return false }
        return header.contains(span)
    }
}
