import ClinicodeCore

extension Token {
    /// The hyphen-separated parts of the normalised form, so a matcher can
    /// also look inside `non-small-cell` (`["non", "small", "cell"]`).
    /// A token without hyphens (or only hyphens) gives `[normalized]`.
    ///
    /// Normalised forms keep their hyphens: `covid-19` and `c5-c6` only mean
    /// something whole.
    public var normalizedParts: [Substring] {
        let parts = normalized.split(separator: "-", omittingEmptySubsequences: true)
        return parts.isEmpty ? [normalized[...]] : parts
    }
}
