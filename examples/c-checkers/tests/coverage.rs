//! The C the tests reach (`--coverage DIR`): a C body whose negative branch no test takes,
//! reported as not reached, and each reached line attributed to the tests that reached it.
//!
//! ```sh
//! cargo test -p c-checkers --test coverage -- --coverage target/coverage
//! ```

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    int classify(int x) {
        if (x > 0)
            return 1;
        if (x == 0)
            return 0;
        return -1;   /* no test passes a negative number */
    }
"#)]
fn classify__positive_and_zero__then_one_and_zero() {
    extern "C" {
        fn classify(x: c_int) -> c_int;
    }
    // SAFETY: plain integers.
    assert_eq!(unsafe { (classify(5), classify(0)) }, (1, 0));
}

#[ffi_test(c = r#"
    int twice(int x) {
        return 2 * x;
    }
"#)]
fn twice__three__then_six() {
    extern "C" {
        fn twice(x: c_int) -> c_int;
    }
    // SAFETY: a plain integer.
    assert_eq!(unsafe { twice(3) }, 6);
}

ffi_test::main!();
