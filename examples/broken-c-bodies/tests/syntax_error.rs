//! One C body has a syntax error; only its test may fail, with the compiler's message and line.

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    int seven(void) { return VALUE; }
"#)]
fn good__c_body_compiles__then_returns_seven() {
    extern "C" {
        fn seven() -> i32;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { seven() }, 7);
}

#[ffi_test(c = r#"
    int broken(void) {
        return 1 +;
    }
"#)]
fn broken__c_body_has_syntax_error__then_only_this_test_fails() {
    extern "C" {
        fn broken() -> i32;
    }
    // SAFETY: never reached: the C body does not compile.
    unsafe { broken() };
}

#[ffi_test(c = r#"
    static int helper(void) { return 20; }
    int twenty(void) { return helper(); }
"#)]
fn good__second_c_body_compiles__then_returns_twenty() {
    extern "C" {
        fn twenty() -> i32;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { twenty() }, 20);
}

#[ffi_test]
fn plain__rust_only__then_passes() {}

ffi_test::main! { headers: ["value.h"], include_dirs: ["csrc"] }
