//! The harness on Windows (run here under Wine): Rust-bodied tests, each in a process of its
//! own inside a Job Object (`process.rs`), a crash reported by its exception (`child.rs`
//! writes it), a timeout ending the test and everything it started. What needs what Windows
//! does not have here is refused, per test or per flag, with the reason: the C side (bodies,
//! layouts, round-trips; verified without running by `cargo ffi-test verify`), Python bodies,
//! fault sweeps, memory checkers, cores, debuggers (docs/PLATFORMS.md).

mod child;
mod process;

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use libtest_mimic::{Completion, Trial};

use super::args::Cli;
use super::conclude::Conclusion;
use super::exception;
use super::runs::RunsDir;
use crate::registry::config::Config;
use crate::registry::{self, Expect, TestEntry};
use crate::report::expect::Observed;
use crate::report::record::{FailureKind, Record, Recorder};
use process::{Ending, Finished};

/// What every test of the run shares.
struct RunContext {
    /// The run's private directory, where each test's verdict file is made.
    runs: RunsDir,
    /// Numbers the verdict files.
    next: AtomicUsize,
    timeout: Duration,
    capture: bool,
    show_output: bool,
    ignore_expectations: bool,
    recorder: Recorder,
}

/// Runs every registered test of this binary as the command line asks. See [`crate::run()`].
pub fn run(config: Config) -> ExitCode {
    if let Some(invocation) = child::invocation() {
        child::run(config, invocation);
    }
    let cli = match Cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(message) => {
            eprintln!("ffi-test: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(refusal) = refused_flag(&cli) {
        eprintln!("ffi-test: {refusal} (docs/PLATFORMS.md)");
        return ExitCode::from(2);
    }
    let entries = match registry::collect() {
        Ok(entries) => entries,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(101);
        }
    };
    let runs = match RunsDir::create() {
        Ok(runs) => runs,
        Err(e) => {
            eprintln!("ffi-test: cannot make the run's directory: {e}");
            return ExitCode::from(101);
        }
    };
    let ctx = Arc::new(RunContext {
        runs,
        next: AtomicUsize::new(0),
        timeout: cli.timeout,
        capture: !cli.libtest.nocapture,
        show_output: cli.libtest.show_output,
        ignore_expectations: cli.ignore_expectations,
        recorder: Recorder::default(),
    });
    say_refused(&cli, &entries, &ctx.recorder);
    let trials: Vec<Trial> = entries.iter().map(|e| trial(e, &ctx)).collect();
    let started = Instant::now();
    let conclusion = libtest_mimic::run(&cli.run_args(entries.iter().map(|e| e.name)), trials);
    if let (Some(path), false) = (&cli.junit, cli.libtest.list) {
        let selected: Vec<&'static TestEntry> = entries
            .iter()
            .copied()
            .filter(|e| !cli.filtered_out(e.name))
            .collect();
        let records = ctx.recorder.with_not_run(&selected);
        if let Err(e) = crate::report::junit::write(path, &records, started.elapsed()) {
            eprintln!("ffi-test: cannot write the JUnit report: {e}");
            return ExitCode::from(101);
        }
    }
    conclusion.exit_code()
}

/// Why a flag of the command line cannot be honoured on Windows, if one cannot.
fn refused_flag(cli: &Cli) -> Option<&'static str> {
    let refusals = [
        (
            cli.in_process,
            "--in-process (or FFI_TEST_IN_PROCESS): on Windows a test that calls exit() cannot \
             be told from the run's own end there, and would pass; tests run isolated",
        ),
        (
            cli.sanitize.is_some() || cli.valgrind || !cli.valgrind_suppressions.is_empty(),
            "memory checkers run on Unix only: gcc's sanitizers and valgrind do not exist for \
             windows-gnu targets",
        ),
        (
            cli.fail_allocs,
            "--fail-allocs: fault sweeps preload their injector, which only Unix loaders do",
        ),
        (
            cli.coverage.is_some() || cli.compare_compiler.is_some() || cli.surface_report.is_some(),
            "--coverage, --compare-compiler and --surface-report need the C side, which \
             ffi-test does not build on Windows yet",
        ),
        (
            cli.keep_core.is_some(),
            "--keep-core: Windows writes no core files (a minidump would be its form: not written yet)",
        ),
        (
            cli.debug.is_some(),
            "--debug starts the test under gdb, on Unix only",
        ),
    ];
    refusals
        .into_iter()
        .find(|(asked, _)| *asked)
        .map(|(_, why)| why)
}

/// Says, once per reason, how many of the selected tests are refused here. They are listed as
/// ignored (so nextest, which runs each test alone, skips them rather than passing them), and
/// libtest prints an ignored test's name only; `--include-ignored` shows each one's reason.
fn say_refused(cli: &Cli, entries: &[&'static TestEntry], recorder: &Recorder) {
    if cli.libtest.list {
        return;
    }
    let run_anyway = cli.libtest.ignored || cli.libtest.include_ignored;
    let mut refused: std::collections::BTreeMap<&str, usize> = Default::default();
    for entry in entries.iter().filter(|e| !cli.filtered_out(e.name)) {
        if let Some(reason) = refused_test(entry) {
            *refused.entry(reason).or_default() += 1;
            // Its reason in the reports too (a test that runs records its own).
            if !run_anyway {
                recorder.record(Record::not_run(entry.name, reason));
            }
        }
    }
    for (reason, count) in refused {
        let tests = if count == 1 { "test" } else { "tests" };
        eprintln!("ffi-test: {count} {tests} ignored on Windows: {reason}");
    }
}

/// Why `entry` cannot run on Windows, if it cannot.
fn refused_test(entry: &TestEntry) -> Option<&'static str> {
    use crate::registry::TestKind;
    if entry.c.is_some() {
        Some(match entry.kind {
            TestKind::Layout | TestKind::Binding => {
                "needs its C side, which ffi-test does not build on Windows yet: layouts, \
                 signatures, statics and constants are verified without running by `cargo \
                 ffi-test verify --target <triple>` on Linux (docs/PLATFORMS.md)"
            }
            TestKind::Test | TestKind::Roundtrip => {
                "needs its C side, which ffi-test does not build on Windows yet: C bodies and \
                 round-trips run on Linux and under other targets' runners (docs/PLATFORMS.md)"
            }
        })
    } else if entry.py.is_some() {
        Some("has a Python body: Python tests run on Unix only (docs/PLATFORMS.md)")
    } else if !entry.faults.is_empty() {
        Some("a fault-injection sweep preloads its injector, which only Unix loaders do")
    } else {
        None
    }
}

fn trial(entry: &'static TestEntry, ctx: &Arc<RunContext>) -> Trial {
    let ctx = Arc::clone(ctx);
    Trial::ignorable_test(entry.name, move || {
        let not_run = |reason: &str| {
            ctx.recorder.record(Record::not_run(entry.name, reason));
            Ok(Completion::ignored_with(reason))
        };
        if let Some(reason) = refused_test(entry) {
            return not_run(reason);
        }
        // No C compiler is asked about here: an expectation naming one takes its other branch.
        let expect = match ctx.ignore_expectations {
            true => Expect::Pass,
            false => crate::report::expect::resolve(entry.expect, "", 0),
        };
        let started = Instant::now();
        let timeout = entry.timeout.unwrap_or(ctx.timeout);
        let n = ctx.next.fetch_add(1, Ordering::Relaxed);
        let verdict = ctx.runs.path().join(format!("{n}.verdict"));
        let observed = observe(process::run_child(
            &verdict,
            entry.name,
            timeout,
            ctx.capture,
        ));
        let conclusion = Conclusion {
            recorder: &ctx.recorder,
            show_output: ctx.show_output,
            finds: &|_| false,
        };
        conclusion.of(entry.name, expect, observed, started)
    })
    .with_ignored_flag(entry.ignore.is_some() || refused_test(entry).is_some())
}

/// What a finished test process is observed to have done.
fn observe(run: Finished) -> (Observed, FailureKind, String) {
    let message = run.failure_message().unwrap_or_default();
    let (observed, kind) = match &run.ending {
        Ending::Passed => (Observed::Passed, FailureKind::Failure),
        Ending::Failed(own) => (Observed::ended(own, message), FailureKind::Failure),
        Ending::Crashed(code, _) => (
            Observed::Crashed(exception::signal_of(*code), message),
            FailureKind::Crash,
        ),
        Ending::Exit(_) => (Observed::Failed(message), FailureKind::Exit),
        Ending::TimedOut(_) => (Observed::Failed(message), FailureKind::Timeout),
        Ending::HarnessError(_) => (Observed::Failed(message), FailureKind::Harness),
    };
    (observed, kind, run.output)
}
