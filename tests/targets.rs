//! End-to-end on other targets: example suites built for i686 (run natively on this x86_64
//! machine) and for aarch64 (run under qemu-user, which ffi-test's harness starts its children
//! through too), where a binding bug that exists on some targets only is caught where it exists
//! and the suite stays green through its target expectation; fault sweeps find the same bugs
//! there. .ci/run installs what they need (gcc-12-multilib, libc6-dev-i386,
//! gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user, the rustup targets).

use ffi_test_suite::{
    assert_caught, assert_layout_right_on_host, failure_of, run, run_for_target,
    target_test_binary, test_binary, tests_with_outcome,
};

const I686: &str = "i686-unknown-linux-gnu";

#[test]
fn a_c_long_bound_as_i64_is_caught_on_i686_and_passes_on_x86_64() {
    caught_on_target_and_right_on_host(
        "long_as_i64__layout__then_matches_c",
        I686,
        &[
            "layout of `LongAsI64` does not match C `struct long_holder`",
            "v       0 / 8 / signed int     0 / 4 / signed int",
        ],
    );
}

/// C aligns the `double` to 8 everywhere (`_Alignas(8)`); the binding's plain `f64` is 4-aligned
/// on i686 only, so its offset differs there and nowhere else.
#[test]
fn an_f64_whose_offset_differs_on_i686_is_caught_there_and_passes_on_x86_64() {
    caught_on_target_and_right_on_host(
        "stamp__layout__then_matches_c",
        I686,
        &[
            "layout of `Stamp` does not match C `struct stamp`",
            "(size)",
            "value    4 / 8 / float          8 / 8 / float",
        ],
    );
}

/// broken-bindings' layout check `test`, known broken on `target` through its expectation: run
/// there without expectations, it fails with every needle in its report; with them, the suite
/// passes there; and on this machine's own target the binding is right.
fn caught_on_target_and_right_on_host(test: &str, target: &str, needles: &[&str]) {
    let binary = target_test_binary("broken-bindings", "layouts", target);
    let raw = run_for_target(&binary, target, &["--ignore-expectations", "--exact", test]);
    assert_caught(&raw, test, needles);
    let expected = run_for_target(&binary, target, &[]);
    assert!(expected.status.success(), "{}", expected.both());
    assert_layout_right_on_host(test);
}

#[test]
fn the_round_trip_corpus_passes_every_shape_on_i686() {
    let i686 = target_test_binary("abi-corpus", "roundtrip", I686);
    let out = run_for_target(&i686, I686, &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(tests_with_outcome(&out.stdout, "FAILED").is_empty());
    // Every type but the two `__int128` ones, which i686 does not have.
    assert!(
        out.stdout.contains("test result: ok. 113 passed"),
        "{}",
        out.stdout
    );
}

const AARCH64: &str = "aarch64-unknown-linux-gnu";

/// On aarch64 a struct over 16 bytes is passed by reference by its caller, so broken-bindings'
/// `big_copy`, declared with a pointer where C takes the struct by value, is right there and
/// wrong on x86_64 (where the value travels in memory): caught on x86_64, passing on aarch64.
#[test]
fn a_by_value_struct_declared_as_a_pointer_is_caught_on_x86_64_and_right_on_aarch64() {
    let test = "rt_big__through_big_copy__then_fields_intact";
    let aarch64 = target_test_binary("broken-bindings", "calls", AARCH64);
    let out = run_for_target(&aarch64, AARCH64, &["--exact", test]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [test],
        "{}",
        out.both()
    );
    let host = run(
        &test_binary("broken-bindings", "calls"),
        &["--ignore-expectations", "--exact", test],
    );
    assert_eq!(
        tests_with_outcome(&host.stdout, "FAILED"),
        [test],
        "{}",
        host.both()
    );
}

/// `char` is unsigned on aarch64: a binding that assumed it signed (`i8`) is caught there, and
/// is right on x86_64.
#[test]
fn a_char_bound_as_i8_is_caught_on_aarch64_and_passes_on_x86_64() {
    caught_on_target_and_right_on_host(
        "char_as_i8__layout__then_matches_c",
        AARCH64,
        &["c      0 / 1 / signed int     0 / 1 / unsigned int"],
    );
}

#[test]
fn the_round_trip_corpus_passes_every_shape_on_aarch64_under_qemu() {
    let aarch64 = target_test_binary("abi-corpus", "roundtrip", AARCH64);
    let out = run_for_target(&aarch64, AARCH64, &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(
        out.stdout.contains("test result: ok. 135 passed"),
        "{}",
        out.stdout
    );
}

/// valgrind and ASan run the test binary natively: under qemu they cannot, and each test says
/// so, naming the runner and the target, instead of running unchecked.
#[test]
fn a_memory_checker_under_a_target_runner_is_refused_naming_both() {
    let aarch64 = target_test_binary("memory-bugs", "memory", AARCH64);
    let out = run_for_target(&aarch64, AARCH64, &["--valgrind"]);
    assert!(!out.status.success(), "{}", out.both());
    assert!(
        tests_with_outcome(&out.stdout, "ok").is_empty(),
        "{}",
        out.stdout
    );
    let report = failure_of(
        &out.stdout,
        "memory__widget_created_and_destroyed_once__then_no_finding",
    )
    .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(
        report.contains("the memory checker cannot run under the runner [\"qemu-aarch64\", \"-L\", \"/usr/aarch64-linux-gnu\"] of target aarch64-unknown-linux-gnu"),
        "{report}"
    );
}

/// Fault sweeps on i686 (natively) and on aarch64 (under qemu-user, the injector built for the
/// target and preloaded into the emulated program only): the planted store's bugs found at the
/// same k's with the same C lines (i686's sizes halved: 32-bit pointers), the EINTR read loop
/// too, and the fixed store passing.
#[test]
fn fault_sweeps_find_the_planted_bugs_on_i686_and_aarch64() {
    for (target, calloc, realloc) in [
        (
            I686,
            "k=3 calloc(32): killed by SIGSEGV",
            "k=8 realloc(64): killed by SIG",
        ),
        (
            AARCH64,
            "k=3 calloc(64): killed by SIGSEGV",
            "k=8 realloc(128): killed by SIG",
        ),
    ] {
        let planted = target_test_binary("fault-sweep", "planted", target);
        let out = run_for_target(&planted, target, &["--ignore-expectations"]);
        let swept = "store__open_add_close__then_every_failure_handled";
        let report = failure_of(&out.stdout, swept).unwrap_or_else(|| panic!("{}", out.both()));
        for needle in [calloc, "csrc/store.c:33)", realloc, "csrc/store.c:48)"] {
            assert!(report.contains(needle), "{target}: {needle}:\n{report}");
        }
        let load = "store__load_interrupted__then_every_entry_loaded";
        let report = failure_of(&out.stdout, load).unwrap_or_else(|| panic!("{}", out.both()));
        assert!(
            report.contains("1 not handled (1 handled):\n  k=1 read(fd ")
                && report.contains("csrc/store.c:88)"),
            "{target}:\n{report}"
        );
        assert!(
            !out.both().contains("cannot be preloaded"),
            "{}",
            out.both()
        );
        let fixed = target_test_binary("fault-sweep", "fixed", target);
        let out = run_for_target(&fixed, target, &[]);
        assert!(out.status.success(), "{target}:\n{}", out.both());
    }
}

/// Crash reports on i686 (natively) and aarch64 (under qemu-user, whose own threads the
/// timeout's report lists as giving no stack): each crash of the corpus says how and where,
/// to the C line and the Rust line that called it, and a timed-out test shows every thread.
/// (aarch64's integer division by zero does not trap: that corpus test is left out there.)
#[test]
fn crash_reports_say_where_on_i686_and_aarch64() {
    let reports: [(&str, &[&str]); 6] = [
        (
            "crash__c_dereferences_null__then_sigsegv_reported",
            &[
                "at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)",
                "where (innermost first):\n    read_through_null (",
                "crashes.rs:14)\n    crashes::crash__c_dereferences_null__then_sigsegv_reported (",
            ],
        ),
        (
            "crash__c_calls_abort__then_sigabrt_and_last_output_reported",
            &["raised by the process itself: abort()", "    print_then_abort (", "crashes.rs:28)"],
        ),
        (
            "crash__c_recurses_without_end__then_stack_overflow_reported",
            &["stack overflow (the address is in the guard", "    recurse_forever ("],
        ),
        (
            "crash__c_reads_a_truncated_mapping__then_sigbus_reported",
            &["(BUS_ADRERR", "    read_past_end_of_mapped_file (", "crashes.rs:63)"],
        ),
        (
            "crash__rust_panic_escapes_extern_c__then_abort_reported",
            &["    call_back (", "crashes.rs:110)"],
        ),
        (
            "crash__c_waits_for_a_spinning_thread__then_every_threads_place_reported",
            &[
                "where it was when stopped, thread ",
                "    wait_for_worker (",
                "crashes.rs:174)",
                " 'spinner' (innermost first):\n    spin_in_worker (",
                "crashes.rs:168)",
            ],
        ),
    ];
    for target in [I686, AARCH64] {
        let crashes = target_test_binary("crash-corpus", "crashes", target);
        let out = run_for_target(&crashes, target, &["--ignore-expectations"]);
        for (test, needles) in reports {
            let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
            for needle in needles {
                assert!(
                    report.contains(needle),
                    "{target}: {test}: {needle:?}:\n{report}"
                );
            }
        }
    }
}
