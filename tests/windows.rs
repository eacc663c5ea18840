//! Windows targets from Linux, verified without running (`cargo ffi-test verify`): test
//! binaries built for x86_64-pc-windows-gnu and i686-pc-windows-gnu are PE files, read through
//! the `object` crate; C's facts are compiled by mingw-w64's gcc into COFF objects and read
//! back. Nothing built for Windows is executed (a PE file does not run here). .ci/run installs
//! mingw-w64, its zlib and the rustup targets.

use std::path::Path;
use std::process::Command;

use ffi_test_suite::{
    assert_caught, failure_of, run, test_binary, tests_with_outcome, verify_run_free,
    verify_test_binary, workspace_root,
};

const X86_64: &str = "x86_64-pc-windows-gnu";
const I686: &str = "i686-pc-windows-gnu";

/// Bindings of csrc/portable.h written on LP64 Linux: `long` as `i64`, `wchar_t` as `u32`, an
/// enum as wide as `long`. Each is caught for both Windows targets, word for word, and their
/// portable twins pass; with the suite's expectations (busted on Windows) it passes.
#[test]
fn lp64_bindings_are_caught_for_windows_without_running() {
    for target in [X86_64, I686] {
        let binary = verify_test_binary("windows-bindings", "planted", target);
        let raw = verify_run_free(&binary, target, &["--ignore-expectations"]);
        assert_eq!(
            tests_with_outcome(&raw.stdout, "FAILED"),
            [
                "limit_as_i64__layout__then_matches_c",
                "long_as_i64__layout__then_matches_c",
                "wchar_as_u32__layout__then_matches_c",
            ],
            "{target}: {}",
            raw.both()
        );
        for (test, report) in [
            (
                "long_as_i64__layout__then_matches_c",
                "layout of `LongAsI64` does not match C `struct long_holder`: 3 disagreements\n  \
                 field    Rust offset/size/kind  C offset/size/kind\n  \
                 (size)   8                      4\n  \
                 (align)  8                      4\n  \
                 v        0 / 8 / signed int     0 / 4 / signed int\n",
            ),
            (
                "wchar_as_u32__layout__then_matches_c",
                "layout of `WcharAsU32` does not match C `struct wchar_holder`: 3 disagreements\n  \
                 field    Rust offset/size/kind  C offset/size/kind\n  \
                 (size)   4                      2\n  \
                 (align)  4                      2\n  \
                 c        0 / 4 / unsigned int   0 / 2 / unsigned int\n",
            ),
            (
                "limit_as_i64__layout__then_matches_c",
                "layout of `LimitAsI64` does not match C `enum limit`: 3 disagreements\n  \
                 field                        Rust offset/size/kind  C offset/size/kind\n  \
                 (size)                       8                      4\n  \
                 (align)                      8                      4\n  \
                 LimitAsI64::Max (LIMIT_MAX)  = 9223372036854775807  = 2147483647\n",
            ),
        ] {
            let got = failure_of(&raw.stdout, test).unwrap();
            assert!(got.starts_with(report), "{target} {test}:\n{got}");
        }
        assert_eq!(
            tests_with_outcome(&raw.stdout, "ok"),
            [
                "limit__layout__then_matches_c",
                "long_holder__layout__then_matches_c",
                "sized__layout__then_matches_c",
                "wchar_holder__layout__then_matches_c",
            ],
            "{target}: {}",
            raw.both()
        );
        let suite = verify_run_free(&binary, target, &[]);
        assert!(suite.status.success(), "{target}: {}", suite.both());
        assert!(
            suite.stdout.contains(&format!(
                "for {target}, without running it: 7 checks compared"
            )),
            "{}",
            suite.stdout
        );
    }
    // On this machine (LP64) `long` and the enum are right; `wchar_t` is a signed `int` on
    // x86_64 Linux, so `u32` is wrong here too (expected busted everywhere but Arm Linux).
    let host = run(
        &test_binary("windows-bindings", "planted"),
        &["--ignore-expectations"],
    );
    assert_eq!(
        tests_with_outcome(&host.stdout, "FAILED"),
        ["wchar_as_u32__layout__then_matches_c"],
        "{}",
        host.both()
    );
}

/// zlib's bindgen output generated on x86_64 Linux, checked whole for Windows: its four items
/// of the System V `va_list` and glibc's `__off_t` are reported, with why, and nothing else
/// (bindgen wrote `c_ulong` for `uLong`, right on both); on Linux all 154 checks pass.
#[test]
fn zlib_bindings_generated_on_linux_are_reported_where_windows_differs() {
    let binary = verify_test_binary("windows-bindings", "zlib", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "builtin_va_list__layout__then_matches_c",
            "off_t_2__layout__then_matches_c",
            "va_list__layout__then_matches_c",
            "va_list_tag__layout__then_matches_c",
        ],
        "{}",
        raw.both()
    );
    let va_list = failure_of(&raw.stdout, "va_list__layout__then_matches_c").unwrap();
    assert!(
        va_list.starts_with(
            "layout of `va_list` does not match C `va_list`: 2 disagreements\n  \
             field        Rust offset/size/kind  C offset/size/kind\n  \
             (size)       24                     8\n  \
             (type kind)  array                  pointer\n"
        ),
        "{va_list}"
    );
    let off_t = failure_of(&raw.stdout, "off_t_2__layout__then_matches_c").unwrap();
    assert!(
        off_t.starts_with(
            "layout of `__off_t` could not be compared with C `__off_t`: the C side does not compile."
        ) && off_t.contains("error: '__off_t' undeclared"),
        "{off_t}"
    );
    let tag = failure_of(&raw.stdout, "va_list_tag__layout__then_matches_c").unwrap();
    assert!(
        tag.contains("error: request for member 'gp_offset' in something not a structure or union"),
        "{tag}"
    );
    let suite = verify_run_free(&binary, X86_64, &[]);
    assert!(suite.status.success(), "{}", suite.both());
    assert!(
        suite
            .stdout
            .contains("test result: ok. 149 passed; 0 failed; 5 ignored"),
        "{}",
        suite.stdout
    );
    let host = run(&test_binary("windows-bindings", "zlib"), &[]);
    assert!(
        host.status.success()
            && host
                .stdout
                .contains("test result: ok. 154 passed; 0 failed"),
        "{}",
        host.both()
    );
}

/// broken-bindings' layouts, whose expectations name each target's facts: a C `long` bound as
/// `i64` is caught on both Windows targets; i686 Windows aligns a `double` member to 8 (i686
/// Linux to 4), so the binding busted on i686 Linux is right there; the whole suite passes.
#[test]
fn broken_bindings_layouts_hold_their_windows_expectations() {
    for target in [X86_64, I686] {
        let binary = verify_test_binary("broken-bindings", "layouts", target);
        let test = "long_as_i64__layout__then_matches_c";
        let raw = verify_run_free(&binary, target, &["--ignore-expectations", "--exact", test]);
        assert_caught(
            &raw,
            test,
            &["(size)   8                      4\n  (align)  8                      4"],
        );
        let suite = verify_run_free(&binary, target, &[]);
        assert!(
            suite.status.success()
                && suite
                    .stdout
                    .contains("test result: ok. 27 passed; 0 failed; 1 ignored"),
            "{target}: {}",
            suite.both()
        );
    }
    let binary = verify_test_binary("broken-bindings", "layouts", I686);
    let stamp = "stamp__layout__then_matches_c";
    let raw = verify_run_free(&binary, I686, &["--ignore-expectations", "--exact", stamp]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "ok"),
        [stamp],
        "{}",
        raw.both()
    );
}

/// A C++ member Rust lacks (it sits in Rust's padding) is found for Windows too: mingw-w64's
/// g++ writes a C++ member's offset as a location expression (`DW_OP_plus_uconst N`), which
/// was once read as offset 0 and the member passed unseen.
#[test]
fn a_cpp_member_rust_lacks_is_caught_for_windows_without_running() {
    let test = "gapped_missing_c__layout__then_matches_c";
    let binary = verify_test_binary("cpp-bodies", "cpp_types", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations", "--exact", test]);
    assert_caught(
        &raw,
        test,
        &["  c      (no such field)        5 / 1 / `uint8_t`"],
    );
}

/// Calling conventions on i686 Windows: a `__stdcall` function bound `extern "C"` and a C one
/// bound `extern "system"` are each named (the conventions as both sides see them), the right
/// bindings pass, and on x86_64 Windows (one convention) all four agree. A callback field
/// typed `extern "system" fn` is a function pointer to the layout check.
#[test]
fn a_stdcall_function_bound_extern_c_is_caught_on_i686_windows() {
    let binary = verify_test_binary("windows-bindings", "conventions", I686);
    let raw = verify_run_free(&binary, I686, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "plain_add_as_system__signature__then_matches_c",
            "portable_add_as_c__signature__then_matches_c",
            "thread_start_as_data__layout__then_matches_c",
        ],
        "{}",
        raw.both()
    );
    assert_eq!(
        failure_of(&raw.stdout, "portable_add_as_c__signature__then_matches_c")
            .unwrap()
            .trim_end(),
        "signature of `portable_add_as_c` does not match C `int portable_add(int, int)`:\n  \
         calling convention: Rust declares the C convention (cdecl), C stdcall"
    );
    assert_eq!(
        failure_of(
            &raw.stdout,
            "plain_add_as_system__signature__then_matches_c"
        )
        .unwrap()
        .trim_end(),
        "signature of `plain_add_as_system` does not match C `int plain_add(int, int)`:\n  \
         calling convention: Rust declares stdcall, C the C convention (cdecl)"
    );
    let suite = verify_run_free(&binary, I686, &[]);
    assert!(
        suite.status.success()
            && suite
                .stdout
                .contains("test result: ok. 4 passed; 0 failed; 2 ignored"),
        "{}",
        suite.both()
    );
    // An `extern "system"` callback field has a C kind (a function pointer), and a data
    // pointer in its place is caught where the sizes agree.
    assert_eq!(
        failure_of(&raw.stdout, "thread_start_as_data__layout__then_matches_c")
            .unwrap()
            .trim_end(),
        "layout of `ThreadStartAsData` does not match C `struct thread_start`: 1 disagreement\n  \
         field    Rust offset/size/kind  C offset/size/kind\n  \
         routine  0 / 4 / pointer        0 / 4 / fn pointer"
    );
    let binary = verify_test_binary("windows-bindings", "conventions", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        ["thread_start_as_data__layout__then_matches_c"],
        "{}",
        raw.both()
    );
}

/// The libc crate's Windows items that mingw-w64's C runtime headers declare (303: structs,
/// signatures, constants, aliases), verified for x86_64-pc-windows-gnu: exactly the seven
/// real differences the suite names fail (libc's `execvp` returns `c_int` where C has
/// `intptr_t`; its `stat` is C's `struct _stat64`; the Universal CRT's `L_tmpnam` and
/// `TMP_MAX`; `signal`'s integer handler), and mingw's inline `printf` family (variadic
/// definitions, once misread with their parameter names) and the pointer constant `SIG_ERR`
/// are compared like the rest.
#[test]
fn the_libc_crates_windows_items_hold_against_mingw_headers() {
    let binary = verify_test_binary("libc-surface", "windows_surface", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "execve__signature__then_matches_c",
            "execvp__signature__then_matches_c",
            "execvpe__signature__then_matches_c",
            "l_tmpnam__value__then_matches_c",
            "signal__signature__then_matches_c",
            "stat__layout__then_matches_c",
            "tmp_max__value__then_matches_c",
        ],
        "{}",
        raw.both()
    );
    assert_eq!(
        failure_of(&raw.stdout, "execvp__signature__then_matches_c")
            .unwrap()
            .trim_end(),
        "signature of `execvp` does not match C `intptr_t _execvp(const char *, const char *const *)`:\n  \
         return: Rust `c_int` (4 bytes, signed int), C `intptr_t` (8 bytes, signed int)"
    );
    let stat = failure_of(&raw.stdout, "stat__layout__then_matches_c").unwrap();
    assert!(
        stat.contains("  st_size   24 / 8 / signed int    20 / 4 / signed int\n"),
        "{stat}"
    );
    let ok = tests_with_outcome(&raw.stdout, "ok");
    for compared in [
        "printf__signature__then_matches_c",
        "snprintf__signature__then_matches_c",
        "sig_err__value__then_matches_c",
    ] {
        assert!(
            ok.contains(&compared.to_string()),
            "{compared}: {}",
            raw.stdout
        );
    }
    let suite = verify_run_free(&binary, X86_64, &[]);
    assert!(
        suite.status.success()
            && suite
                .stdout
                .contains("without running it: 303 checks compared")
            && suite
                .stdout
                .contains("test result: ok. 303 passed; 0 failed"),
        "{}",
        suite.both()
    );
}

/// The harness does not run on Windows yet, and says so rather than pretending: a test binary
/// built for x86_64-pc-windows-gnu, started under Wine, fails with the reason and the command
/// that verifies it instead. (Wine 8 lacks the `bcryptprimitives.dll` Rust's std imports: a
/// stand-in built by mingw-w64 goes beside the binary; see docs/PLATFORMS.md.)
#[test]
fn under_wine_a_windows_test_binary_refuses_to_run_and_says_why() {
    let binary = verify_test_binary("windows-bindings", "planted", X86_64);
    let dir = binary.parent().unwrap();
    let source = workspace_root().join("examples/windows-bindings/wine");
    let built = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-o"])
        .arg(dir.join("bcryptprimitives.dll"))
        .arg(source.join("bcryptprimitives.c"))
        .arg(source.join("bcryptprimitives.def"))
        .arg("-ladvapi32")
        .status()
        .expect("run x86_64-w64-mingw32-gcc");
    assert!(built.success());
    let out = Command::new("wine")
        .arg(&binary)
        .env("WINEDEBUG", "-all")
        .env("WINEPREFIX", wine_prefix())
        .output()
        .expect("run wine");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "ffi-test: this harness runs its tests on Unix only (Linux today): on this target its \
             layouts, signatures, statics and constants are verified without running by `cargo \
             ffi-test verify --target <triple>` on Linux (docs/PLATFORMS.md)"
        ),
        "{stderr}"
    );
}

/// A Wine prefix of the suite's own in the target directory (made on first use), not the
/// user's `~/.wine`.
fn wine_prefix() -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let prefix = target.join("wine-prefix");
    std::fs::create_dir_all(Path::new(&prefix)).unwrap();
    prefix
}
