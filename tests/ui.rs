//! Every compile error of ffi-test's macros, each checked against its expected message and span.

#[test]
fn macro_errors_are_spanned_and_clear() {
    // The cases name bindings files from trybuild's package, four levels below the target
    // directory (`../../../../tests/ui/surface/..`): that holds only for the checkout's own
    // target directory, so trybuild builds there even when CARGO_TARGET_DIR points elsewhere.
    // (The only test of this binary: nothing else reads the environment meanwhile.)
    std::env::set_var(
        "CARGO_TARGET_DIR",
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
    );
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
