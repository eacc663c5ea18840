//! A -sys crate over Debian's tinyxml2 9, a C++ library. `src/bindings.rs` is bindgen's C++
//! output as generated (`./regenerate.sh` remakes it): namespaces as modules under `root`,
//! classes with their virtual tables and base classes, methods, constructors, destructors and
//! static members bound through mangled `link_name`s, member templates as opaque blobs. The
//! whole of it is checked against the C++ compiler by one line in `tests/surface.rs`:
//!
//! ```sh
//! cargo test -p tinyxml2-sys-example --test surface
//! ```

#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]
#![allow(clippy::all)]

include!("bindings.rs");
