//! Expectations that no longer hold, and timeouts from the command line.

use ffi_test::ffi_test;

#[ffi_test(expect = busted)]
fn stale__busted_test_now_passes__then_run_fails() {}

#[ffi_test(expect = fail)]
fn stale__expected_failure_now_passes__then_run_fails() {}

#[ffi_test(expect = busted(target_os = "windows"))]
fn scoped__busted_elsewhere__then_must_pass_here() {}

#[ffi_test(expect = busted)]
fn known__busted_and_failing__then_counted_as_busted() {
    panic!("still broken");
}

#[ffi_test(expect = [random(target_os = "windows"), fail])]
fn listed__first_matching_arm_is_fail__then_failure_expected() {
    panic!("expected");
}

#[ffi_test(expect = random)]
fn flaky__random_and_failing__then_result_ignored() {
    panic!("flaky");
}

#[ffi_test]
fn slow__sleeps_three_seconds__then_passes_unless_the_timeout_is_shorter() {
    std::thread::sleep(std::time::Duration::from_secs(3));
}

ffi_test::main!();
