//! The binary's configuration names a header that does not exist.

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    int one(void) { return 1; }
"#)]
fn one__configured_header_missing__then_configuration_error() {
    extern "C" {
        fn one() -> i32;
    }
    // SAFETY: never reached.
    unsafe { one() };
}

#[ffi_test]
fn plain__rust_only__then_passes() {}

ffi_test::main! { headers: ["no_such_header.h"], include_dirs: ["csrc"] }
