import ClinicodeCore

/// What the caller wants back from `Ranker.rank`.
public struct RankingOptions: Sendable {
    /// Coding setting; decides how uncertain diagnoses are treated.
    public var setting: CareSetting = .outpatient
    /// Return the `top` best suggestions regardless of score (no default cut-off).
    public var top: Int? = nil
    /// Return every suggestion scoring at least this (0...1).
    public var minScore: Double? = nil
    /// Only these code systems; `nil` means all.
    public var systems: Set<CodeSystemID>? = nil
    /// How much of the result the caller reads (see `Detail`).
    public var detail: Detail = .full

    /// How much of a result the caller reads: writing out evidence text,
    /// rationale and the excluded codes is a visible share of ranking, wasted
    /// on an output that prints codes only.
    public enum Detail: Sendable, Hashable {
        /// Everything: suggestions with evidence and rationale, and the excluded codes.
        case full
        /// Codes, titles, scores and billability only: the suggestions carry
        /// no evidence or rationale and no excluded code is listed. Which codes
        /// are suggested, and their order and scores, are the same as with `full`.
        case codes
    }

    /// The score a suggestion needs when neither `top` nor `minScore` is given:
    /// what a coder should look at.
    public static let defaultMinScore = 0.3

    /// Creates options; the defaults give an outpatient list cut at `defaultMinScore`.
    public init(
        setting: CareSetting = .outpatient, top: Int? = nil, minScore: Double? = nil,
        systems: Set<CodeSystemID>? = nil, detail: Detail = .full
    ) {
        self.setting = setting
        self.top = top
        self.minScore = minScore
        self.systems = systems
        self.detail = detail
    }
}
