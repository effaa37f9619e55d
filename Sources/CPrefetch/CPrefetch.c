// CPrefetch is header-only (see include/CPrefetch.h); a C target needs a source file.
#include "CPrefetch.h"
