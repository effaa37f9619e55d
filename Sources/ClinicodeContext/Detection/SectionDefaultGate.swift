import ClinicodeCore

/// Decides whether a sentence still lies under its section's header for the
/// purpose of section defaults.
///
/// The text layer knows a fixed list of headers; an unlisted upper-case
/// heading line ("SOCIAL:", "ON ADMISSION:", "HEENT:") does not start a new
/// section, so without this gate a Family History default would leak into
/// the exam below it. An unknown heading ends the defaults for the rest of
/// its section.
enum SectionDefaultGate {
    /// How far back `allows(sentence:in:)` looks for an unknown heading.
    static let maxLookBack = 400

    /// For every sentence, whether its section's defaults apply (one pass).
    /// Only sentences in a section for which `hasDefaults` holds are
    /// checked (the others are `true`, and have no defaults to apply):
    /// checking reads each sentence's first token, a cache miss per
    /// sentence for the many notes whose sections have no defaults.
    static func allowances(in document: Document, hasDefaults: (Int) -> Bool = { _ in true }) -> [Bool] {
        var result = [Bool](repeating: true, count: document.sentences.count)
        var blockedSection = -1
        // The section last asked about, and the answer.
        var askedSection = -1
        var askedHasDefaults = true
        for (index, sentence) in document.sentences.enumerated() {
            if sentence.section != askedSection {
                askedSection = sentence.section
                askedHasDefaults = hasDefaults(askedSection)
            }
            guard askedHasDefaults else { continue }
            if sentence.section == blockedSection {
                result[index] = false
            } else if isUnknownHeading(sentence, in: document) {
                blockedSection = sentence.section
                result[index] = false
            }
        }
        return result
    }

    /// Whether the defaults apply to one sentence (looks back within its section).
    static func allows(sentence index: Int, in document: Document) -> Bool {
        let section = document.sentences[index].section
        var current = index
        while current >= 0, index - current < maxLookBack, document.sentences[current].section == section {
            if isUnknownHeading(document.sentences[current], in: document) { return false }
            current -= 1
        }
        return true
    }

    /// The first token after a second heading written right after another
    /// heading's colon (in this sentence or ending the previous one) ("PAST MEDICAL HISTORY:  PHYSICAL EXAM:  In no
    /// acute distress", an empty section flattened onto one line): concepts
    /// from there on belong to that heading, not to the section. Nil when none.
    /// One pass over the sentence's tokens.
    static func innerHeadingEnd(sentence index: Int, in document: Document) -> Int? {
        let tokens = document.tokens
        let range = document.sentences[index].tokens
        let section = document.sentences[index].section
        let headerStart = document.sections.indices.contains(section)
            ? document.sections[section].headerSpan?.start ?? -1 : -1
        var runStart = -1
        var words = 0
        for position in range {
            // Fields read in place: a copied token retained and released its string.
            if tokens[position].kind == .word && tokens[position].flags.contains(.allCaps) {
                if words == 0 { runStart = position }
                words += 1
                continue
            }
            if tokens[position].normalized == ":", words >= 2, words <= 4, runStart > 0,
               tokens[runStart - 1].normalized == ":", tokens[runStart].span.start != headerStart {
                return position + 1
            }
            words = 0
        }
        return nil
    }

    /// A line starting with one to four upper-case words and a colon that is
    /// not the section's own header. A single short word ("HTN:", "COPD:")
    /// is a list entry, not a heading.
    private static func isUnknownHeading(_ sentence: Sentence, in document: Document) -> Bool {
        let tokens = document.tokens
        guard let first = sentence.tokens.first, tokens[first].flags.contains(.startsLine) else { return false }
        if document.sections.indices.contains(sentence.section),
           let header = document.sections[sentence.section].headerSpan, header.start == tokens[first].span.start {
            return false
        }
        var words = 0
        for index in sentence.tokens.prefix(5) {
            if tokens[index].normalized == ":" {
                return words >= 2 || (words == 1 && tokens[first].span.length >= 5)
            }
            guard tokens[index].kind == .word, tokens[index].flags.contains(.allCaps) else { return false }
            words += 1
        }
        return false
    }
}
