// The `Clinicode` module is the one entry point the CLI and library users
// need: it re-exports every stage's public interface.
@_exported import ClinicodeContext
@_exported import ClinicodeCore
@_exported import ClinicodeEvaluation
@_exported import ClinicodeProcedures
@_exported import ClinicodeRanking
@_exported import ClinicodeTerminology
@_exported import ClinicodeText
