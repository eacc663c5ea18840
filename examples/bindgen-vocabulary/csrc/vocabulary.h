/* One of each construct bindgen has its own vocabulary for; src/bindings.rs is bindgen's
 * output for this header (./regenerate.sh). */
#ifndef VOCABULARY_H
#define VOCABULARY_H

#include <stdarg.h>

/* Anonymous members: their fields are the parent's own in C. */
struct anon_holder {
    int kind;
    union {
        int i;
        float f;
    };
    struct {
        short lo, hi;
    } named;
};

/* Bit-fields, with an unnamed padding bit-field and ordinary fields around them. */
struct flags {
    unsigned char head;
    unsigned ready : 1;
    unsigned mode : 3;
    int level : 4;
    unsigned : 0;
    unsigned char tail;
    _Bool on : 1;
};

/* A flexible array member. */
struct flex {
    int n;
    double items[];
};

/* Opaque to bindgen (--opaque-type blob): size and alignment only. */
struct blob {
    int secret[3];
    char tag;
};

/* A field whose type is another struct of the bindings. */
struct point { int x, y; };
struct segment { struct point from, to; unsigned char width; };

/* Every enum style bindgen has. */
enum rust_color { RED, GREEN = 5, BLUE };               /* --rustified-enum */
enum nt_mode { MODE_A = 1, MODE_B = 2 };                 /* --newtype-enum */
enum bf_perm { PERM_R = 1, PERM_W = 2, PERM_X = 4 };     /* --bitfield-enum */
enum mc_level { LEVEL_LOW, LEVEL_HIGH = 10 };            /* --constified-enum-module */
enum plain_kind { KIND_ONE = 1, KIND_TWO };              /* default: constified */
enum { ANON_FIRST = 100, ANON_SECOND };                  /* anonymous */

typedef struct point point_t;
typedef unsigned long count_t;
typedef int (*visit_fn)(const struct point *, void *);

/* Names whose generated test names collide (snake case drops the underscores and the case). */
#define VOCAB_ORDER 1
#define __VOCAB_ORDER 2
struct vocab_pair { int a, b; };
typedef struct vocab_pair VocabPair;

#define VOCAB_LIMIT 64
#define VOCAB_NAME "vocabulary"
#define VOCAB_RATIO 0.5
/* A constant through another: bindgen binds it. */
#define VOCAB_LIMIT_TWICE (VOCAB_LIMIT * 2)
/* Macros standing for a type, a keyword, a cast and a call: bindgen binds none of them (no
 * constant), and the census asks for no binding of them. */
#define VOCAB_INDEX_T unsigned long
#define VOCAB_API extern
#define VOCAB_NO_NAME ((const char *)0)
#define VOCAB_RESET_ALL vocab_reset()

extern const char vocab_version[];
extern int vocab_counter;

int vocab_sum(const struct segment *s);
struct point vocab_mid(struct segment s);
int vocab_vlog(char *out, unsigned long n, const char *fmt, va_list ap);
int vocab_log(char *out, unsigned long n, const char *fmt, ...);
_Noreturn void vocab_die(int code);
void vocab_reset(void);
int vocab_visit(visit_fn f, void *arg);
/* Function pointers written inline, not through a typedef: a static and a parameter. */
extern int (*vocab_hook)(int code, const char *why);
int vocab_each(const struct point *p, unsigned long n, void (*each)(const struct point *, void *), void *arg);
long double vocab_scale(long double x, int n);
/* Declared under another symbol, as glibc declares fscanf (`__isoc99_fscanf`): bindgen binds
   it with `link_name = "\u{1}vocab_renamed_impl"`. */
int vocab_renamed(int x) __asm__("vocab_renamed_impl");
/* Declared, never defined: no library exports it. */
int vocab_declared_only(int x);

/* A printf-like callback type (C-variadic), and a record and a function holding one. */
typedef void (*vocab_log_fn)(void *ctx, const char *fmt, ...);
struct vocab_logger { vocab_log_fn log; void *ctx; };
void vocab_set_logger(vocab_log_fn log, void *ctx);

/* A member whose name the header then defines as a macro, as libxml2's globals.h does for its
 * thread-local state: the record's check names the member, not the macro. */
struct vocab_globals { int vocab_depth; int vocab_width; };
int *vocab_depth_location(void);
#define vocab_depth (*(vocab_depth_location()))

/* What pointers point to: a pointer to a pointer, integers of each sign and size, a handle C
 * never defines, a pointer returned, and a callback taking a buffer. */
#include <wchar.h>
struct vocab_handle;
int vocab_fill(char **out);
unsigned long vocab_text_len(const unsigned char *text);
unsigned long vocab_wide_len(const wchar_t *text);
int vocab_open(struct vocab_handle **out);
void vocab_close(struct vocab_handle *h);
const unsigned char *vocab_bytes(void);
typedef long (*vocab_read_fn)(void *ctx, unsigned char *buf, unsigned long n);

#endif
