/* What the bindings of this crate cover: libpng's public API. */
#include <png.h>
