//! The injector's C: the library preloaded into a sweep's children, its allocation functions
//! and what they share with the calls' wrappers (`calls.rs`).

use super::{
    ARM, DISARM, FAILED_LINE, FRAME_LINE, REPORT_VAR, RUST_CODE_VAR, RUST_ENTER, RUST_LEAVE,
};

/// The library's C source.
pub fn c_source() -> String {
    let calls = super::calls::c_source();
    format!(
        r#"/* ffi-test's fault injector: preloaded into a test's child process. Optimised so that each
   wrapper's call of the real function is a tail call: the allocator behind it (ASan's) then sees
   the original caller, as LeakSanitizer needs to recognise the dynamic loader's allocations. */
#pragma GCC optimize ("O2", "optimize-sibling-calls")
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*real_malloc)(size_t);
static void (*real_free)(void *);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_memalign)(size_t, size_t);
static char *(*real_strdup)(const char *);
static char *(*real_strndup)(const char *, size_t);

static __thread int rust_depth; /* inside Rust's global allocator */
static __thread int busy;       /* inside this library (backtrace may allocate) */
static int armed, from_on, report_fd = -1;
static unsigned long count, fail_at;
/* What is counted: allocations (calls == 0), or the calls in the mask, failed with errno
   fault_errno, or with a short count when it is 0. */
static unsigned long calls;
static int fault_errno;

/* The Rust standard library's functions in the main program: [start, end) pairs, sorted. */
static unsigned long *rust_code, rust_ranges, exe_base;

static int main_program(struct dl_phdr_info *info, size_t size, void *data) {{
    (void)size; (void)data;
    exe_base = info->dlpi_addr; /* the first object is the main program */
    return 1;
}}

static void load_rust_code(void) {{
    const char *path = getenv("{RUST_CODE_VAR}");
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {{ if (fd >= 0) close(fd); return; }}
    char *text = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (text == MAP_FAILED) return;
    unsigned long lines = 0;
    for (off_t i = 0; i < st.st_size; i++) lines += text[i] == '\n';
    rust_code = mmap(NULL, 2 * lines * sizeof *rust_code + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (rust_code == MAP_FAILED) {{ rust_code = NULL; munmap(text, (size_t)st.st_size); return; }}
    const char *p = text, *end = text + st.st_size;
    while (p < end && rust_ranges < lines) {{
        char *next;
        unsigned long start = strtoul(p, &next, 16);
        unsigned long stop = strtoul(next, &next, 16);
        rust_code[2 * rust_ranges] = start;
        rust_code[2 * rust_ranges + 1] = stop;
        rust_ranges++;
        while (next < end && *next != '\n') next++;
        p = next + 1;
    }}
    munmap(text, (size_t)st.st_size);
    dl_iterate_phdr(main_program, NULL);
}}

/* The loaded objects' segments, for finding the object that holds an address: dladdr also
   searches that object's symbols, which with large libraries loaded (OpenSSL's) cost more than
   everything else an allocation does (libcurl's start: 93 ms a run). Read again when an address
   is in none of them (an object loaded since) and when a run is armed. Each keeps the start of
   its object's file name, copied: an object unloaded since does not leave a dangling name. */
struct segment {{ unsigned long start, end, base; char name[48]; }};
static struct segment segments[512];
static int nsegments, segments_lock;

static int add_segments(struct dl_phdr_info *info, size_t size, void *data) {{
    (void)size; (void)data;
    const char *name = info->dlpi_name ? info->dlpi_name : "";
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (int i = 0; i < info->dlpi_phnum && nsegments < 512; i++) {{
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        struct segment *s = &segments[nsegments++];
        s->start = info->dlpi_addr + ph->p_vaddr;
        s->end = s->start + ph->p_memsz;
        s->base = info->dlpi_addr;
        strncpy(s->name, base, sizeof s->name - 1);
        s->name[sizeof s->name - 1] = 0;
    }}
    return 0;
}}

static void read_segments(void) {{
    nsegments = 0;
    dl_iterate_phdr(add_segments, NULL);
}}

/* The object holding `addr`: its base, and its file's name (without the directory; empty for
   the main program) copied into `name`. 0 if no loaded object holds it. */
static int object_of(void *addr, unsigned long *base, char name[48]) {{
    int found = 0;
    while (__atomic_exchange_n(&segments_lock, 1, __ATOMIC_ACQUIRE)) ;
    for (int pass = 0; pass < 2 && !found; pass++) {{
        if (pass == 1) read_segments();
        for (int i = 0; i < nsegments; i++) {{
            if ((unsigned long)addr >= segments[i].start && (unsigned long)addr < segments[i].end) {{
                *base = segments[i].base;
                memcpy(name, segments[i].name, 48);
                found = 1;
                break;
            }}
        }}
    }}
    __atomic_store_n(&segments_lock, 0, __ATOMIC_RELEASE);
    return found;
}}

/* Whether `caller` is in one of the standard library's functions. */
static int in_rust_code(void *caller) {{
    unsigned long base;
    char name[48];
    if (!rust_code || !object_of(caller, &base, name) || base != exe_base) return 0;
    unsigned long at = (unsigned long)caller - exe_base, lo = 0, hi = rust_ranges;
    while (lo < hi) {{
        unsigned long mid = (lo + hi) / 2;
        if (at < rust_code[2 * mid]) hi = mid;
        else if (at >= rust_code[2 * mid + 1]) lo = mid + 1;
        else return 1;
    }}
    return 0;
}}

/* Whether `object` is the C runtime or one of its helpers (libc, the dynamic loader, the
   unwinder, a sanitizer's runtime), which allocate on behalf of whoever called them. */
static int is_runtime(const char *object) {{
    const char *base = strrchr(object, '/');
    base = base ? base + 1 : object;
    static const char *names[] = {{"libc.so", "ld-linux", "libasan", "liblsan", "libubsan", "libtsan",
                                   "libgcc_s", "libpthread", "libdl"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strncmp(base, names[i], strlen(names[i])) == 0) return 1;
    return 0;
}}

/* Whether an allocation called from `caller` is not the tested C's: called from Rust's
   standard library, or from the C runtime (a thread-local destructor's registration, a
   thread's attributes) on behalf of the standard library (the first caller outside the
   runtime) or of nobody else (the runtime's own work). */
static int for_rust(void *caller) {{
    unsigned long base, own_base;
    char name[48], own_name[48];
    if (!object_of(caller, &base, name)) return 0;
    if (base == exe_base) return in_rust_code(caller);
    if (!is_runtime(name)) return 0;
    object_of((void *)for_rust, &own_base, own_name);
    void *frames[32];
    busy++;
    int n = backtrace(frames, 32);
    busy--;
    for (int i = 0; i < n; i++) {{
        if (!object_of(frames[i], &base, name) || base == own_base) continue;
        if (base == exe_base) return in_rust_code(frames[i]);
        if (!is_runtime(name)) return 0;
    }}
    /* Only the runtime on the stack: it allocates for itself (a thread's start under a
       sanitizer), not for the code under test. */
    return 1;
}}

/* dlsym may allocate before calloc is resolved: those come from here. */
static char bootstrap[4096];
static size_t bootstrap_used;
static int resolving;

static void resolve(void) {{
    resolving = 1;
    real_malloc = dlsym(RTLD_NEXT, "malloc");
    real_free = dlsym(RTLD_NEXT, "free");
    real_calloc = dlsym(RTLD_NEXT, "calloc");
    real_realloc = dlsym(RTLD_NEXT, "realloc");
    real_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    real_memalign = dlsym(RTLD_NEXT, "memalign");
    real_strdup = dlsym(RTLD_NEXT, "strdup");
    real_strndup = dlsym(RTLD_NEXT, "strndup");
    resolving = 0;
}}

__attribute__((constructor)) static void ffi_test_fi_init(void) {{
    if (!real_malloc) resolve();
    const char *path = getenv("{REPORT_VAR}");
    if (path) report_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    load_rust_code();
    void *warm[2];
    busy++;
    backtrace(warm, 2); /* loads what backtrace needs now, not inside a failing malloc */
    busy--;
}}

void {RUST_ENTER}(void) {{ rust_depth++; }}
void {RUST_LEAVE}(void) {{ rust_depth--; }}

void {ARM}(unsigned long k, int from, unsigned long call_mask, int err) {{
    /* Forked by a fork server, whose process had no report to open: this run's is named now. */
    if (report_fd < 0) {{
        const char *path = getenv("{REPORT_VAR}");
        if (path) report_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    }}
    while (__atomic_exchange_n(&segments_lock, 1, __ATOMIC_ACQUIRE)) ;
    read_segments();
    __atomic_store_n(&segments_lock, 0, __ATOMIC_RELEASE);
    fail_at = k;
    from_on = from;
    calls = call_mask;
    fault_errno = err;
    __atomic_store_n(&count, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&armed, 1, __ATOMIC_SEQ_CST);
}}

unsigned long {DISARM}(void) {{
    __atomic_store_n(&armed, 0, __ATOMIC_SEQ_CST);
    return __atomic_load_n(&count, __ATOMIC_SEQ_CST);
}}

static void put(const char *text) {{
    size_t n = strlen(text);
    while (report_fd >= 0 && n > 0) {{
        ssize_t w = write(report_fd, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }}
}}

/* Writes `failed k <call>` and the stack of the call being failed. */
static void report(unsigned long k, const char *call) {{
    char line[4352];
    void *frames[64];
    busy++;
    snprintf(line, sizeof line, "{FAILED_LINE} %lu %s\n", k, call);
    put(line);
    int n = backtrace(frames, 64);
    for (int i = 0; i < n; i++) {{
        Dl_info info;
        if (dladdr(frames[i], &info) && info.dli_fname) {{
            unsigned long offset = (unsigned long)((char *)frames[i] - (char *)info.dli_fbase) - 1;
            snprintf(line, sizeof line, "{FRAME_LINE} %s %lx\n", info.dli_fname, offset);
            put(line);
        }}
    }}
    busy--;
}}

/* Whether the call counted now is one to fail: 0 no, 1 yes, 2 yes and it is the k-th (report
   it). */
static int counted(void) {{
    unsigned long n = __atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
    if (fail_at == 0 || n < fail_at || (n > fail_at && !from_on)) return 0;
    return n == fail_at ? 2 : 1;
}}

/* Whether this allocation, called from `caller`, is C's and one to fail. */
static int fails(const char *what, size_t size, void *caller) {{
    if (!__atomic_load_n(&armed, __ATOMIC_SEQ_CST) || calls || rust_depth > 0 || busy) return 0;
    if (for_rust(caller)) return 0;
    int failing = counted();
    if (failing == 2) {{
        char call[64];
        snprintf(call, sizeof call, "%s(%zu)", what, size);
        report(fail_at, call);
    }}
    if (failing) errno = ENOMEM;
    return failing;
}}

void *malloc(size_t size) {{
    if (!real_malloc) resolve();
    if (fails("malloc", size, __builtin_return_address(0))) return NULL;
    return real_malloc(size);
}}

void *calloc(size_t n, size_t size) {{
    if (resolving || !real_calloc) {{
        size_t need = (n * size + 15) & ~(size_t)15;
        if (bootstrap_used + need > sizeof bootstrap) return NULL;
        void *p = bootstrap + bootstrap_used;
        bootstrap_used += need;
        return p; /* static storage is zeroed */
    }}
    if (fails("calloc", n * size, __builtin_return_address(0))) return NULL;
    return real_calloc(n, size);
}}

void *realloc(void *p, size_t size) {{
    if (!real_realloc) resolve();
    if (fails("realloc", size, __builtin_return_address(0))) return NULL;
    return real_realloc(p, size);
}}

void free(void *p) {{
    if ((char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap) return;
    if (!real_free) {{
        /* dlsym frees its error strings: while resolving, those are left (a few bytes). */
        if (resolving) return;
        resolve();
    }}
    real_free(p);
}}

void *aligned_alloc(size_t align, size_t size) {{
    if (!real_aligned_alloc) resolve();
    if (fails("aligned_alloc", size, __builtin_return_address(0))) return NULL;
    return real_aligned_alloc(align, size);
}}

void *memalign(size_t align, size_t size) {{
    if (!real_memalign) resolve();
    if (fails("memalign", size, __builtin_return_address(0))) return NULL;
    return real_memalign(align, size);
}}

int posix_memalign(void **out, size_t align, size_t size) {{
    if (!real_posix_memalign) resolve();
    if (fails("posix_memalign", size, __builtin_return_address(0))) return ENOMEM;
    return real_posix_memalign(out, align, size);
}}

char *strdup(const char *s) {{
    if (!real_strdup) resolve();
    if (fails("strdup", strlen(s) + 1, __builtin_return_address(0))) return NULL;
    busy++; /* glibc's strdup calls malloc: one allocation, counted once */
    char *p = real_strdup(s);
    busy--;
    return p;
}}

char *strndup(const char *s, size_t n) {{
    if (!real_strndup) resolve();
    if (fails("strndup", strnlen(s, n) + 1, __builtin_return_address(0))) return NULL;
    busy++;
    char *p = real_strndup(s, n);
    busy--;
    return p;
}}

{calls}"#
    )
}
