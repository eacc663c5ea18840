//! A C body calls a library function, but the library is not in `libs`: the object compiles
//! (a shared object may leave symbols undefined) and cannot be loaded. The report must carry
//! the loader's own words, naming the symbol.

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

ffi_test::main!();
