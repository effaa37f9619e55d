import ArgumentParser
import Clinicode

/// The code systems `--system` selects.
enum SystemChoice: String, CaseIterable, ExpressibleByArgument {
    /// ICD-10-CM diagnoses only.
    case icd10cm
    /// CPT procedures only (present when the model was built with a CPT file).
    case cpt
    /// Every system in the model.
    case all

    /// The ranking filter: `nil` means no filter.
    var systems: Set<CodeSystemID>? {
        switch self {
        case .icd10cm: return [.icd10cm]
        case .cpt: return [.cpt]
        case .all: return nil
        }
    }
}
