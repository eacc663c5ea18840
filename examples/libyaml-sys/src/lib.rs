//! A -sys crate over Debian's libyaml 0.2. `src/bindings.rs` is bindgen's output as generated
//! (`./regenerate.sh` remakes it); the whole of it is checked against the C headers by one line
//! in `tests/surface.rs`, with no `skip` and no `expect`. libyaml's headers have what the other
//! real-library examples do not: typedefs of function types (`typedef int
//! yaml_read_handler_t(void *data, ...)`, used as `yaml_read_handler_t *`, which bindgen binds
//! as a nullable function pointer) and enum typedefs bound by re-export (`pub use
//! self::yaml_break_e as yaml_break_t;`).
//!
//! ```sh
//! cargo test -p libyaml-sys-example --test surface
//! ```

#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]
#![allow(clippy::all)]

include!("bindings.rs");
