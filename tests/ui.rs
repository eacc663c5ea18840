//! Every compile error of ffi-test's macros, each checked against its expected message and span.

#[test]
fn macro_errors_are_spanned_and_clear() {
    // One case names a bindings file outside trybuild's package, four levels below the target
    // directory (`../../../../tests/ui/surface/..`): that holds only for the checkout's own
    // target directory, so trybuild builds there even when CARGO_TARGET_DIR points elsewhere.
    // (The only test of this binary: nothing else reads the environment meanwhile.)
    std::env::set_var(
        "CARGO_TARGET_DIR",
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
    );
    // check_surface! reads only files of the package it is in: its fixtures are copied into
    // trybuild's package.
    let project = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/tests/trybuild/ffi-test-suite/surface");
    std::fs::create_dir_all(&project).unwrap();
    for fixture in std::fs::read_dir("tests/ui/surface").unwrap() {
        let fixture = fixture.unwrap().path();
        std::fs::copy(&fixture, project.join(fixture.file_name().unwrap())).unwrap();
    }
    // A FIFO in the package: reading it would stall the build (git cannot hold one).
    let fifo = project.join("fifo.rs");
    if std::fs::symlink_metadata(&fifo).is_err() {
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
