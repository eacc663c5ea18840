//! A C body calls a library function, but the library is not in `libs`: the object compiles
//! (a shared object may leave symbols undefined) and cannot be loaded. The report must carry
//! the loader's own words, naming the symbol. And a C body calls a function the test binary
//! itself defines (a Rust `#[no_mangle]` function here) while the binary does not export its
//! symbols (this crate's build.rs does not add `-Wl,--export-dynamic`): the hint says that,
//! not to add a library.

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <zlib.h>
    const char *zlib_version_of_c(void) { return zlibVersion(); }
"#)]
fn zlib_version__library_not_in_libs__then_loader_names_symbol() {
    extern "C" {
        fn zlib_version_of_c() -> *const std::ffi::c_char;
    }
    // SAFETY: never reached: the object cannot be loaded, so the harness fails the test.
    unsafe { zlib_version_of_c() };
}

/// Defined in the test binary, which does not export it to the objects it loads.
#[no_mangle]
pub extern "C" fn broken_c_bodies_add_one(x: std::ffi::c_int) -> std::ffi::c_int {
    x + 1
}

#[ffi_test(c = r#"
    int broken_c_bodies_add_one(int);
    int add_one_through_rust(int x) { return broken_c_bodies_add_one(x); }
"#)]
fn add_one__rust_symbol_of_the_binary_not_exported__then_export_named() {
    extern "C" {
        fn add_one_through_rust(x: std::ffi::c_int) -> std::ffi::c_int;
    }
    // Never reached either; it keeps the function in the binary (the linker drops what nothing
    // uses), where the harness finds it.
    assert_eq!(broken_c_bodies_add_one(1), 2);
    // SAFETY: never reached: the object cannot be loaded, so the harness fails the test.
    unsafe { add_one_through_rust(1) };
}

ffi_test::main!();
