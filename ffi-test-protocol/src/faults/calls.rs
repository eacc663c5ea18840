//! The injector's wrappers of the libc calls a sweep can fail ([`CALLS`]): each counts its
//! call when armed for it and, when it is the one to fail, returns the call's error value with
//! the planned errno, or (`short` mode) moves half the bytes asked for.

use super::CALLS;

/// The wrappers' C, appended to the injector's (which defines `armed`, `calls`, `fault_errno`,
/// `busy`, `for_rust`, `counted` and `report`).
pub fn c_source() -> String {
    let bits: String = CALLS
        .iter()
        .enumerate()
        .map(|(i, call)| format!("#define FI_CALL_{} {i}\n", call.name))
        .collect();
    format!(
        "\n/* Calls: bit i of `calls` is ffi_test_protocol::faults::CALLS[i]. */\n{bits}{WRAPPERS}"
    )
}

const WRAPPERS: &str = r#"
#include <stdarg.h>
#include <sys/socket.h>

#define RESOLVE(name) if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name)

/* Whether this call of `which`, made from `caller`, is C's and one to fail (as `counted`). */
static int call_fails(int which, void *caller) {
    if (!__atomic_load_n(&armed, __ATOMIC_SEQ_CST) || !(calls & (1ul << which)) || busy) return 0;
    if (for_rust(caller)) return 0;
    return counted();
}

static void report_call(const char *format, ...) {
    char text[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(text, sizeof text, format, ap);
    va_end(ap);
    report(fail_at, text);
}

/* Fewer bytes than asked: half, at least one (a call asking for one byte is left whole). */
static size_t shorter(size_t n) { return n > 1 ? n / 2 : n; }

/* Declares `f`, whether this call fails, reports the k-th, and returns `failed` with the
   planned errno when there is one; in short mode the wrapper shortens the call itself. */
#define FAULT(name, failed, ...)                                                   \
    int f = call_fails(FI_CALL_##name, __builtin_return_address(0));            \
    if (f == 2) report_call(__VA_ARGS__);                                       \
    if (f && fault_errno) { errno = fault_errno; return failed; }

static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pread64)(int, void *, size_t, off64_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_recv)(int, void *, size_t, int);
static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
static ssize_t (*real_sendto)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static FILE *(*real_fopen)(const char *, const char *);
static FILE *(*real_fopen64)(const char *, const char *);
static int (*real_close)(int);
static int (*real_connect)(int, const struct sockaddr *, socklen_t);
static int (*real_accept)(int, struct sockaddr *, socklen_t *);

ssize_t read(int fd, void *buf, size_t n) {
    RESOLVE(read);
    FAULT(read, -1, "read(fd %d, %zu)", fd, n);
    return real_read(fd, buf, f ? shorter(n) : n);
}

ssize_t write(int fd, const void *buf, size_t n) {
    RESOLVE(write);
    FAULT(write, -1, "write(fd %d, %zu)", fd, n);
    return real_write(fd, buf, f ? shorter(n) : n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t at) {
    RESOLVE(pread);
    FAULT(pread, -1, "pread(fd %d, %zu)", fd, n);
    return real_pread(fd, buf, f ? shorter(n) : n, at);
}

ssize_t pread64(int fd, void *buf, size_t n, off64_t at) {
    RESOLVE(pread64);
    FAULT(pread, -1, "pread64(fd %d, %zu)", fd, n);
    return real_pread64(fd, buf, f ? shorter(n) : n, at);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at) {
    RESOLVE(pwrite);
    FAULT(pwrite, -1, "pwrite(fd %d, %zu)", fd, n);
    return real_pwrite(fd, buf, f ? shorter(n) : n, at);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t at) {
    RESOLVE(pwrite64);
    FAULT(pwrite, -1, "pwrite64(fd %d, %zu)", fd, n);
    return real_pwrite64(fd, buf, f ? shorter(n) : n, at);
}

ssize_t recv(int fd, void *buf, size_t n, int flags) {
    RESOLVE(recv);
    FAULT(recv, -1, "recv(fd %d, %zu)", fd, n);
    return real_recv(fd, buf, f ? shorter(n) : n, flags);
}

ssize_t send(int fd, const void *buf, size_t n, int flags) {
    RESOLVE(send);
    FAULT(send, -1, "send(fd %d, %zu)", fd, n);
    return real_send(fd, buf, f ? shorter(n) : n, flags);
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *len) {
    RESOLVE(recvfrom);
    FAULT(recvfrom, -1, "recvfrom(fd %d, %zu)", fd, n);
    return real_recvfrom(fd, buf, f ? shorter(n) : n, flags, from, len);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, socklen_t len) {
    RESOLVE(sendto);
    FAULT(sendto, -1, "sendto(fd %d, %zu)", fd, n);
    return real_sendto(fd, buf, f ? shorter(n) : n, flags, to, len);
}

/* The mode argument exists only when the flags create a file. */
#define MODE_ARG(flags, mode)                                                      \
    int mode = 0;                                                                  \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                                         \
        va_list ap;                                                                \
        va_start(ap, flags);                                                       \
        mode = va_arg(ap, int);                                                    \
        va_end(ap);                                                                \
    }

int open(const char *path, int flags, ...) {
    RESOLVE(open);
    MODE_ARG(flags, mode);
    FAULT(open, -1, "open(\"%s\")", path);
    return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    RESOLVE(open64);
    MODE_ARG(flags, mode);
    FAULT(open, -1, "open64(\"%s\")", path);
    return real_open64(path, flags, mode);
}

int openat(int dir, const char *path, int flags, ...) {
    RESOLVE(openat);
    MODE_ARG(flags, mode);
    FAULT(openat, -1, "openat(\"%s\")", path);
    return real_openat(dir, path, flags, mode);
}

int openat64(int dir, const char *path, int flags, ...) {
    RESOLVE(openat64);
    MODE_ARG(flags, mode);
    FAULT(openat, -1, "openat64(\"%s\")", path);
    return real_openat64(dir, path, flags, mode);
}

FILE *fopen(const char *path, const char *how) {
    RESOLVE(fopen);
    FAULT(fopen, NULL, "fopen(\"%s\", \"%s\")", path, how);
    return real_fopen(path, how);
}

FILE *fopen64(const char *path, const char *how) {
    RESOLVE(fopen64);
    FAULT(fopen, NULL, "fopen64(\"%s\", \"%s\")", path, how);
    return real_fopen64(path, how);
}

/* Linux releases the descriptor even when close fails (EINTR included): so does this. */
int close(int fd) {
    RESOLVE(close);
    int f = call_fails(FI_CALL_close, __builtin_return_address(0));
    if (f == 2) report_call("close(fd %d)", fd);
    int closed = real_close(fd);
    if (f && fault_errno) {
        errno = fault_errno;
        return -1;
    }
    return closed;
}

int connect(int fd, const struct sockaddr *to, socklen_t len) {
    RESOLVE(connect);
    FAULT(connect, -1, "connect(fd %d)", fd);
    return real_connect(fd, to, len);
}

int accept(int fd, struct sockaddr *from, socklen_t *len) {
    RESOLVE(accept);
    FAULT(accept, -1, "accept(fd %d)", fd);
    return real_accept(fd, from, len);
}
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn every_listed_call_has_a_wrapper() {
        let source = super::c_source();
        for call in super::CALLS {
            assert!(
                source.contains(&format!("FAULT({},", call.name))
                    || source.contains(&format!("(FI_CALL_{},", call.name)),
                "{}",
                call.name
            );
        }
    }
}
