/// Text in the note that supports (or excluded) a code.
public struct Evidence: Sendable, Hashable, Codable {
    /// Where it is (Unicode scalar offsets into the original text).
    public var span: TextSpan
    /// The original surface.
    public var text: String
    /// The section it is in.
    public var section: SectionKind
    /// The context stage's verdict, as a short label (see `Assertion.label`).
    public var assertion: String

    /// Creates an evidence record.
    public init(span: TextSpan, text: String, section: SectionKind, assertion: String) {
        self.span = span
        self.text = text
        self.section = section
        self.assertion = assertion
    }
}

/// One ranked code for a note.
public struct CodeSuggestion: Sendable, Hashable {
    /// The code.
    public var code: CodeReference
    /// Its official title.
    public var title: String
    /// Confidence 0...1, comparable across notes.
    public var score: Double
    /// Whether the code is billable (valid for a claim).
    public var billable: Bool
    /// The text that supports it.
    public var evidence: [Evidence]
    /// Why the engine chose this code over others, when it is not obvious
    /// (e.g. "category E11 is not billable: most specific supported child").
    public var rationale: [String]

    /// Creates a suggestion.
    public init(
        code: CodeReference, title: String, score: Double, billable: Bool,
        evidence: [Evidence], rationale: [String] = []
    ) {
        self.code = code
        self.title = title
        self.score = score
        self.billable = billable
        self.evidence = evidence
        self.rationale = rationale
    }
}

/// Why a code the note mentions was left out.
public enum ExclusionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The note denies it.
    case negated
    /// Uncertain diagnosis in the outpatient setting (Guidelines IV.H).
    case uncertain
    /// Conditional or future.
    case hypothetical
    /// About a family member (coded as family history instead).
    case family
    /// About someone other than the patient.
    case otherExperiencer = "other_experiencer"
    /// A resolved past condition (coded as personal history instead).
    case historical
    /// An Excludes1 note forbids it with a better-supported code.
    case excludes1
    /// A sign or symptom integral to a suggested definitive diagnosis.
    case integralSymptom = "integral_symptom"
    /// A combination code already covers it.
    case combinationCode = "combination_code"
    /// A procedure that was not performed (deferred, declined, planned...).
    case notPerformed = "not_performed"
}

/// A code the engine considered and left out, with the reason and evidence.
public struct ExcludedCode: Sendable, Hashable {
    /// The code.
    public var code: CodeReference
    /// Its title.
    public var title: String
    /// Why it was left out.
    public var reason: ExclusionReason
    /// The text behind it.
    public var evidence: [Evidence]

    /// Creates a record.
    public init(code: CodeReference, title: String, reason: ExclusionReason, evidence: [Evidence]) {
        self.code = code
        self.title = title
        self.reason = reason
        self.evidence = evidence
    }
}

/// Everything the engine says about one note.
public struct NoteResult: Sendable, Hashable {
    /// The note's identifier.
    public var id: String
    /// Ranked suggestions, best first.
    public var suggestions: [CodeSuggestion]
    /// Codes left out, with reasons.
    public var excluded: [ExcludedCode]
    /// Problems met while reading the note.
    public var warnings: [String]

    /// Creates a result.
    public init(id: String, suggestions: [CodeSuggestion], excluded: [ExcludedCode], warnings: [String] = []) {
        self.id = id
        self.suggestions = suggestions
        self.excluded = excluded
        self.warnings = warnings
    }
}
