//! A C body calling into a static library linked into its object (tests/trust/ links one
//! through `CFLAGS`, rebuilds it with another value, and runs this again with the same cache):
//! the library is part of the cached object's key, so the rebuilt library is what runs.
//! Run only from there (`test = false`): without the library the weak reference is null and
//! the test fails.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    __attribute__((weak)) int static_lib_value(void);
    int static_lib_probe(void) { return static_lib_value ? static_lib_value() : -1; }
"#)]
fn static_lib__body_calls_the_linked_library__then_sees_its_current_value() {
    extern "C" {
        fn static_lib_probe() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { static_lib_probe() }, 1);
}

ffi_test::main! { headers: ["hostile.h"], include_dirs: ["csrc"] }
