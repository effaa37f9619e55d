#include "CICUShim.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>
#include <stdlib.h>
#include <string.h>

// ICU's normalizer instances are process-wide singletons owned by ICU.
static const UNormalizer2 *nfkc_cf(UErrorCode *status) {
    return unorm2_getNFKCCasefoldInstance(status);
}

int32_t clinicode_nfkc_casefold(const uint16_t *src, int32_t src_length,
                                uint16_t *dest, int32_t dest_capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = nfkc_cf(&status);
    if (U_FAILURE(status)) return -1;
    int32_t length = unorm2_normalize(norm, (const UChar *)src, src_length,
                                      (UChar *)dest, dest_capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return length;
    if (U_FAILURE(status)) return -1;
    return length;
}

int32_t clinicode_strip_accents(const uint16_t *src, int32_t src_length,
                                uint16_t *dest, int32_t dest_capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    // Decompose into a scratch buffer, drop combining marks, recompose.
    UChar stack[256];
    UChar *decomposed = stack;
    int32_t capacity = 256;
    int32_t length = unorm2_normalize(nfd, (const UChar *)src, src_length, decomposed, capacity, &status);
    UChar *heap = NULL;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        capacity = length + 1;
        heap = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
        if (!heap) return -1;
        decomposed = heap;
        length = unorm2_normalize(nfd, (const UChar *)src, src_length, decomposed, capacity, &status);
    }
    if (U_FAILURE(status)) { free(heap); return -1; }
    int32_t kept = 0;
    for (int32_t i = 0; i < length; i++) {
        UChar32 c = decomposed[i];
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        decomposed[kept++] = decomposed[i];
    }
    status = U_ZERO_ERROR;
    int32_t result = unorm2_normalize(nfc, decomposed, kept, (UChar *)dest, dest_capacity, &status);
    free(heap);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return result;
    if (U_FAILURE(status)) return -1;
    return result;
}

int32_t clinicode_sentence_boundaries(const uint16_t *text, int32_t length,
                                      int32_t *boundaries, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_SENTENCE, "en_US", (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = 0;
    ubrk_first(it);
    for (int32_t b = ubrk_next(it); b != UBRK_DONE; b = ubrk_next(it)) {
        if (count < capacity) boundaries[count] = b;
        count++;
    }
    ubrk_close(it);
    return count;
}

const char *clinicode_icu_version(void) {
    static char version[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, version);
    return version;
}
