/// Where the encounter happens: it decides how uncertain diagnoses are coded.
///
/// Outpatient coding never codes "possible"/"probable" diagnoses (Guidelines
/// IV.H: code the symptoms instead); inpatient coding codes them as if
/// established (Guidelines II.H).
public enum CareSetting: String, Sendable, CaseIterable {
    /// Office visits, clinics, emergency department: uncertain diagnoses are not coded.
    case outpatient
    /// Admissions: uncertain diagnoses at discharge are coded as established.
    case inpatient
}
