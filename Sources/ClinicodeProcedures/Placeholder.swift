// Placeholder so the module builds before its stage lands.
import ClinicodeCore
