//! Classes 8 and 10: C bodies that leak macros, pragmas or comments into the next, or fail to
//! compile; endless output.

use super::*;

/// Class 8: a `#define` at the end of one C body does not reach the bodies after it in the
/// translation unit.
#[test]
fn c_bodies_do_not_leak_macros() {
    let out = run(
        &test_binary("hostile-c", "macros"),
        &["--ignore-expectations"],
    );
    assert_outcomes(
        &out,
        &[],
        &[
            "macros__body_redefines_double_at_its_end__then_its_own_code_is_unaffected",
            "macros__next_body_uses_double__then_sees_the_real_double",
        ],
    );
}

/// Class 8: the pragma state a body leaves set (packing, GCC's scalar storage order and
/// visibility) does not reach the bodies after it, and a body ending inside a comment is its own
/// compile error, named, instead of swallowing the restores after it (its `#define double
/// float` then reached the next body, and the body itself passed).
#[test]
fn c_bodies_do_not_leak_pragmas_or_open_comments() {
    let out = run(
        &test_binary("hostile-c", "pragmas"),
        &["--ignore-expectations"],
    );
    assert_outcomes(
        &out,
        &[(
            "pragmas__c_body_ends_inside_a_comment__then_it_is_its_own_compile_error",
            &["the C body of this test does not compile:\nexamples/hostile-c/tests/pragmas.rs:57:11: error: this C body ends inside a /* comment: everything after it was never compiled"],
        )],
        &[
            "pragmas__a_body_leaves_packing_and_byte_order_set__then_its_own_c_is_packed",
            "pragmas__b_next_body__then_packs_orders_and_exports_as_the_command_line_says",
            "pragmas__d_body_after_the_open_comment__then_sees_the_real_double",
        ],
    );
    let hidden = run(&test_binary("hostile-c", "pragmas_visibility"), &[]);
    assert_outcomes(
        &hidden,
        &[],
        &[
            "pragmas__e_body_leaves_visibility_hidden__then_its_own_c_still_links",
            "pragmas__f_body_after_hidden_visibility__then_its_function_is_exported",
        ],
    );
}

/// Class 8: a body that does not compile fails alone, and the signature checks of the binary
/// (prototypes read on the per-body fallback, in parallel) do not share temporary files.
#[test]
fn a_broken_body_fails_alone_and_fallback_compiles_share_no_files() {
    let out = run(
        &test_binary("hostile-c", "bodies"),
        &["--ignore-expectations"],
    );
    let signatures = [
        "abs", "atoi", "atol", "free", "labs", "malloc", "memcmp", "memcpy", "memset", "strchr",
        "strcmp", "strlen", "strncmp",
    ]
    .map(|f| format!("{f}__signature__then_matches_c"));
    let passed: Vec<&str> = signatures.iter().map(String::as_str).collect();
    assert_outcomes(
        &out,
        &[(
            "broken__body_misses_a_semicolon__then_fails_alone",
            &[
                "the C body of this test does not compile",
                "expected ';' before '}' token",
            ],
        )],
        &passed,
    );
}

/// Class 10: 200 MB of output: the harness keeps the head and the tail, says how much it
/// dropped, and neither its memory nor the JUnit report grows with the output.
#[test]
// The child is reaped by wait4(2), which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn endless_output_is_capped() {
    let binary = test_binary("hostile-c", "loud");
    let dir = TempDir::new("loud");
    let junit = dir.path().join("junit.xml");
    let mut child = command(&binary)
        .args(["--junit", junit.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid for wait4(2) to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4(2) on the child we started, with valid out-pointers.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as i32);
    let peak_mib = usage.ru_maxrss / 1024;
    assert!(peak_mib < 100, "the harness peaked at {peak_mib} MiB");
    let report = failure_of(
        &stdout,
        "loud__c_prints_200_mb_then_fails__then_head_and_tail_kept",
    )
    .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        report.contains("failing after the flood") && report.contains("the last line"),
        "{report}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.len() < 2 << 20, "JUnit report of {} bytes", xml.len());
    assert!(xml.contains("the first line") && xml.contains("the last line"));
    assert!(
        xml.contains("bytes of output dropped here"),
        "no drop notice"
    );
}
