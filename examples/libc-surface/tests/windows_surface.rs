//! The libc crate's items for x86_64-pc-windows-gnu that mingw-w64's C runtime headers declare
//! (csrc/libc_windows_headers.h; src/windows_surface.rs, from `regenerate.py --windows`),
//! against those headers, verified without running:
//!
//! ```sh
//! cargo ffi-test verify --target x86_64-pc-windows-gnu -p libc-surface --test windows_surface
//! ```
//!
//! 303 items are compared (size, alignment and fields of the structs, every signature,
//! constant and alias); the 7 that differ are listed below with why. Built for any other
//! target, this binary has no tests.

#[cfg(all(windows, target_env = "gnu", target_arch = "x86_64"))]
ffi_test::check_surface!(
    libc,
    file = "src/windows_surface.rs",
    // Real differences between the libc crate and mingw-w64's headers, each expected to fail
    // so that a new one fails the suite.
    // `intptr_t` in C (the process handle on 64-bit Windows), `c_int` in libc.
    item(execve, expect = fail),
    item(execvp, expect = fail),
    item(execvpe, expect = fail),
    // The Universal CRT's values in libc; mingw-w64's headers are msvcrt's (14 and 32767).
    item(L_tmpnam, expect = fail),
    item(TMP_MAX, expect = fail),
    // An integer where C has a function pointer (as on Linux: so that SIG_IGN is a value).
    item(signal, expect = fail),
    // libc's `stat` is C's `struct _stat64` (its `stat()` links to `_stat64`): 64-bit sizes
    // and times, where C's `struct stat` has a 32-bit `st_size`.
    item(struct stat, expect = fail),
);
#[cfg(all(windows, target_env = "gnu", target_arch = "x86_64"))]
ffi_test::main! { headers: ["libc_windows_headers.h"], include_dirs: ["csrc"] }
#[cfg(not(all(windows, target_env = "gnu", target_arch = "x86_64")))]
ffi_test::main!();
