/// Whether a mention is asserted or denied.
public enum Negation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The condition is present (or at least not denied).
    case affirmed
    /// The note denies the condition ("no evidence of pneumonia").
    case negated
}

/// How sure the note is of a mention.
public enum Certainty: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stated as fact.
    case certain
    /// Probable, suspected, possible, rule out.
    case possible
    /// Conditional or future ("if fever develops", "return for chest pain").
    case hypothetical
}

/// When a mention holds.
public enum Temporality: String, Sendable, Hashable, Codable, CaseIterable {
    /// Current, this encounter.
    case recent
    /// In the patient's past.
    case historical
}

/// Whom a mention is about.
public enum Experiencer: String, Sendable, Hashable, Codable, CaseIterable {
    /// The patient.
    case patient
    /// A family member.
    case family
    /// Someone else.
    case other
}

/// The kind of context cue that set part of an assertion.
public enum ContextCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Denies existence ("no", "denies", "ruled out").
    case negatedExistence = "negated_existence"
    /// Expresses doubt ("probable", "suspected", "rule out").
    case possibleExistence = "possible_existence"
    /// Conditional or future ("if", "return for", "evaluate for").
    case hypothetical
    /// Past ("history of", "s/p", "previous").
    case historical
    /// Marks a past condition as over ("resolved", "s/p mastectomy", "in remission").
    case resolved
    /// About a relative ("mother", "family history of").
    case family
    /// About someone else ("his wife", "roommate").
    case otherExperiencer = "other_experiencer"
    /// Came from the section the mention is in (Family History, PMH...).
    case sectionDefault = "section_default"
}

/// The cue that caused part of an assertion, so a coder can check it.
public struct ContextTrigger: Sendable, Hashable, Codable {
    /// The cue as written in the note (or the section header).
    public var text: String
    /// Where it is.
    public var span: TextSpan
    /// What it asserts.
    public var category: ContextCategory

    /// Creates a trigger record.
    public init(text: String, span: TextSpan, category: ContextCategory) {
        self.text = text
        self.span = span
        self.category = category
    }
}

/// The context of one mention: negation, certainty, time and experiencer.
public struct Assertion: Sendable, Hashable, Codable {
    /// Affirmed or negated.
    public var negation: Negation
    /// Certain, possible or hypothetical.
    public var certainty: Certainty
    /// Recent or historical.
    public var temporality: Temporality
    /// Patient, family or other.
    public var experiencer: Experiencer
    /// For historical mentions: whether the condition is over (treated,
    /// excised, resolved) rather than still present. Decides between a
    /// personal-history Z code and the disease code.
    public var isResolved: Bool
    /// The cues behind every non-default value, in text order.
    public var triggers: [ContextTrigger]

    /// Creates an assertion; the defaults are an affirmed, certain, current fact about the patient.
    public init(
        negation: Negation = .affirmed,
        certainty: Certainty = .certain,
        temporality: Temporality = .recent,
        experiencer: Experiencer = .patient,
        isResolved: Bool = false,
        triggers: [ContextTrigger] = []
    ) {
        self.negation = negation
        self.certainty = certainty
        self.temporality = temporality
        self.experiencer = experiencer
        self.isResolved = isResolved
        self.triggers = triggers
    }

    /// An affirmed, certain, current fact about the patient: what a code is made from.
    public var isAffirmedCurrentPatientFact: Bool {
        negation == .affirmed && certainty == .certain && temporality == .recent
            && experiencer == .patient
    }

    /// A short label for output: `affirmed`, `negated`, `possible`,
    /// `hypothetical`, `historical`, `historical-resolved`, `family`, `other`.
    public var label: String {
        Self.label(
            negation: negation, experiencer: experiencer, certainty: certainty,
            temporality: temporality, isResolved: isResolved)
    }

    /// `label` of an assertion with these fields. A stage that reads the
    /// fields in place (in a note's mentions) asks this instead of `label`,
    /// which would copy the assertion and retain its triggers.
    @inlinable
    public static func label(
        negation: Negation, experiencer: Experiencer, certainty: Certainty,
        temporality: Temporality, isResolved: Bool
    ) -> String {
        if negation == .negated { return "negated" }
        if experiencer == .family { return "family" }
        if experiencer == .other { return "other" }
        if certainty == .hypothetical { return "hypothetical" }
        if certainty == .possible { return "possible" }
        if temporality == .historical { return isResolved ? "historical-resolved" : "historical" }
        return "affirmed"
    }
}
