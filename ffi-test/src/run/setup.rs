//! A run's start: what the trials share (the checker, the run's directory, the compiled C, the
//! plan of the fact-gathering batch), or the endings another process of a nextest run already
//! has.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use super::args::Cli;
use super::batch::Batch;
use super::isolation::{self, ChildRun, Launch};
use super::test_context::CSide;
use super::{entries_with_c, forks, in_process, interrupt, runs, shared};
use crate::cside::Toolchain;
use crate::registry::config::Config;
use crate::registry::{self, Expect, TestEntry};
use crate::report::record::Recorder;
use crate::tools::checkers::{Checker, CheckerError, Sanitizers};

/// How this process runs tests.
pub(super) struct RunContext {
    /// Child processes per test (everything but `--in-process`, under any runner: a test whose
    /// process ends early must never pass, and only a parent can see that it did).
    pub(super) isolated: bool,
    pub(super) ignore_expectations: bool,
    /// How children are started: the run's directory, the checker watching every child, the
    /// manifest of located C objects, whether their output is captured.
    pub(super) launch: Launch,
    /// Print the output (and expected failures' reports) of passing tests.
    pub(super) show_output: bool,
    pub(super) timeout: Duration,
    /// The run's private directory, removed when the context is dropped.
    pub(super) runs: Option<runs::RunsDir>,
    /// The fact-gathering checks that share children.
    pub(super) batch: Arc<Batch>,
    pub(super) recorder: Recorder,
    /// `--fail-allocs`: every test is swept.
    pub(super) fail_allocs: bool,
    /// The run's C compiler, family and major version, when an expectation names one
    /// (`c_compiler = "clang < 18"`); empty otherwise.
    pub(super) compiler: (String, u32),
    /// The binary's configuration, and its C side as this process loaded it (`--in-process`).
    pub(super) c: CSide,
}

impl RunContext {
    /// How this run compiles C: for `config`, falling back to the run's directory.
    pub(super) fn toolchain<'a>(&'a self, config: &'a Config) -> Toolchain<'a> {
        Toolchain::native_in(config, self.runs.as_ref().map(|r| r.path()))
    }
}

/// Everything the trials share: the checker, the run's directory, the compiled C, the plan of
/// the fact-gathering batch; signal handling installed. `Err` is the exit code of a run that
/// cannot start.
pub(super) fn context(
    cli: &Cli,
    config: &Config,
    to_run: &[&'static TestEntry],
    ran_elsewhere: Option<HashMap<&'static str, ChildRun>>,
) -> Result<RunContext, ExitCode> {
    let checker = if to_run.is_empty() {
        Checker::None
    } else {
        match memory_checker(cli, config) {
            Ok(checker) => checker,
            Err(message) => {
                eprintln!("ffi-test: {message}");
                return Err(ExitCode::from(2));
            }
        }
    };
    if let (Some(_), false) = (&cli.coverage, to_run.is_empty()) {
        // The notes of a unit are kept with -fprofile-note, GCC's.
        if let Ok((family, _)) = crate::cside::compiler_family(&Toolchain::native(config)) {
            if family == "clang" {
                eprintln!("ffi-test: --coverage reads GCC's coverage notes and the C compiler is clang: run it with CC=gcc");
                return Err(ExitCode::from(2));
            }
        }
    }
    let isolated = !cli.in_process;
    let keep_core = match &cli.keep_core {
        Some(dir) => match super::cores::ready(dir, isolated, checker.is_active()) {
            Ok(dir) => Some(dir),
            Err(message) => {
                eprintln!("ffi-test: --keep-core: {message}");
                return Err(ExitCode::from(2));
            }
        },
        None => None,
    };
    // A process whose checks all ran in another (nextest's, see `shared`) starts no child.
    let starts_children = !to_run.is_empty() && ran_elsewhere.is_none();
    // The run's directory is for children, and for compiling C (its scratch files).
    let needs_dir = starts_children
        && (isolated || to_run.iter().any(|e| e.c.is_some()) || crate::tools::python_embedded());
    let runs = if needs_dir {
        match runs::RunsDir::create() {
            Ok(dir) => Some(dir),
            Err(e) => {
                eprintln!("ffi-test: {e}");
                return Err(ExitCode::from(101));
            }
        }
    } else {
        None
    };
    if starts_children {
        interrupt::install();
        if isolated {
            crate::os::reaper::adopt_orphans();
        }
    }
    let toolchain = Toolchain::native_in(config, runs.as_ref().map(|r| r.path()));
    let compiler = match compiler_of_expectations(to_run, &toolchain) {
        Ok(compiler) => compiler,
        Err(message) => {
            eprintln!("ffi-test: {message}");
            return Err(ExitCode::from(101));
        }
    };
    let mut ctx = RunContext {
        isolated,
        ignore_expectations: cli.ignore_expectations,
        fail_allocs: cli.fail_allocs,
        compiler,
        launch: Launch {
            runs_dir: runs
                .as_ref()
                .map(|r| r.path().to_path_buf())
                .unwrap_or_default(),
            capture: !cli.libtest.nocapture,
            forks: Arc::new(forks::Forks::new(forks::off(cli, to_run), cli.verbose)),
            keep_core,
            debugger: cli.debug.as_ref().map(|_| super::debug::debugger()),
            checker,
            manifest: None,
            coverage: cli.coverage.is_some(),
        },
        show_output: cli.libtest.show_output,
        timeout: cli.timeout,
        runs,
        batch: Arc::new(Batch::new(Vec::new())),
        recorder: Recorder::default(),
        c: CSide::new(*config),
    };
    if let Some(endings) = ran_elsewhere {
        // Nothing of the C side is needed: the checks ran in another process of the run.
        ctx.batch = Arc::new(Batch::finished(endings));
        return Ok(ctx);
    }
    if to_run.iter().any(|e| e.c.is_some()) {
        prepare_c(config, &mut ctx);
    }
    if isolated && !ctx.launch.checker.is_active() {
        // Checks that only gather facts share children (a memory checker judges a process as a
        // whole, so under one every check has its own).
        let plan = to_run
            .iter()
            .filter(|e| !e.kind.runs_user_code())
            .map(|e| (e.name, e.timeout.unwrap_or(ctx.timeout)))
            .collect();
        let batch = Batch::new(plan);
        ctx.batch = Arc::new(replayed_or_kept(cli, &ctx, to_run, batch));
    }
    if cli.in_process {
        in_process::guard();
    }
    Ok(ctx)
}

/// Whether fact checks run as they always do: in their shared children, untouched by coverage
/// or fault injection (a memory checker is ruled out where each caller knows it).
fn facts_run_plainly(cli: &Cli) -> bool {
    !cli.in_process && cli.coverage.is_none() && !cli.fail_allocs
}

/// `batch`'s endings as the last run had them, when nothing they read has changed since
/// (`shared.rs`; said on stderr), else `batch`, kept for the next run when it ends. Only for
/// a plain, captured run: a checker, coverage, a sweep of one of the checks, a debugger or
/// kept cores change what a check's process does.
fn replayed_or_kept(cli: &Cli, ctx: &RunContext, to_run: &[&TestEntry], batch: Batch) -> Batch {
    let plain = facts_run_plainly(cli)
        && ctx.launch.capture
        && ctx.launch.debugger.is_none()
        && ctx.launch.keep_core.is_none()
        && !to_run
            .iter()
            .any(|e| batch.contains(e.name) && !e.faults.is_empty());
    let store = match (&ctx.launch.manifest, plain && !batch.plan().is_empty()) {
        (Some(manifest), true) => shared::Shared::of_unchanged_inputs(manifest, batch.plan()),
        _ => None,
    };
    let Some(store) = store else {
        return batch;
    };
    let names: Vec<&'static str> = batch.plan().iter().map(|(name, _)| *name).collect();
    match store.read(&names) {
        Some(kept) => {
            eprintln!(
                "ffi-test: {} fact check{} not run again: the test binary, its C and the libraries it loads are \
                 as when {} ran (set {}=1 to run them)",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                if names.len() == 1 { "it" } else { "they" },
                shared::RERUN_VAR
            );
            Batch::finished(kept)
        }
        None => batch.kept_in(store),
    }
}

/// Under nextest (one process per test), the endings of every fact check of the binary, run
/// once for the whole nextest run by whichever process came first (`shared.rs`), when this
/// process runs fact checks only, in their shared children, with nothing that changes how they
/// run (a checker, coverage, fault injection).
pub(super) fn shared_endings(
    cli: &Cli,
    config: &Config,
    to_run: &[&'static TestEntry],
) -> Option<HashMap<&'static str, ChildRun>> {
    let fact_check = |e: &&'static TestEntry| !e.kind.runs_user_code() && e.faults.is_empty();
    let plain = facts_run_plainly(cli);
    if !shared::under_nextest() || !cli.libtest.exact || !plain || to_run.is_empty() {
        return None;
    }
    if !to_run.iter().all(fact_check) {
        return None;
    }
    if memory_checker(cli, config).ok()?.is_active() {
        return None;
    }
    let shared = shared::Shared::of_this_run()?;
    let checks: Vec<&'static TestEntry> = registry::collect()
        .ok()?
        .into_iter()
        .filter(fact_check)
        .collect();
    let names: Vec<&'static str> = checks.iter().map(|e| e.name).collect();
    let wanted = |name: &str| to_run.iter().any(|e| e.name == name);
    let endings = shared.endings(&names, &wanted, || {
        let ctx = context(cli, config, &checks, None).map_err(|_| "no context".to_string())?;
        ctx.batch.start(&ctx.launch);
        Ok(names
            .iter()
            .map(|name| (*name, ctx.batch.outcome(name, &ctx.launch)))
            .collect())
    });
    match endings {
        Ok(endings) => Some(endings),
        Err(e) => {
            eprintln!("ffi-test: the run's shared fact checks: {e} (this check runs on its own)");
            None
        }
    }
}

/// Compiles (or finds cached) the C of every test of the binary, not only the selected ones:
/// one cache entry serves any filter, and nextest's one-process-per-test runs share it. Isolated,
/// each object is loaded first in a child (its constructors run there) and the result goes to
/// a manifest for the children; `--in-process`, it is loaded here.
fn prepare_c(config: &Config, ctx: &mut RunContext) {
    let entries_with_c = entries_with_c();
    let flags = ctx.launch.compile_flags();
    let runs = ctx.runs.as_ref().map(|r| r.path().to_path_buf());
    let toolchain = Toolchain::native_in(config, runs.as_deref());
    if !ctx.isolated {
        let prepared = crate::cside::prepare(&toolchain, &entries_with_c, &flags, None);
        ctx.c = CSide::prepared_as(*config, prepared);
        return;
    }
    let launch = &ctx.launch;
    let timeout = ctx.timeout;
    let probe = |object: &std::path::Path| isolation::probe(launch, object, timeout);
    let located = crate::cside::locate(&toolchain, &entries_with_c, &flags, Some(&probe));
    let Some(runs) = &ctx.runs else { return };
    let path = runs.path().join("manifest");
    match crate::cside::write_manifest(&path, &located) {
        Ok(()) => ctx.launch.manifest = Some(path),
        Err(e) => eprintln!("ffi-test: {e} (children will locate their C themselves)"),
    }
}

/// The run's C compiler (family, major version) when a test's expectation depends on it.
fn compiler_of_expectations(
    entries: &[&'static TestEntry],
    toolchain: &Toolchain,
) -> Result<(String, u32), String> {
    let names_one = |e: &&TestEntry| matches!(e.expect, Expect::IfCompiler(..));
    if !entries.iter().any(names_one) {
        return Ok((String::new(), 0));
    }
    crate::cside::compiler_family(toolchain)
}

/// The checker the command line asks for, its tools found, or why it cannot run.
fn memory_checker(cli: &Cli, config: &Config) -> Result<Checker, CheckerError> {
    let checker = match (&cli.sanitize, cli.valgrind) {
        (None, false) => return Ok(Checker::None),
        (Some(_), true) => return Err(CheckerError::SanitizeWithValgrind),
        (Some(names), false) => {
            let program = crate::cside::compiler_program(&Toolchain::native(config))
                .map_err(CheckerError::NoCompiler)?;
            let cpp = registry::collect().iter().flat_map(|r| r.iter()).any(|e| {
                e.c.is_some_and(|c| c.language == crate::registry::Language::Cpp)
            });
            Checker::Sanitize(Sanitizers::parse(names)?.locate_runtimes(&program, cpp)?)
        }
        (None, true) => {
            crate::tools::checkers::valgrind_available()?;
            Checker::Valgrind(cli.valgrind_suppressions.clone())
        }
    };
    if cli.in_process {
        return Err(CheckerError::InProcess);
    }
    Ok(checker)
}
