//! The whole of bindgen's C++ output for tinyxml2's header, checked against the C++ compiler
//! from one line: no `skip`, no `expect`. Every item is checked or listed with the reason it
//! is not.

ffi_test::check_surface!(tinyxml2_sys_example, file = "src/bindings.rs");
ffi_test::main! { headers: ["wrapper.hpp"], include_dirs: ["csrc"], libs: ["tinyxml2"] }
