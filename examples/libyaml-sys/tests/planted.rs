//! A copy of `src/bindings.rs` with bugs planted (`tests/planted/bugs.json`, applied by
//! `scripts/plant_bugs.py`, which also takes out bindgen's own layout assertions): a parameter
//! of the function type `yaml_read_handler_t` (C declares the function type, not a pointer to
//! it) narrowed, and an enum's type narrowed, which its typedef (bound by `pub use`) and the
//! records holding it show too. Each is expected to fail, so the suite passes while proving
//! they are caught; run with `--ignore-expectations` to see the reports (tests/real_libraries.rs
//! asserts them).

mod planted {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("planted/bindings.rs");
}

ffi_test::check_surface!(
    planted,
    file = "tests/planted/bindings.rs",
    item(fn yaml_read_handler_t, expect = fail),
    item(yaml_error_type_e, expect = fail),
    item(yaml_error_type_t, expect = fail), // its typedef, bound by `pub use`
    item(yaml_parser_s, expect = fail),     // the records holding it
    item(yaml_emitter_s, expect = fail),
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["yaml"] }
