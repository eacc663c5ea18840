//! ctypes mirrors checked against C: the C types are in `csrc/shapes.h` (and the registry
//! example's, zlib's and libc's headers), their Python mirrors in `tests/mirrors.py`, the checks
//! in `tests/mirrors.rs`. This crate has no Rust code of its own.
