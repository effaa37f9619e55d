/// The version of this Clinicode build.
public enum ClinicodeVersion {
    /// Semantic version string, as printed by `clinicode --version`.
    public static let string = "0.1.0"
}
