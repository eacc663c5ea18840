/* C functions whose Rust declarations in tests/calls.rs are deliberately wrong. */
#ifndef CALLS_H
#define CALLS_H
#include <stdint.h>

struct rt_point { int32_t x; double y; };
struct rt_small { int32_t a; float b; };
struct rt_big { int64_t a; int64_t b; int64_t c; };

struct rt_point point_echo(struct rt_point p);                        /* Rust: by pointer */
struct rt_small_v1 { int32_t a; };                                   /* an older, smaller version */
void small_copy_v1(const struct rt_small *in, struct rt_small_v1 *out); /* Rust: out is the new struct */
void point_copy(struct rt_point *out, const struct rt_point *in);     /* Rust: (in, out) */
void small_copy(struct rt_small in, struct rt_small *out);            /* Rust: in by pointer */
void big_copy(struct rt_big in, struct rt_big *out);                  /* Rust: in by pointer */

struct rt_skewed { int32_t a; int64_t b; };                          /* Rust: b is i32 */

/* A message whose payload C copies only when its flags say it has one: when bits 8-9 of the
   flags are 01 (RT_MSG_EMPTY) the payload is padding to C, and data to the Rust type, which
   round-trips every value. */
#define RT_MSG_KIND 0x300u
#define RT_MSG_EMPTY 0x100u
struct rt_msg { uint32_t flags; uint32_t payload; };
void msg_copy(const struct rt_msg *in, struct rt_msg *out);          /* Rust: any payload */

/* Declared correctly in Rust. */
struct rt_point point_echo_ok(struct rt_point p);
void big_copy_ok(const struct rt_big *in, struct rt_big *out);
#endif

/* tests/conventions.rs */
struct conv_small { int a; int b; };
struct conv_large { long long a, b, c, d; };
