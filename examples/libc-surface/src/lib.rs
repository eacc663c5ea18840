//! The libc crate's surface for this target, checked against the system's C headers.
//!
//! `src/surface.rs` lists, as Rust declarations, the libc crate's items that
//! `csrc/libc_headers.h` declares: `regenerate.py` makes it from rustdoc's JSON of the libc
//! version in Cargo.lock (nightly rustdoc) and GCC's view of the headers. It is only read, by
//! `check_surface!` in `tests/surface.rs`, which checks the real `libc::` items it names.
//!
//! ```sh
//! cargo test -p libc-surface --test surface
//! ```
