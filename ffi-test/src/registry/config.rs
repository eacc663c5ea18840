//! Per-binary C configuration, given once in `ffi_test::main! { ... }`.

/// How the C side of a test binary is compiled: every C fragment of the binary is compiled with
/// these headers, directories, defines, flags and libraries.
///
/// Usually built by [`main!`](crate::main), which fills `manifest_dir` with the package root:
///
/// ```
/// let config = ffi_test::Config {
///     manifest_dir: env!("CARGO_MANIFEST_DIR"),
///     headers: &["stdint.h"],
///     ..ffi_test::Config::EMPTY
/// };
/// assert_eq!(config.headers, &["stdint.h"]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The package root; relative `include_dirs` and `lib_dirs` are resolved against it.
    pub manifest_dir: &'static str,
    /// Headers every fragment sees, included in this order (`"registry.h"` or `"<stdio.h>"`).
    pub headers: &'static [&'static str],
    /// `-I` directories.
    pub include_dirs: &'static [&'static str],
    /// `-D` definitions: `"NAME"` or `"NAME=VALUE"`.
    pub defines: &'static [&'static str],
    /// Extra compiler flags, after cc's own and `CFLAGS`.
    pub flags: &'static [&'static str],
    /// Libraries the compiled fragments link against (`-l`).
    pub libs: &'static [&'static str],
    /// `-L` directories, also recorded as the shared object's run path.
    pub lib_dirs: &'static [&'static str],
}

impl Config {
    /// No headers, directories, defines, flags or libraries.
    pub const EMPTY: Config = Config {
        manifest_dir: "",
        headers: &[],
        include_dirs: &[],
        defines: &[],
        flags: &[],
        libs: &[],
        lib_dirs: &[],
    };
}
