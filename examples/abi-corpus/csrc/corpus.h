/* Types whose values ffi-test round-trips between Rust and C. */
#ifndef CORPUS_H
#define CORPUS_H
#include <stdbool.h>
#include <stdint.h>

struct simple { int32_t a; int32_t b; };
struct padded { uint8_t tag; uint64_t value; uint16_t small; };
struct primitives {
    int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32;
    int64_t i64; uint64_t u64; float f32; double f64; bool flag; char ch; void *ptr;
    void (*callback)(int);
};
/* 64-bit targets only: 32-bit ones (i686, armv7) have no __int128. */
#ifdef __SIZEOF_INT128__
typedef __int128 int128_t;
typedef unsigned __int128 uint128_t;
struct wide { int128_t s; uint128_t u; };
#endif
struct floats { float x; float y; float z; };
struct mixed { int32_t i; float f; int64_t l; double d; };
struct with_array { uint16_t samples[5]; float gain; };
struct nested { struct simple inner; double weight; };
union value { int64_t i; double d; uint8_t bytes[8]; };
enum level { LEVEL_LOW = -1, LEVEL_MID = 0, LEVEL_HIGH = 7 };
struct sixteen {
    uint8_t f0; int16_t f1; uint32_t f2; int64_t f3; float f4; double f5; uint8_t f6; int32_t f7;
    uint16_t f8; float f9; int8_t f10; uint64_t f11; double f12; bool f13; int32_t f14; uint8_t f15;
};

/* The library's own functions the round-trips go through. */
struct simple simple_echo(struct simple s);
void simple_copy(const struct simple *in, struct simple *out);
struct mixed mixed_echo(struct mixed m);
#endif
