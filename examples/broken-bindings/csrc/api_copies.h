/* A header that defines its own copies of two library symbols (a function defined in the
 * header, a constant defined `static`): C that includes it uses these copies, while Rust's
 * declarations bind to the library's exported ones. Types agree; the addresses do not. */
#ifndef API_COPIES_H
#define API_COPIES_H
#include <stdint.h>

static inline int api_twice(int x) { return 2 * x; }
static const int32_t api_seven = 7;
#endif
