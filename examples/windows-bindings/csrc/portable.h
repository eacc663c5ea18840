/* Declarations whose layout depends on the target's data model: what a binding written on
 * Linux (LP64) gets wrong on Windows (LLP64: `long` 4 bytes, `wchar_t` 2 bytes). */
#include <limits.h>
#include <stddef.h>

struct long_holder { long v; };
struct wchar_holder { wchar_t c; };
/* An enumerator from a `long` limit: the enum is as wide as `long` where that is 8 bytes. */
enum limit { LIMIT_NONE = 0, LIMIT_MAX = LONG_MAX };
struct sized { size_t n; long long big; };

/* Calling conventions: WINAPI-style functions are stdcall on 32-bit Windows; elsewhere every
 * convention is C's. */
#if defined(_WIN32) && defined(__i386__)
#define PORTABLE_API __stdcall
#else
#define PORTABLE_API
#endif
int PORTABLE_API portable_add(int a, int b);
int plain_add(int a, int b);
/* A thread's start routine and its argument, as CreateThread takes them. */
struct thread_start { unsigned (PORTABLE_API *routine)(void *); void *arg; };
