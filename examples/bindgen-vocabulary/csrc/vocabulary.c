#include <stdio.h>
#include <stdlib.h>
#include "vocabulary.h"

const char vocab_version[] = "1.0";
int vocab_counter;

int vocab_sum(const struct segment *s) { return s->from.x + s->from.y + s->to.x + s->to.y; }
struct point vocab_mid(struct segment s) {
    struct point p = {(s.from.x + s.to.x) / 2, (s.from.y + s.to.y) / 2};
    return p;
}
int vocab_vlog(char *out, unsigned long n, const char *fmt, va_list ap) { return vsnprintf(out, n, fmt, ap); }
int vocab_log(char *out, unsigned long n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return r;
}
void vocab_die(int code) { exit(code); }
void vocab_reset(void) { vocab_counter = 0; }
int vocab_visit(visit_fn f, void *arg) { struct point p = {1, 2}; return f(&p, arg); }
int (*vocab_hook)(int code, const char *why);
int vocab_each(const struct point *p, unsigned long n, void (*each)(const struct point *, void *), void *arg) {
    for (unsigned long i = 0; i < n; i++) each(&p[i], arg);
    return (int)n;
}
long double vocab_scale(long double x, int n) { while (n-- > 0) x *= 2; return x; }
int vocab_renamed(int x) { return x + 1; }

static vocab_log_fn vocab_logger_fn;
static void *vocab_logger_ctx;
void vocab_set_logger(vocab_log_fn log, void *ctx) { vocab_logger_fn = log; vocab_logger_ctx = ctx; }

static int vocab_depth_value;
int *vocab_depth_location(void) { return &vocab_depth_value; }

static char vocab_filled[] = "filled";
int vocab_fill(char **out) { *out = vocab_filled; return 0; }
unsigned long vocab_text_len(const unsigned char *text) { unsigned long n = 0; while (text[n]) n++; return n; }
unsigned long vocab_wide_len(const wchar_t *text) { unsigned long n = 0; while (text[n]) n++; return n; }
static int vocab_handles;
int vocab_open(struct vocab_handle **out) { *out = (struct vocab_handle *)&vocab_handles; return 0; }
void vocab_close(struct vocab_handle *h) { (void)h; }
const unsigned char *vocab_bytes(void) { return (const unsigned char *)"bytes"; }
