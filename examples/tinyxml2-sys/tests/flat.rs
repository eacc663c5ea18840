//! bindgen's default C++ output for the same header, without `--enable-cxx-namespaces`: every
//! C++ name flattened into one (`tinyxml2_XMLDocument`, `tinyxml2_XMLDocument_Parse`). Its
//! mangled `link_name`s say it is C++; each name is found in clang's AST by bindgen's naming.
//! Checked whole: no `skip`, no `expect`.

mod flat {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("flat/bindings.rs");
}

ffi_test::check_surface!(flat, file = "tests/flat/bindings.rs");
// Links the library crate, and with it tinyxml2.
extern crate tinyxml2_sys_example as _;
ffi_test::main! { headers: ["wrapper.hpp"], include_dirs: ["csrc"], libs: ["tinyxml2"] }
