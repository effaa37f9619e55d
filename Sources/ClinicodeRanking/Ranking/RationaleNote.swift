import ClinicodeCore

/// One reason a candidate is what it is, kept as values while ranking and
/// written out (`text`) only for the suggestions output: the specificity
/// descent and the alternatives give one for most mentions, and building
/// their Strings for every candidate of every note was wasted on the
/// candidates left out (and on output formats that print no rationale).
///
/// Two notes are equal exactly when their texts are: the structured cases
/// are worded unlike one another and unlike every `text` note.
enum RationaleNote: Hashable {
    /// A note already written out (the coding rules' notes, which are rare).
    case text(String)
    /// Why the specificity descent moved from the matched code (see `Specificity.refine`).
    case refinement(Refinement)
    /// The category's unspecified code offered beside a loosely matched code.
    case looseMatchAlternative(to: CodeReference)
    /// The matched code kept beside the more specific code the sentence supports.
    case specificAlternative(to: CodeReference)

    /// The note as the output words it.
    var text: String {
        switch self {
        case .text(let text): return text
        case .refinement(let refinement): return refinement.text
        case .looseMatchAlternative(let code): return "unspecified alternative to the loosely matched \(code.code)"
        case .specificAlternative(let code): return "alternative to the more specific \(code.code)"
        }
    }
}

/// The steps of one specificity refinement worth telling the coder.
struct Refinement: Hashable {
    /// An unspecified (or residual "other") billable code given up for a
    /// more specific one the note supports.
    var widened: Widening?
    /// A code that is not billable, descended from to its most specific supported child.
    var notBillable: CodeReference?

    /// An unspecified or residual code given up for a more specific one.
    struct Widening: Hashable {
        var from: CodeReference
        var to: CodeReference
        /// Whether `from` is a residual ("other") code rather than an unspecified one.
        var residual: Bool
    }

    /// Whether there is anything to tell.
    var isEmpty: Bool { widened == nil && notBillable == nil }

    /// The steps, worded, in the order they happened.
    var text: String {
        var notes: [String] = []
        if let widened {
            let kind = widened.residual ? "a residual (other) code" : "unspecified"
            notes.append("\(widened.from.code) is \(kind); the note supports \(widened.to.code)")
        }
        if let notBillable { notes.append("\(notBillable.code) is not billable: most specific supported child") }
        return notes.joined(separator: "; ")
    }
}
