//! The Rust side declares a function its C body does not define (misspelled).

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    int compute_total(void) { return 3; }
"#)]
fn total__declared_name_misspelled__then_missing_symbol_named() {
    extern "C" {
        fn compute_totl() -> i32;
    }
    // SAFETY: never reached: the harness fails the test before it runs.
    unsafe { compute_totl() };
}

#[ffi_test(c = r#"
    static int hidden(void) { return 1; }
    int use_hidden(void) { return hidden(); }
"#)]
fn hidden__declared_fn_is_static__then_missing_symbol_named() {
    extern "C" {
        fn hidden() -> i32;
    }
    // SAFETY: never reached: the harness fails the test before it runs.
    unsafe { hidden() };
}

#[ffi_test]
fn plain__rust_only__then_passes() {}

ffi_test::main!();
