/* The C truth the deliberately broken Rust bindings in tests/ are compared with. */
#ifndef BROKEN_H
#define BROKEN_H
#include <stdbool.h>
#include <stdint.h>

struct wide_id { int64_t id; };                              /* Rust: i32 */
struct flags { uint32_t flags; };                            /* Rust: i32 */
struct ratio { float ratio; };                               /* Rust: u32 */
struct triple { int a; int b; int c; };                      /* Rust lacks c */
struct pair { int a; int b; };                               /* Rust adds c */
struct point2 { float x; int y; };                           /* Rust swaps x and y */
struct __attribute__((packed)) wire_header { uint8_t tag; uint32_t length; };  /* Rust not packed */
struct __attribute__((aligned(16))) block { uint32_t word; };                  /* Rust align(8) */
struct settings { int enabled; };                            /* Rust: bool */
enum color { COLOR_RED = 1, COLOR_GREEN = 2, COLOR_BLUE = 4 };  /* Rust: Blue = 3 */
enum mode { MODE_READ, MODE_WRITE };                         /* Rust: repr(u8) */
union number { int32_t i; float f; };                        /* Rust: a struct */
struct handle_holder { void *handle; };                      /* Rust: usize */
struct named { char name[16]; };                             /* Rust: [u8; 8] */
struct inner3 { int a; int b; int c; };
struct outer { struct inner3 inner; int tail; };             /* Rust's inner has 2 ints */
struct callback_holder { void (*on_event)(int); };           /* Rust: *mut c_void */
struct samples { int16_t samples[4]; };                      /* Rust: [u16; 4] */

struct with_bits { unsigned a : 3; unsigned b : 5; };       /* Rust: two u32 fields */
struct tagged { int tag; union { int i; float f; }; };      /* anonymous member */

/* Bound for one target's sizes: right on 64-bit targets, wrong on 32-bit ones. */
struct long_holder { long v; };
/* Bound assuming `char` is signed: right on x86, wrong on aarch64 (unsigned there). */
struct char_holder { char c; };

/* A 64-bit member aligned to 8 on every target, as Linux's `__aligned_u64` does for structs
   shared by 32- and 64-bit code. Bound without the alignment: right wherever a `double` is
   8-aligned anyway, wrong on i686, where it is 4-aligned in structs (offset 4, not 8). */
struct stamp { int32_t id; _Alignas(8) double value; };

/* Correct bindings, which must pass. */
struct message { uint32_t len; uint8_t data[]; };            /* flexible array member */
struct good_point { int32_t x; double y; };
enum good_level { GOOD_LEVEL_LOW = -1, GOOD_LEVEL_HIGH = 1 };
#endif
