import ClinicodeCore

/// `Assertion.label` worked out from the assertion's fields. The collector
/// reads those fields in place in the note's mentions; asking the assertion
/// for its label copied it (retaining and releasing its triggers) once per
/// mention of every note. Must give exactly what `Assertion.label` gives.
enum AssertionLabel {
    /// The label `Assertion.label` gives an assertion with these fields.
    @inline(__always)
    static func of(
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
