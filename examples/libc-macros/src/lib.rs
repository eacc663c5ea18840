//! Nothing of its own: `tests/macros.rs` checks the libc crate's re-implementations of C
//! function-like macros against the C headers' macros, `tests/planted.rs` twins with planted
//! edge bugs.
