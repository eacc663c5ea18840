//! The Python boundary end to end (ffi-test's `python` feature). ctypes mirrors
//! (examples/ctypes-mirrors): each deliberately wrong mirror caught with its field named and
//! both sides' facts, the correct ones (the example's own types, the registry's, zlib's
//! z_stream, libc's struct tm and timespec) passing, and every way a mirror cannot be compared
//! said as such.

use ffi_test_suite::{failure_of, run, test_binary, tests_with_outcome};

#[test]
fn wrong_ctypes_mirrors_are_caught_with_the_field_and_both_sides() {
    let out = run(
        &test_binary("ctypes-mirrors", "mirrors"),
        &["--ignore-expectations"],
    );
    let mut failed = tests_with_outcome(&out.stdout, "FAILED");
    failed.sort();
    assert_eq!(
        failed,
        [
            "flags_wide_mode__ctypes_layout__then_matches_c",
            "sample_signed_tag__ctypes_layout__then_matches_c",
            "wire_unpacked__ctypes_layout__then_matches_c",
        ],
        "{}",
        out.both()
    );
    for (test, report) in [
        (
            "wire_unpacked__ctypes_layout__then_matches_c",
            "ctypes mirror `WireUnpacked` (tests/mirrors.py) does not match C `struct wire`: 4 disagreements\n\
             \x20 field    Python offset/size/kind  C offset/size/kind\n\
             \x20 (size)   12                       7\n\
             \x20 (align)  4                        1\n\
             \x20 length   4 / 4 / unsigned int     1 / 4 / unsigned int\n\
             \x20 crc      8 / 2 / unsigned int     5 / 2 / unsigned int\n",
        ),
        (
            "flags_wide_mode__ctypes_layout__then_matches_c",
            "ctypes mirror `FlagsWideMode` (tests/mirrors.py) does not match C `struct flags`: 2 disagreements\n\
             \x20 field              Python offset/size/kind  C offset/size/kind\n\
             \x20 mode (bit-field)   bits 1..=4 (4 wide)      bits 1..=3 (3 wide)\n\
             \x20 level (bit-field)  bits 5..=8 (4 wide)      bits 4..=7 (4 wide)\n",
        ),
        (
            "sample_signed_tag__ctypes_layout__then_matches_c",
            "ctypes mirror `SampleSignedTag` (tests/mirrors.py) does not match C `struct sample`: 1 disagreement\n\
             \x20 field  Python offset/size/kind  C offset/size/kind\n\
             \x20 tag    4 / 1 / signed int       4 / 1 / unsigned int\n",
        ),
    ] {
        let failure = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
        assert_eq!(failure.trim_end(), report.trim_end(), "{test}");
    }
    // With the expectations, the suite is green: the wrong mirrors are expected to fail.
    let expected = run(&test_binary("ctypes-mirrors", "mirrors"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
    assert!(
        expected.stdout.contains("test result: ok. 15 passed"),
        "{}",
        expected.stdout
    );
}

#[test]
fn a_mirror_that_cannot_be_compared_says_why() {
    let out = run(
        &test_binary("ctypes-mirrors", "errors"),
        &["--ignore-expectations"],
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED").len(),
        4,
        "{}",
        out.both()
    );
    let failure = |test: &str| {
        failure_of(&out.stdout, test)
            .unwrap_or_else(|| panic!("{test}: {}", out.both()))
            .to_string()
    };
    let import = failure("anything__ctypes_layout__then_matches_c");
    assert!(
        import.starts_with(
            "ctypes mirror `Anything`: importing `tests/broken_module.py` failed (exit status: 1):\n\
             Traceback (most recent call last):\n  File \""
        ),
        "{import}"
    );
    // Python's traceback starts at the module's own frame.
    assert!(
        import.ends_with(
            "tests/broken_module.py\", line 5, in <module>\n    raise RuntimeError(\"this module cannot be imported\")\nRuntimeError: this module cannot be imported\n"
        ),
        "{import}"
    );
    assert_eq!(
        failure("missing__ctypes_layout__then_matches_c").trim_end(),
        "ctypes mirror `Missing` (tests/mirrors.py) cannot be checked: the module defines no `Missing`"
    );
    assert_eq!(
        failure("not_a_class__ctypes_layout__then_matches_c").trim_end(),
        "ctypes mirror `NOT_A_CLASS` (tests/mirrors.py) cannot be checked: `NOT_A_CLASS` is not a ctypes Structure or Union class"
    );
    assert_eq!(
        failure("renamed__ctypes_layout__then_matches_c").trim_end(),
        "ctypes mirror `Renamed` (tests/mirrors.py) could not be compared with C `registry_stats`: the C side does not compile.\n\
         hint: A Python field has no C member of that name: the C type lacks it, or names it differently. The members of an anonymous C struct or union are reached through `_anonymous_`.\n\
         examples/ctypes-mirrors/tests/errors.rs:8:41: error: 'registry_stats' has no member named 'total'"
    );
}
