//! bindgen's output (`src/bindings.rs`, remade by `./regenerate.sh`) for `csrc/vocabulary.h`, a
//! header with one of each construct bindgen has its own vocabulary for, and the library that
//! implements it. `tests/vocabulary.rs` checks the whole of it in one line; `tests/broken.rs`
//! checks a copy with one bug per construct. `src/cpp_bindings.rs` is bindgen's C++ output for
//! `csrc/cpp_vocabulary.hpp` (module `cpp`), checked by `tests/cpp_vocabulary.rs`.

#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]
#![allow(clippy::all)]

include!("bindings.rs");

/// bindgen's C++ output for `csrc/cpp_vocabulary.hpp`: everything under `root`.
pub mod cpp {
    include!("cpp_bindings.rs");
}
