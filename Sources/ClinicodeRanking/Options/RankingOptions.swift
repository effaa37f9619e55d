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

    /// The score a suggestion needs when neither `top` nor `minScore` is given:
    /// what a coder should look at.
    public static let defaultMinScore = 0.3

    /// Creates options; the defaults give an outpatient list cut at `defaultMinScore`.
    public init(
        setting: CareSetting = .outpatient, top: Int? = nil, minScore: Double? = nil,
        systems: Set<CodeSystemID>? = nil
    ) {
        self.setting = setting
        self.top = top
        self.minScore = minScore
        self.systems = systems
    }
}
