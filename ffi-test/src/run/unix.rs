//! The harness on Unix: collects registered tests, selects what the command line asks for,
//! prepares the C side, and runs the tests with libtest-mimic, each in its own child process by
//! default (re-executed, or forked by the run's fork server).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use libtest_mimic::{Arguments, Completion, Trial};

use super::args::Cli;
use super::{
    child, conclude, debug, in_process, interrupt, isolation, prebuild, replay, runs, setup,
    signals, test_context,
};
use crate::cside::Toolchain;
use crate::registry::config::Config;
use crate::registry::{self, Expect, TestEntry};
use crate::report::expect::Observed;
use crate::report::record::{FailureKind, Record};
use isolation::{ChildRun, Ending};
use setup::{context, shared_endings, RunContext};
use test_context::CSide;

/// Runs every registered test of this binary as the command line asks. See [`crate::run()`].
pub fn run(config: Config) -> ExitCode {
    signals::make_sent_faults_fatal();
    if let Some((role, result_file)) = child::invocation() {
        child::run(&CSide::new(config), role, result_file);
    }
    #[cfg(feature = "python")]
    if let Some(status) = crate::tools::python::pytest::as_collector(&config) {
        std::process::exit(status);
    }
    if prebuild::asked() {
        return prebuild::run(&config);
    }
    let cli = match Cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(message) => {
            eprintln!("ffi-test: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(test) = cli.debug.clone() {
        return debug::run(&cli, &config, &test);
    }
    if let Some(second) = cli.compare_compiler.clone() {
        let Some(runs) = runs::RunsDir::create().ok() else {
            eprintln!("ffi-test: --compare-compiler: cannot make the run's directory");
            return ExitCode::from(101);
        };
        return crate::tools::pair::compare(&second, cli.forwarded.clone(), runs.path());
    }
    let entries = match registry::collect() {
        Ok(entries) => entries,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(101);
        }
    };
    let args = &cli.libtest;
    // The --exact fast path (what nextest sends for every test): build only the named trial.
    let entries: Vec<&'static TestEntry> = match (&args.filter, args.exact) {
        (Some(filter), true) if args.skip.is_empty() => {
            entries.into_iter().filter(|e| e.name == filter).collect()
        }
        _ => entries,
    };
    let selected: Vec<&'static TestEntry> = entries
        .iter()
        .copied()
        .filter(|e| !cli.filtered_out(e.name))
        .collect();
    let to_run: Vec<&'static TestEntry> = selected
        .iter()
        .copied()
        .filter(|e| !args.list && will_run(args, e))
        .collect();
    let ran_elsewhere = shared_endings(&cli, &config, &to_run);
    let ctx = match context(&cli, &config, &to_run, ran_elsewhere) {
        Ok(ctx) => Arc::new(ctx),
        Err(code) => return code,
    };
    ctx.batch.start(&ctx.launch);
    let trials: Vec<Trial> = entries.iter().map(|e| trial(e, &ctx)).collect();
    let started = Instant::now();
    let conclusion = if cli.wants_subject_summary() {
        crate::report::summary::with_summary_before_result(
            cli.colour_wanted(),
            |colour| {
                let mut args = cli.run_args(entries.iter().map(|e| e.name));
                args.color = Some(match colour {
                    true => libtest_mimic::ColorSetting::Always,
                    false => libtest_mimic::ColorSetting::Never,
                });
                libtest_mimic::run(&args, trials)
            },
            || {
                let mut lines = ctx.recorder.subject_lines(&selected);
                // A run of one test (`--exact`: how nextest runs each) has no surface to
                // report, and each would read the headers again.
                if !cli.libtest.exact {
                    lines.extend(surface_lines(&ctx.toolchain(&config), &ctx.recorder));
                }
                lines
            },
        )
    } else {
        libtest_mimic::run(&cli.run_args(entries.iter().map(|e| e.name)), trials)
    };
    // Nothing a test started outlives the run.
    crate::os::reaper::sweep();
    if let (Some(path), false) = (&cli.junit, cli.libtest.list) {
        let records = ctx.recorder.with_not_run(&selected);
        if let Err(e) = crate::report::junit::write(path, &records, started.elapsed()) {
            eprintln!("ffi-test: cannot write the JUnit report: {e}");
            return ExitCode::from(101);
        }
    }
    if let (Some(path), false) = (&cli.surface_report, cli.libtest.list) {
        let ran = ctx.recorder.outcomes();
        let surfaces = crate::checks::surface::surfaces();
        let json =
            crate::checks::surface::json(&ctx.toolchain(&config), &surfaces, &|t| ran.get(t));
        if let Err(e) = std::fs::write(path, json) {
            eprintln!(
                "ffi-test: cannot write the surface report to {}: {e}",
                path.display()
            );
            return ExitCode::from(101);
        }
    }
    if let Some(signal) = interrupt::interrupted() {
        eprintln!("ffi-test: {}", interrupt::interrupted_message(signal));
        return ExitCode::from(128 + signal as u8);
    }
    crate::tools::pair::write_outcomes(&ctx.recorder.with_not_run(&selected));
    if let (Some(out), false) = (&cli.coverage, cli.libtest.list) {
        let bodies = crate::tools::coverage::Bodies::of(&entries);
        match crate::tools::coverage::report(&ctx.launch.runs_dir, out, &bodies) {
            Ok(summary) => println!("\n{summary}"),
            Err(e) => {
                eprintln!("ffi-test: --coverage: {e}");
                return ExitCode::from(101);
            }
        }
    }
    conclusion.exit_code()
}

/// Whether libtest-mimic will run a selected `entry` (ignored or not, as the flags ask).
fn will_run(args: &Arguments, entry: &TestEntry) -> bool {
    let ignored = entry.ignore.is_some();
    args.include_ignored || ignored == args.ignored
}

pub(crate) fn entries_with_c() -> Vec<&'static TestEntry> {
    registry::collect()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.c.is_some())
        .collect()
}

/// The surface report's lines for the end-of-run block (none without `check_surface!`).
fn surface_lines(toolchain: &Toolchain, recorder: &crate::report::record::Recorder) -> Vec<String> {
    let surfaces = crate::checks::surface::surfaces();
    if surfaces.is_empty() {
        return Vec::new();
    }
    let ran = recorder.outcomes();
    let text = crate::checks::surface::text(toolchain, &surfaces, &|t| ran.get(t));
    std::iter::once(String::new())
        .chain(text.lines().map(|l| format!("    {l}")))
        .collect()
}

fn trial(entry: &'static TestEntry, ctx: &Arc<RunContext>) -> Trial {
    let ctx = Arc::clone(ctx);
    Trial::ignorable_test(entry.name, move || {
        let expect = if ctx.ignore_expectations {
            Expect::Pass
        } else {
            let (family, major) = &ctx.compiler;
            crate::report::expect::resolve(entry.expect, family, *major)
        };
        if let Some(reason) = crate::checks::roundtrip::outside_cross_run(entry) {
            ctx.recorder.record(Record::not_run(entry.name, reason));
            return Ok(Completion::ignored_with(reason));
        }
        if !ctx.isolated && !sweeps_of(entry, &ctx).is_empty() {
            let reason = "a fault-injection sweep runs only isolated, not --in-process";
            ctx.recorder.record(Record::not_run(entry.name, reason));
            return Ok(Completion::ignored_with(reason));
        }
        if !ctx.isolated {
            if let Expect::Crash(signal) = expect {
                let reason =
                    format!("expects a crash ({signal}): runs only isolated, not --in-process");
                ctx.recorder.record(Record::not_run(entry.name, &reason));
                return Ok(Completion::ignored_with(reason));
            }
        }
        let started = Instant::now();
        let (observed, failure_kind, output) = if let Some(signal) = interrupt::interrupted() {
            let message = format!(
                "{} before this test started",
                interrupt::interrupted_message(signal)
            );
            (
                Observed::Failed(message),
                FailureKind::Interrupted,
                String::new(),
            )
        } else if ctx.isolated {
            run_isolated(entry, &ctx)
        } else {
            let failure = entry.c.and_then(|_| ctx.c.get().c_side_failure(entry));
            let observed = match failure {
                Some(error) => Observed::failed(error),
                None => match in_process::run_guarded(
                    &ctx.c.context_for(entry),
                    entry.timeout.unwrap_or(ctx.timeout),
                ) {
                    Ok(()) => Observed::Passed,
                    Err(message) => Observed::failed(message),
                },
            };
            (observed, FailureKind::Failure, String::new())
        };
        let conclusion = conclude::Conclusion {
            recorder: &ctx.recorder,
            show_output: ctx.show_output,
            finds: &|kind| ctx.launch.checker.can_find(kind),
        };
        let expectation = ctx.launch.checker.expectation(expect);
        conclusion.of(
            entry.name,
            expectation,
            (observed, failure_kind, output),
            started,
        )
    })
    .with_ignored_flag(entry.ignore.is_some())
}

/// The sweeps `entry` runs as: its own, and the run's allocation sweep (`--fail-allocs`) when
/// it has none of its own.
fn sweeps_of(entry: &TestEntry, ctx: &RunContext) -> Vec<crate::tools::faults::Sweep> {
    let mut sweeps = entry.faults.to_vec();
    if ctx.fail_allocs && !sweeps.iter().any(|s| s.calls.is_none()) {
        sweeps.insert(0, Default::default());
    }
    sweeps
}

/// Runs `entry` in a child (its own, or the shared one of fact-gathering checks; its sweeps'
/// children when it has sweeps) and turns its ending into an observation, a JUnit failure
/// type, and its output.
fn run_isolated(entry: &TestEntry, ctx: &RunContext) -> (Observed, FailureKind, String) {
    let sweeps = sweeps_of(entry, ctx);
    if !sweeps.is_empty() {
        return run_sweeps(entry, &sweeps, ctx);
    }
    let run = if ctx.batch.contains(entry.name) {
        ctx.batch.outcome(entry.name, &ctx.launch)
    } else {
        let timeout = entry.timeout.unwrap_or(ctx.timeout);
        let run = isolation::run_child(entry.name, timeout, &ctx.launch);
        replay::shrink_crash(entry.name, timeout, &ctx.launch, run)
    };
    observe(run, ctx)
}

/// Runs `entry`'s sweeps in order: it passes when each does; the first whose counting run does
/// not pass is reported as that run.
fn run_sweeps(
    entry: &TestEntry,
    sweeps: &[crate::tools::faults::Sweep],
    ctx: &RunContext,
) -> (Observed, FailureKind, String) {
    use crate::run::sweep::{run, SweepFailure};
    let timeout = entry.timeout.unwrap_or(ctx.timeout);
    let (mut passed, mut failed) = (Vec::new(), Vec::new());
    for sweep in sweeps {
        match run(entry.name, *sweep, timeout, &ctx.launch) {
            Ok(summary) => passed.push(summary),
            Err(SweepFailure::Setup(why) | SweepFailure::Unhandled(why)) => failed.push(why),
            Err(SweepFailure::Base(run)) => return observe(run, ctx),
            Err(SweepFailure::NotChecked(why)) => {
                return (
                    Observed::NotChecked(why),
                    FailureKind::Failure,
                    passed.join("\n"),
                )
            }
        }
    }
    match failed.is_empty() {
        true => (Observed::Passed, FailureKind::Failure, passed.join("\n")),
        false => (
            Observed::Failed(failed.join("\n")),
            FailureKind::Failure,
            passed.join("\n"),
        ),
    }
}

fn observe(mut run: ChildRun, ctx: &RunContext) -> (Observed, FailureKind, String) {
    if !run.checker_log.is_empty() {
        // A report found in the output itself (UBSan beside ASan) is there already.
        if ctx.launch.capture && !run.output.contains(run.checker_log.trim()) {
            run.output.push_str(&run.checker_log);
        } else {
            eprint!("{}", run.checker_log);
        }
        if let Some(crate::tools::checkers::findings::Finding {
            tool,
            kind,
            excerpt,
        }) = crate::tools::checkers::findings::finding(&run.checker_log)
        {
            let excerpt = crate::cside::without_symbol_prefixes(&excerpt);
            let message = format!("{tool} found {kind} in this test:\n{excerpt}");
            let signal = match run.ending {
                Ending::Signal(sig) => signals::name(sig),
                _ => None,
            };
            return (
                Observed::MemoryError(kind, message, signal),
                FailureKind::Memory,
                run.output,
            );
        }
    }
    let message = run.failure_message().unwrap_or_default();
    let (observed, kind) = match &run.ending {
        Ending::Passed => (Observed::Passed, FailureKind::Failure),
        // Decoded from the child's own message: the output is added to failures only.
        Ending::Failed(own) => (Observed::ended(own, message), FailureKind::Failure),
        Ending::Signal(sig) => match run.cpp_exception_escaped() {
            true => {
                let thrown = run.crash.as_ref().and_then(|c| c.exception.as_ref());
                let type_name = thrown.map(|e| e.type_name.clone());
                (
                    Observed::CppException(type_name, message),
                    FailureKind::Crash,
                )
            }
            false => (
                Observed::Crashed(signals::name(*sig), message),
                FailureKind::Crash,
            ),
        },
        Ending::Exit(_) => (Observed::Failed(message), FailureKind::Exit),
        Ending::TimedOut(..) => (Observed::Failed(message), FailureKind::Timeout),
        Ending::Interrupted(_) => (Observed::Failed(message), FailureKind::Interrupted),
        Ending::HarnessError(_) => (Observed::Failed(message), FailureKind::Harness),
    };
    (observed, kind, run.output)
}
