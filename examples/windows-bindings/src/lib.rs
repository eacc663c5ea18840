//! csrc/portable.c is built here (build.rs) for tests/conventions.rs.
//!
//! zlib's bindings as bindgen generates them on x86_64 Linux (`regenerate.sh`), shipped as
//! they are to every target, as a -sys crate with pregenerated bindings does. On Windows
//! (LLP64) some of it is wrong: `cargo ffi-test verify --target x86_64-pc-windows-gnu` says
//! which, without running anything built for Windows (tests/zlib.rs).

#[allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]
pub mod zlib {
    include!("zlib_linux.rs");
}
