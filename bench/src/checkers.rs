//! Section i: the checkers added beside ASan and valgrind, each against the same suite run
//! plainly: UBSan and TSan on the memory-bugs and registry suites, coverage and clang on the
//! registry suite, and a compiler pair on the round-trip corpus. Median of the runs, C caches
//! warm (each configuration run once untimed first: its instrumented C compiled).

use std::path::Path;
use std::process::Command;

use crate::measure::{measure, Figure};
use crate::report::{Goal, Row};
use crate::{test_command, Bench};

/// The binary's run with `args` (and `env`), timed.
fn timed(b: &Bench, exe: &Path, args: &[&str], env: &[(&str, &str)]) -> Figure {
    let command = || -> Command {
        let mut cmd = test_command(exe, args);
        cmd.current_dir(&b.repo).envs(env.iter().copied());
        cmd
    };
    let _ = command().output();
    measure(b.runs, || {}, command)
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let memory = b.build_workspace_test("memory-bugs", "memory");
    let plain = timed(b, &memory, &[], &[]);
    for (label, args) in [
        (
            "memory-bugs suite (7 tests), --sanitize undefined",
            &["--sanitize", "undefined"][..],
        ),
        (
            "memory-bugs suite (7 tests), --sanitize thread",
            &["--sanitize", "thread"][..],
        ),
    ] {
        rows.push(
            Row::new("i. more checkers", label, timed(b, &memory, args, &[])).against(
                "the plain run",
                Ok(plain),
                Goal::Report,
            ),
        );
    }
    let registry = b.build_workspace_test("registry", "ffi");
    let plain = timed(b, &registry, &[], &[]);
    let coverage_dir = b.root.join("scratch/coverage").display().to_string();
    let coverage = ["--coverage", coverage_dir.as_str()];
    for (label, args, env) in [
        (
            "registry suite (42 tests), --sanitize address",
            &["--sanitize", "address"][..],
            &[][..],
        ),
        (
            "registry suite (42 tests), --sanitize undefined",
            &["--sanitize", "undefined"][..],
            &[][..],
        ),
        (
            "registry suite (42 tests), --sanitize thread",
            &["--sanitize", "thread"][..],
            &[][..],
        ),
        (
            "registry suite (42 tests), --coverage (C bodies)",
            &coverage[..],
            &[][..],
        ),
        (
            "registry suite (42 tests), CC=clang",
            &[][..],
            &[("CC", "clang")][..],
        ),
    ] {
        rows.push(
            Row::new("i. more checkers", label, timed(b, &registry, args, env)).against(
                "the plain run (gcc)",
                Ok(plain),
                Goal::Report,
            ),
        );
    }
    let roundtrip = b.build_workspace_test("abi-corpus", "roundtrip");
    // The shape clang 14 gets wrong is skipped: a pair that disagrees fails, and a failed run
    // is not a figure.
    let skip = ["--skip", "int128__passed_after"];
    let plain = timed(b, &roundtrip, &skip, &[]);
    rows.push(
        Row::new(
            "i. more checkers",
            "round-trip corpus (134 tests), --compare-compiler clang",
            timed(
                b,
                &roundtrip,
                &[
                    "--compare-compiler",
                    "clang",
                    "--skip",
                    "int128__passed_after",
                ],
                &[],
            ),
        )
        .against("the plain run (gcc)", Ok(plain), Goal::Report),
    );
}
