//! zlib's bindgen output generated on x86_64 Linux (src/zlib_linux.rs), checked whole against
//! the target's zlib.h. Right on Linux. On Windows five items are wrong, each for a reason of
//! the target's own, and expected busted there (`cargo ffi-test verify --target
//! x86_64-pc-windows-gnu` reports them without running):
//! - `va_list` is `char *` on Windows x64; bindgen wrote the System V one, an array of one
//!   `__va_list_tag` (24 bytes), and the tag type exists in no Windows header; `gzvprintf`
//!   takes one, bound as a pointer to that record where Windows passes a `char *`;
//! - `__off_t` is glibc's name (mingw-w64 has `_off_t`): the C side does not compile there.

ffi_test::check_surface!(
    windows_bindings::zlib,
    file = "src/zlib_linux.rs",
    item(va_list, expect = busted(windows)),
    item(__builtin_va_list, expect = busted(windows)),
    item(__va_list_tag, expect = busted(windows)),
    item(gzvprintf, expect = busted(windows)),
    item(__off_t, expect = busted(windows)),
);
ffi_test::main! { headers: ["zlib.h"], libs: ["z"] }
