#ifndef CICUSHIM_H
#define CICUSHIM_H

#include <stdint.h>

// Plain-C wrappers over the system ICU. Only <stdint.h> types cross this
// boundary so Swift never sees ICU's headers (they clash with Foundation's
// bundled _FoundationICU module).

#ifdef __cplusplus
extern "C" {
#endif

/// Applies NFKC with case folding (ICU "nfkc_cf") to UTF-16 `src`.
/// Writes at most `dest_capacity` UTF-16 units to `dest` and returns the
/// full length needed, or -1 on error.
int32_t clinicode_nfkc_casefold(const uint16_t *src, int32_t src_length,
                                uint16_t *dest, int32_t dest_capacity);

/// Removes accents (NFD, drop nonspacing marks, NFC) from UTF-16 `src`.
/// Same buffer contract as clinicode_nfkc_casefold.
int32_t clinicode_strip_accents(const uint16_t *src, int32_t src_length,
                                uint16_t *dest, int32_t dest_capacity);

/// Finds sentence boundaries in UTF-16 `text` with ICU's English sentence
/// break iterator. Writes up to `capacity` boundary offsets (UTF-16 units,
/// excluding 0, including the end) and returns how many exist, or -1.
int32_t clinicode_sentence_boundaries(const uint16_t *text, int32_t length,
                                      int32_t *boundaries, int32_t capacity);

/// The ICU version string (e.g. "72.1"), for diagnostics.
const char *clinicode_icu_version(void);

#ifdef __cplusplus
}
#endif

#endif
