//! The whole of bindgen's output for libpng's public headers, checked against the C compiler
//! from one line: no `skip`, no `expect`. Every item is checked or listed with the reason it
//! is not; the declarations of the headers that have no binding are listed too.

ffi_test::check_surface!(
    libpng_sys_example,
    file = "src/bindings.rs",
    headers = ["png.h", "pngconf.h", "pnglibconf.h"],
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["png16"] }
