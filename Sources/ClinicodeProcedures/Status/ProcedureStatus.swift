import ClinicodeCore

/// Whether a procedure named in a note was carried out during the encounter.
public enum ProcedureStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Done during this encounter (or attempted and stopped part-way).
    case performed
    /// Deferred, declined, cancelled, planned, recommended, scheduled...
    case notPerformed = "not_performed"
    /// A phrase that looks like a cue but is not one ("as planned").
    case pseudo
}

/// Which side of a cue its scope reaches.
public enum CueDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// The cue precedes the procedure ("declined colonoscopy").
    case forward
    /// The cue follows the procedure ("colonoscopy was deferred").
    case backward
    /// Either side.
    case both

    var reachesForward: Bool { self != .backward }
    var reachesBackward: Bool { self != .forward }
}

/// One status cue of `Lexicons/procedures/status-cues.tsv`.
public struct ProcedureStatusCue: Sendable, Hashable {
    /// The phrase as written in the lexicon.
    public var phrase: String
    /// Its normalised tokens.
    public var words: [String]
    /// What it says about the procedure.
    public var status: ProcedureStatus
    /// Which way its scope reaches.
    public var direction: CueDirection
    /// The context category reported with it (`hypothetical` or `negated_existence`).
    public var category: ContextCategory

    /// Creates a cue.
    public init(phrase: String, words: [String], status: ProcedureStatus, direction: CueDirection,
                category: ContextCategory = .hypothetical) {
        self.phrase = phrase
        self.words = words
        self.status = status
        self.direction = direction
        self.category = category
    }
}

/// What the detector concluded about one procedure mention, and why.
public struct ProcedureStatusFinding: Sendable, Hashable {
    /// Performed or not performed.
    public var status: ProcedureStatus
    /// The not-performed cue (or section default) behind a `.notPerformed` verdict.
    public var cue: ContextTrigger?
    /// Where the performed cue is, when a cue (not the default) made it performed.
    public var performedCue: TextSpan?

    /// Creates a finding.
    public init(status: ProcedureStatus, cue: ContextTrigger? = nil, performedCue: TextSpan? = nil) {
        self.status = status
        self.cue = cue
        self.performedCue = performedCue
    }

    /// Whether the procedure was performed.
    public var isPerformed: Bool { status != .notPerformed }
}
