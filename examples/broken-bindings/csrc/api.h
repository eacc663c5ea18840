/* A small C API whose Rust declarations in tests/signatures.rs are deliberately wrong. */
#ifndef API_H
#define API_H
#include <stdint.h>

#define API_LIMIT 128            /* Rust: 100 */
#define API_NAME "api"
#define API_RATIO 0.25
#define API_OFFSET (-3)         /* Rust: 3 */
#define API_MASK 0xFFFFFFFFu     /* Rust: 0xFFFF */
/* Its expansion needs a type this header never completes (as <sys/ioctl.h>'s TCGETS2 needs
 * struct termios2): C cannot evaluate it. */
struct api_never_completed;
#define API_INCOMPLETE_SIZE sizeof(struct api_never_completed)

int api_width(int64_t v);        /* Rust: i32 */
int api_sign(uint32_t v);        /* Rust: i32 */
int api_two(int a, int b);       /* Rust: one parameter */
int api_one(int a);              /* Rust: two parameters */
int64_t api_ret(void);           /* Rust: returns i32 */
double api_scale(double x);      /* Rust: takes f32 */
int api_log(const char *fmt, ...); /* Rust: not variadic */
extern int32_t api_counter;      /* Rust: i64 */

/* Declared correctly. */
int64_t api_ok(uint32_t a, const char *b);
extern const char *api_version;
/* An array: its name is its first element's address, not a pointer variable. */
extern const char api_banner[8];   /* Rust: a pointer */
#endif
