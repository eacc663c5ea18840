//! End-to-end on other targets: the example suites built for i686 (run natively on this x86_64
//! machine; .ci/run installs gcc-12-multilib, libc6-dev-i386 and the rustup target), where a
//! binding bug that exists on 32-bit targets only is caught, and the suite stays green through
//! its target expectation.

use ffi_test_suite::{failure_of, run, target_test_binary, test_binary, tests_with_outcome};

const I686: &str = "i686-unknown-linux-gnu";

#[test]
fn a_c_long_bound_as_i64_is_caught_on_i686_and_passes_on_x86_64() {
    let test = "long_as_i64__layout__then_matches_c";
    let i686 = target_test_binary("broken-bindings", "layouts", I686);
    let raw = run(&i686, &["--ignore-expectations", "--exact", test]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [test],
        "{}",
        raw.both()
    );
    let report = failure_of(&raw.stdout, test).unwrap();
    assert!(
        report.contains("layout of `LongAsI64` does not match C `struct long_holder`")
            && report.contains("v       0 / 8 / signed int     0 / 4 / signed int"),
        "{report}"
    );
    // With its expectation (busted on 32-bit targets) the i686 suite is green...
    let expected = run(&i686, &[]);
    assert!(expected.status.success(), "{}", expected.both());
    // ...and on this machine's own target the binding is right.
    let host = run(
        &test_binary("broken-bindings", "layouts"),
        &["--exact", test],
    );
    assert_eq!(
        tests_with_outcome(&host.stdout, "ok"),
        [test],
        "{}",
        host.both()
    );
}

#[test]
fn the_round_trip_corpus_passes_every_shape_on_i686() {
    let i686 = target_test_binary("abi-corpus", "roundtrip", I686);
    let out = run(&i686, &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(tests_with_outcome(&out.stdout, "FAILED").is_empty());
    // Every type but the two `__int128` ones, which i686 does not have.
    assert!(
        out.stdout.contains("test result: ok. 113 passed"),
        "{}",
        out.stdout
    );
}
