/// The clinical section a part of a note belongs to.
///
/// Section names are data (`Lexicons/text/sections.tsv` maps headers to
/// these kinds), so the type is an open set of snake_case names; the
/// constants below are the ones the engine's rules refer to.
public struct SectionKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The snake_case name, as written in the section lexicon.
    public let rawValue: String
    /// Creates a kind from its name.
    @inlinable public init(rawValue: String) { self.rawValue = rawValue }
    /// The name.
    public var description: String { rawValue }

    /// Text before any recognised header.
    public static let none = SectionKind(rawValue: "none")
    /// Chief complaint / reason for visit.
    public static let chiefComplaint = SectionKind(rawValue: "chief_complaint")
    /// History of present illness.
    public static let historyOfPresentIllness = SectionKind(rawValue: "history_of_present_illness")
    /// Past medical history.
    public static let pastMedicalHistory = SectionKind(rawValue: "past_medical_history")
    /// Past surgical history.
    public static let pastSurgicalHistory = SectionKind(rawValue: "past_surgical_history")
    /// Family history.
    public static let familyHistory = SectionKind(rawValue: "family_history")
    /// Social history.
    public static let socialHistory = SectionKind(rawValue: "social_history")
    /// Review of systems.
    public static let reviewOfSystems = SectionKind(rawValue: "review_of_systems")
    /// Physical examination.
    public static let physicalExam = SectionKind(rawValue: "physical_exam")
    /// Laboratory results.
    public static let labs = SectionKind(rawValue: "labs")
    /// Imaging results.
    public static let imaging = SectionKind(rawValue: "imaging")
    /// Assessment.
    public static let assessment = SectionKind(rawValue: "assessment")
    /// Plan.
    public static let plan = SectionKind(rawValue: "plan")
    /// Combined assessment and plan (A/P).
    public static let assessmentAndPlan = SectionKind(rawValue: "assessment_and_plan")
    /// Impression.
    public static let impression = SectionKind(rawValue: "impression")
    /// Diagnoses / problem list.
    public static let diagnoses = SectionKind(rawValue: "diagnoses")
    /// Discharge diagnoses.
    public static let dischargeDiagnoses = SectionKind(rawValue: "discharge_diagnoses")
    /// Procedures performed.
    public static let procedures = SectionKind(rawValue: "procedures")
    /// Hospital course.
    public static let hospitalCourse = SectionKind(rawValue: "hospital_course")
    /// Medications.
    public static let medications = SectionKind(rawValue: "medications")
    /// Allergies.
    public static let allergies = SectionKind(rawValue: "allergies")
}

/// A section of a note: its kind, its header and the text it covers.
public struct Section: Hashable, Sendable {
    /// The section's kind.
    public var kind: SectionKind
    /// The header as written (`"PMH"`, `"Past Medical History"`); empty for `.none`.
    public var title: String
    /// Where the header is, if there is one.
    public var headerSpan: TextSpan?
    /// The text the section covers, header included.
    public var span: TextSpan

    /// Creates a section.
    public init(kind: SectionKind, title: String, headerSpan: TextSpan?, span: TextSpan) {
        self.kind = kind
        self.title = title
        self.headerSpan = headerSpan
        self.span = span
    }
}
