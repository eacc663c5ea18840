//! The whole of bindgen's output for zlib and glibc's TCP/IP headers, checked against the C
//! compiler: every struct (anonymous members, bit-fields), enum, alias, function, static and
//! constant, and the report of what could not be checked and why.

ffi_test::check_surface!(zlib_sys_example, file = "src/bindings.rs");
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["z"] }
