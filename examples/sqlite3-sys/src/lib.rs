//! A -sys crate over Debian's SQLite 3.40. `src/bindings.rs` is bindgen's output as generated
//! (`./regenerate.sh` remakes it); the whole of it is checked against the C headers by one line
//! in `tests/surface.rs`, with no `skip` and no `expect`:
//!
//! ```sh
//! cargo test -p sqlite3-sys-example --test surface
//! ```

#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]
#![allow(clippy::all)]

include!("bindings.rs");
