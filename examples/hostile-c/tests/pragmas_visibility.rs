//! A body that leaves GCC's visibility hidden does not hide what follows it in the unit: the
//! unit's own epilogue (which names `stdout`) failed to link, blamed on the body, and the
//! functions of the bodies after it could not be found. Apart from tests/pragmas.rs: a unit
//! that does not link is split into its bodies, which would hide the leaks that file shows.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #pragma GCC visibility push(hidden)
    static int pragmas_e_hidden(void) { return 1; }
    int pragmas_e_touch(void) { return pragmas_e_hidden(); }
"#)]
fn pragmas__e_body_leaves_visibility_hidden__then_its_own_c_still_links() {}

#[ffi_test(c = r#"
    int pragmas_f_exported(void) { return 6; }
"#)]
fn pragmas__f_body_after_hidden_visibility__then_its_function_is_exported() {
    extern "C" {
        fn pragmas_f_exported() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { pragmas_f_exported() }, 6);
}

ffi_test::main! { headers: ["hostile.h"], include_dirs: ["csrc"] }
