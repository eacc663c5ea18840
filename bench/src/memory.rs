//! Section `memory`: the memory-bugs suite (7 tests, 5 of them planted bugs) under
//! `--sanitize address` and `--valgrind`, against the plain run, and against each checker run
//! by hand on the same tests: one process per test (the binary running that test alone,
//! `--in-process --exact`), as many at a time as the machine has cores, as the harness runs
//! them, with the options the harness gives the checker. A finding is the expected outcome, so
//! an exit status is not a failure here.

use std::path::Path;
use std::process::Command;

use crate::measure::{measure, Figure};
use crate::report::{Goal, Row};
use crate::{test_command, Bench};

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let exe = b.build_workspace_test("memory-bugs", "memory");
    let exe = &exe;
    let run = |args: &'static [&'static str]| {
        // Untimed first: the instrumented C compiled into the cache.
        let _ = test_command(exe, args).current_dir(&b.repo).output();
        measure(
            b.runs,
            || {},
            move || {
                let mut cmd = test_command(exe, args);
                cmd.current_dir(&b.repo);
                cmd
            },
        )
    };
    let plain = run(&[]);
    let asan = run(&["--sanitize", "address"]);
    let valgrind = run(&["--valgrind"]);
    let suite = "memory-bugs suite (7 tests)";
    let row = |what: &str, figure| Row::new("memory checkers", &format!("{suite}, {what}"), figure);
    rows.push(row("--sanitize address", asan).against("the plain run", Ok(plain), Goal::Report));
    rows.push(row("--valgrind", valgrind).against("the plain run", Ok(plain), Goal::Report));
    rows.push(row("--sanitize address", asan).against(
        "ASan by hand: the C built with -fsanitize=address (CFLAGS), libasan preloaded, one process per test, 2 at a time",
        Ok(by_hand(b, exe, &asan_wrapper(), &[("CFLAGS", ASAN_CFLAGS)])),
        Goal::AtMost(1.3),
    ));
    rows.push(row("--valgrind", valgrind).against(
        "valgrind by hand: one valgrind per test (--in-process --exact), 2 at a time",
        Ok(by_hand(b, exe, VALGRIND, &[])),
        Goal::AtMost(1.3),
    ));
}

/// valgrind as the harness starts it.
const VALGRIND: &str = "valgrind --tool=memcheck -q --leak-check=full --show-leak-kinds=definite \
                        --errors-for-leak-kinds=definite --error-exitcode=86";

/// What a user does to run the tests under ASan without the harness: the C the tests build
/// instrumented (the harness's C honours CFLAGS, as a build script's does)...
const ASAN_CFLAGS: &str = "-fsanitize=address -fno-omit-frame-pointer";

/// ... and each test's process started with GCC's runtime preloaded (that process only: the
/// shell and xargs around it are not watched) and the harness's sanitizer options.
fn asan_wrapper() -> String {
    let runtime = Command::new("gcc")
        .arg("-print-file-name=libasan.so")
        .output()
        .expect("ask gcc where libasan is");
    let runtime = String::from_utf8_lossy(&runtime.stdout).trim().to_string();
    format!(
        "env LD_PRELOAD={runtime} LSAN_OPTIONS=exitcode=86 ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:\
         abort_on_error=0:exitcode=86:verify_asan_link_order=0:print_summary=1:symbolize=1:\
         detect_odr_violation=0:allocator_may_return_null=1:disable_coredump=1"
    )
}

/// Each test of `exe` in a process of its own under `wrapper` (a command and its options, or
/// nothing), with `env`, as many at a time as the machine has cores.
fn by_hand(b: &Bench, exe: &Path, wrapper: &str, env: &[(&str, &str)]) -> Figure {
    let listed = test_command(exe, &["--list"])
        .current_dir(&b.repo)
        .output()
        .expect("list the memory tests");
    let tests: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let script = format!(
        "printf '%s\\n' \"$@\" | xargs -P {cores} -I TEST sh -c \
         '{wrapper} \"$0\" --in-process --exact \"$1\" >/dev/null 2>&1; true' {} TEST",
        exe.display()
    );
    let command = || {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(&script)
            .arg("sh")
            .args(&tests)
            .current_dir(&b.repo)
            .env_remove("RUST_BACKTRACE")
            .envs(env.iter().copied());
        cmd
    };
    // Untimed first: the C built with the user's flags lands in the cache.
    let _ = command().output();
    measure(b.runs, || {}, command)
}
