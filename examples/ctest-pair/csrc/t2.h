/* The broken half of ctest's test pair (t2.h and t2.rs), rewritten case for case: each item
 * below has a deliberate mistake in src/t2.rs. */
#ifndef T2_H
#define T2_H
#include <stdint.h>

typedef int32_t T2Foo;
typedef int8_t T2Bar;
typedef T2Foo T2TypedefFoo;
typedef unsigned T2TypedefInt;

struct T2Baz {
    int8_t _a;
    int64_t a;
    uint32_t b;
};

typedef struct {
    uint32_t a;
    int64_t b;
} T2Union;

static void T2a(void) {}

#define T2C 4
#define T2S "a"

enum enum_repr_too_small { ENUM_REPR_TOO_SMALL_A };
enum enum_wrong_signedness { ENUM_WRONG_SIGNEDNESS_A };
#endif
