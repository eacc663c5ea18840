//! Every compile error of ffi-test's macros, each checked against its expected message and span.

#[test]
fn macro_errors_are_spanned_and_clear() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
