//! The libc crate's items declared by the headers of a typical networking or filesystem
//! program (csrc/libc_headers.h), against those headers: layouts (fields of other structs
//! included; size and alignment only where members are private), signatures, constants.
//!
//! What differs between the libc crate and this system's glibc is said here, item by item:
//! fields libc deliberately binds another way are compared with the C member they stand for
//! (`c = ".."`) or, where no C member is theirs, left out (`skip`), and real differences are
//! expected to fail (`expect = fail`), so that a new one fails the suite.

ffi_test::check_surface!(
    libc,
    file = "src/surface.rs",
    // Representation choices of the libc crate, field by field.
    // libc binds C's `epoll_data_t data` union as its `u64` member, and splits each
    // `struct timespec` of `stat` into two fields.
    item(epoll_event.u64, c = "data.u64"),
    item(sigaction.sa_sigaction, skip = "libc binds C's handler union (`__sigaction_handler`) as the integer `sighandler_t`"),
    item(stat.st_atime_nsec, c = "st_atim.tv_nsec"),
    item(stat.st_mtime_nsec, c = "st_mtim.tv_nsec"),
    item(stat.st_ctime_nsec, c = "st_ctim.tv_nsec"),
    item(stat64.st_atime_nsec, c = "st_atim.tv_nsec"),
    item(stat64.st_mtime_nsec, c = "st_mtim.tv_nsec"),
    item(stat64.st_ctime_nsec, c = "st_ctim.tv_nsec"),
    // Real differences between the libc crate and these headers.
    // An integer where C has a function pointer (so that SIG_IGN and SIG_DFL are values).
    item(sighandler_t, expect = fail),
    item(signal, expect = fail),
    // `struct sigval` where C has `union sigval`.
    item(sigval, expect = fail),
    // Members newer than this system's headers (libc follows the latest kernel).
    item(struct statx, expect = fail),
    item(tcp_info, expect = fail),
    item(sigevent, expect = fail),
    // Padding libc names (`__unused1`..) where C leaves anonymous bit-fields.
    item(timex, expect = fail),
    // `int` where C has `enum __itimer_which` (unsigned in GCC).
    item(getitimer, expect = fail),
    item(setitimer, expect = fail),
    // glibc >= 2.34 with _GNU_SOURCE makes these `sysconf` calls; libc has the old constants.
    item(SIGSTKSZ, expect = fail),
    item(MINSIGSTKSZ, expect = fail),
    // libc binds the XSI `__xpg_strerror_r`; under _GNU_SOURCE C declares the GNU one.
    item(strerror_r, expect = fail),
    // glibc defines `atexit` only in libc_nonshared.a, copied into each program that calls it:
    // no shared object exports it, so a declaration nothing links is reported as such.
    item(atexit, expect = fail),
);
ffi_test::main! { headers: ["libc_headers.h"], include_dirs: ["csrc"] }
