// Placeholder so the module builds before its stage lands; replaced by the stage's own files.
import ClinicodeCore
