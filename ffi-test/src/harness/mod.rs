//! The harness: collects registered tests, selects what the command line asks for, prepares the
//! C side, and runs the tests with libtest-mimic, each in its own child process by default.

mod args;
mod checker;
mod child;
mod expect;
mod isolation;
mod junit;
mod record;
mod signals;
mod summary;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use libtest_mimic::{Completion, Failed, Trial};

use crate::registry::{self, Expect, TestEntry};
use crate::Config;
use args::Cli;
use expect::{judge, Observed, Verdict};
use isolation::Ending;
use record::{Record, Recorder};

/// How this process runs tests.
struct RunContext {
    /// Child processes per test (default).
    isolated: bool,
    /// nextest runs one process per test already: isolate only the tests that need our child to
    /// judge them (an expected crash or failure, a timeout of their own).
    nextest_isolates: bool,
    ignore_expectations: bool,
    /// A memory checker watching every child (which then isolates every test).
    checker: checker::Checker,
    /// The manifest of located C objects, for children.
    manifest: Option<std::path::PathBuf>,
    /// Capture child output (not with `--nocapture`).
    capture: bool,
    /// Print the output (and expected failures' reports) of passing tests.
    show_output: bool,
    timeout: std::time::Duration,
    runs_dir: std::path::PathBuf,
    recorder: Recorder,
}

/// Runs every registered test of this binary as the command line asks. See [`crate::run`].
pub fn run(config: Config) -> ExitCode {
    if let Some((test, result_file)) = child::invocation() {
        child::run(&config, &test, result_file);
    }
    let mut cli = match Cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(message) => {
            eprintln!("ffi-test: {message}");
            return ExitCode::from(2);
        }
    };
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
        .filter(|e| !args.is_filtered_out(&trial_shell(e)))
        .collect();
    let will_run = selected.iter().any(|e| !args.is_ignored(&trial_shell(e)));
    let checker = if !args.list && will_run {
        match memory_checker(&cli, &config) {
            Ok(checker) => checker,
            Err(message) => {
                eprintln!("ffi-test: {message}");
                return ExitCode::from(2);
            }
        }
    } else {
        checker::Checker::None
    };
    let mut manifest = None;
    if !args.list && will_run && selected.iter().any(|e| e.c.is_some()) {
        // Every fragment of the binary, not only the selected ones: one cache entry serves any
        // filter, and nextest's one-process-per-test runs share it instead of compiling each.
        let entries_with_c = entries_with_c();
        let located = crate::toolchain::locate(&config, &entries_with_c, &checker.compile_flags());
        if checker.parent_may_load() {
            crate::toolchain::install(crate::toolchain::load(&entries_with_c, &located));
        }
        manifest = Some(located);
    }
    let nextest_isolates =
        std::env::var("NEXTEST_EXECUTION_MODE").is_ok_and(|m| m == "process-per-test");
    // A checker watches children only, so under one every test gets its own child.
    let isolated = !cli.in_process && (!nextest_isolates || checker.is_active());
    let runs_dir = if !cli.in_process && !args.list && will_run {
        match crate::toolchain::Cache::open().and_then(|c| c.subdir("runs")) {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("ffi-test: {e}");
                return ExitCode::from(101);
            }
        }
    } else {
        std::path::PathBuf::new()
    };
    // Children load what this process located instead of locating it again.
    let manifest = match (manifest, runs_dir.as_os_str().is_empty()) {
        (Some(located), false) => {
            let path = runs_dir.join(format!("{}.manifest", std::process::id()));
            match crate::toolchain::write_manifest(&path, &located) {
                Ok(()) => Some(path),
                Err(e) => {
                    eprintln!("ffi-test: {e} (children will locate their C themselves)");
                    None
                }
            }
        }
        _ => None,
    };
    let ctx = Arc::new(RunContext {
        manifest,
        isolated,
        nextest_isolates,
        ignore_expectations: cli.ignore_expectations,
        checker,
        capture: !args.nocapture,
        show_output: args.show_output,
        timeout: cli.timeout,
        runs_dir,
        recorder: Recorder::default(),
    });
    let trials: Vec<Trial> = entries.iter().map(|e| trial(e, &ctx)).collect();
    let started = Instant::now();
    let conclusion = if cli.wants_subject_summary() {
        cli.pin_colour_to_real_stdout();
        summary::with_summary_before_result(
            || libtest_mimic::run(&cli.libtest, trials),
            || ctx.recorder.subject_lines(&selected),
        )
    } else {
        libtest_mimic::run(&cli.libtest, trials)
    };
    if let (Some(path), false) = (&cli.junit, cli.libtest.list) {
        let records = ctx.recorder.with_not_run(&selected);
        if let Err(e) = junit::write(path, &records, started.elapsed()) {
            eprintln!("ffi-test: cannot write the JUnit report: {e}");
            return ExitCode::from(101);
        }
    }
    conclusion.exit_code()
}

/// The checker the command line asks for, its tools found, or why it cannot run.
fn memory_checker(cli: &Cli, config: &Config) -> Result<checker::Checker, String> {
    let checker = match (&cli.sanitize, cli.valgrind) {
        (None, false) => return Ok(checker::Checker::None),
        (Some(_), true) => return Err("--sanitize and --valgrind cannot be combined (valgrind cannot run ASan-instrumented code)".into()),
        (Some(s), false) if s == "address" => {
            checker::Checker::Address(checker::asan_runtime(&crate::toolchain::compiler_program(config)?)?)
        }
        (Some(other), false) => return Err(format!("--sanitize {other}: only `address` is supported (it includes LeakSanitizer)")),
        (None, true) => {
            checker::valgrind_available()?;
            checker::Checker::Valgrind(cli.valgrind_suppressions.clone())
        }
    };
    if cli.in_process {
        return Err("--sanitize and --valgrind watch each test's own process: they cannot be combined with --in-process".into());
    }
    Ok(checker)
}

pub(crate) fn entries_with_c() -> Vec<&'static TestEntry> {
    registry::collect()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.c.is_some())
        .collect()
}

/// A trial with the entry's name and flags but no body, for asking libtest-mimic's own
/// selection rules which tests the command line selects.
fn trial_shell(entry: &TestEntry) -> Trial {
    Trial::test(entry.name, || Ok(())).with_ignored_flag(entry.ignore.is_some())
}

fn trial(entry: &'static TestEntry, ctx: &Arc<RunContext>) -> Trial {
    let ctx = Arc::clone(ctx);
    Trial::ignorable_test(entry.name, move || {
        let expect = if ctx.ignore_expectations {
            Expect::Pass
        } else {
            entry.expect
        };
        // Checks that only read facts from generated C cannot crash: they need no child, unless
        // a memory checker (which watches children only) is on.
        let needs_child = entry.kind.runs_user_code() || ctx.checker.is_active();
        let isolate = (ctx.isolated && needs_child)
            || (ctx.nextest_isolates
                && (entry.timeout.is_some() || !matches!(expect, Expect::Pass | Expect::Random)));
        if !isolate {
            if let Expect::Crash(signal) = expect {
                let reason =
                    format!("expects a crash ({signal}): runs only isolated, not --in-process");
                ctx.recorder.record(Record::not_run(entry.name, &reason));
                return Ok(Completion::ignored_with(reason));
            }
        }
        let started = Instant::now();
        let (observed, failure_kind, output) = if isolate {
            run_isolated(entry, &ctx)
        } else {
            let observed = match entry.c_side_failure() {
                Some(error) => Observed::Failed(error),
                None => match crate::outcome::run_in_process(entry) {
                    Ok(()) => Observed::Passed,
                    Err(message) => Observed::Failed(message),
                },
            };
            (observed, "failure", String::new())
        };
        let verdict = judge(expect, observed, ctx.checker.is_active());
        ctx.recorder.record(Record::ran(
            entry.name,
            &verdict,
            failure_kind,
            started.elapsed(),
            &output,
        ));
        if ctx.show_output {
            show_output(entry.name, &verdict, &output);
        }
        match verdict {
            Verdict::Passed | Verdict::FailedAsExpected(_) => Ok(Completion::Completed),
            Verdict::Failed(message) => Err(Failed::from(message)),
            Verdict::Busted(_) => Ok(Completion::ignored_with(
                "busted: failed as expected on this target",
            )),
            Verdict::RandomIgnored => {
                Ok(Completion::ignored_with("random: failed, result ignored"))
            }
        }
    })
    .with_ignored_flag(entry.ignore.is_some())
}

/// Runs `entry` in a child and turns its ending into an observation, a JUnit failure type, and
/// its output.
fn run_isolated(entry: &TestEntry, ctx: &RunContext) -> (Observed, &'static str, String) {
    let timeout = entry.timeout.unwrap_or(ctx.timeout);
    let launch = isolation::Launch {
        runs_dir: &ctx.runs_dir,
        capture: ctx.capture,
        checker: &ctx.checker,
        manifest: ctx.manifest.as_deref(),
    };
    let run = isolation::run_child(entry.name, timeout, &launch);
    if ctx.checker.is_active() {
        if let Some((kind, excerpt)) = checker::finding(&run.output) {
            let tool = if matches!(ctx.checker, checker::Checker::Valgrind(_)) {
                "valgrind"
            } else {
                "AddressSanitizer"
            };
            let excerpt = crate::toolchain::without_symbol_prefixes(&excerpt);
            let message = format!("{tool} found {kind} in this test:\n{excerpt}");
            return (Observed::MemoryError(kind, message), "memory", run.output);
        }
    }
    let message = run.failure_message().unwrap_or_default();
    let (observed, kind) = match &run.ending {
        Ending::Passed => (Observed::Passed, "failure"),
        Ending::Failed(_) => (Observed::Failed(message), "failure"),
        Ending::Signal(sig) => (Observed::Crashed(signals::name(*sig), message), "crash"),
        Ending::Exit(_) => (Observed::Failed(message), "exit"),
        Ending::TimedOut(..) => (Observed::Failed(message), "timeout"),
        Ending::HarnessError(_) => (Observed::Failed(message), "harness"),
    };
    (observed, kind, run.output)
}

fn show_output(name: &str, verdict: &Verdict, output: &str) {
    let mut block = String::new();
    if !output.is_empty() && !matches!(verdict, Verdict::Failed(_)) {
        block.push_str(&format!("---- {name} output ----\n{}\n", output.trim_end()));
    }
    if let Verdict::FailedAsExpected(report) | Verdict::Busted(report) = verdict {
        block.push_str(&format!(
            "---- {name} failed as expected ----\n{}\n",
            report.trim_end()
        ));
    }
    if !block.is_empty() {
        print!("{block}");
    }
}
