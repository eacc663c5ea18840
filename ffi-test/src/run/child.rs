//! The child side of process isolation. A child re-executed by its parent has one of three roles:
//! run one test; run a batch of fact-gathering checks (layout, signature, static and constant
//! checks), reporting each as it starts and ends so the parent can resume after one that kills
//! the process; or load a compiled object once to prove it loads (its constructors run here,
//! never in the parent).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::channel::Reporter;
use super::test_context::CSide;
use super::verdict::Record;

use crate::registry::config::Config;
use crate::registry::{self, TestEntry};

pub const TEST_VAR: &str = "FFI_TEST_CHILD_TEST";
pub const BATCH_VAR: &str = "FFI_TEST_CHILD_BATCH";
pub const PROBE_VAR: &str = "FFI_TEST_CHILD_PROBE";
/// Set for a fork server (see `forks`); its verdict channel carries requests and replies.
pub const SERVER_VAR: &str = "FFI_TEST_CHILD_SERVER";
/// The number of the child's end of its verdict channel (see `channel`).
pub const RESULT_VAR: &str = "FFI_TEST_CHILD_RESULT";
pub const PARENT_VAR: &str = "FFI_TEST_CHILD_OF";
/// `--debug`: this test process is a debugger's, whose own parent is the harness (the
/// parent check then accepts the harness as an ancestor).
pub const DEBUGGED_VAR: &str = "FFI_TEST_CHILD_DEBUGGED";
/// `--keep-core`: the directory this test process's core goes to.
pub const CORE_VAR: &str = "FFI_TEST_CHILD_CORE";
/// Where the parent wrote what it located (see `toolchain::write_manifest`).
pub const MANIFEST_VAR: &str = "FFI_TEST_CHILD_MANIFEST";

/// What this child was started to do.
pub enum Role {
    /// Run the test `name`; keep its core in `core` if it crashes (`--keep-core`); `debugged`
    /// when a debugger started it (`--debug`).
    Test {
        name: String,
        core: Option<PathBuf>,
        debugged: bool,
    },
    /// A file listing the checks to run, one name per line.
    Batch(PathBuf),
    /// An object to load.
    Probe(PathBuf),
    /// Serve forks (see `forks`).
    Server,
}

/// The role and verdict channel, when this process is a child started by our own parent. The
/// parent pid must match, so a process that merely inherited the variables (a test spawning
/// another test binary, say) is never mistaken for a child; and they are removed from the
/// environment so this child's own children do not see them. A child whose channel is not open
/// (a re-exec of the binary by its own test) is told so and exits: it has nothing to report to.
pub fn invocation() -> Option<(Role, Reporter)> {
    let parent: u32 = std::env::var(PARENT_VAR).ok()?.parse().ok()?;
    let result = std::env::var(RESULT_VAR).ok()?;
    let role = if let Ok(test) = std::env::var(TEST_VAR) {
        Role::Test {
            name: test,
            core: std::env::var_os(CORE_VAR).map(PathBuf::from),
            debugged: std::env::var_os(DEBUGGED_VAR).is_some(),
        }
    } else if let Some(plan) = std::env::var_os(BATCH_VAR) {
        Role::Batch(plan.into())
    } else if std::env::var_os(SERVER_VAR).is_some() {
        Role::Server
    } else {
        Role::Probe(std::env::var_os(PROBE_VAR)?.into())
    };
    // Die with the parent, whatever ends it: a test must not outlive the run that started it.
    // SAFETY: prctl(2) PR_SET_PDEATHSIG with a valid signal number.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    // What the test starts stays below this process until the test ends (see `reaper`).
    crate::os::reaper::adopt_orphans();
    let debugged = matches!(role, Role::Test { debugged: true, .. });
    if std::os::unix::process::parent_id() != parent && !(debugged && descends_from(parent)) {
        return None;
    }
    // Safe to change the environment here: called first thing in main, before any thread starts.
    for var in [
        TEST_VAR,
        BATCH_VAR,
        PROBE_VAR,
        SERVER_VAR,
        RESULT_VAR,
        PARENT_VAR,
        CORE_VAR,
        DEBUGGED_VAR,
    ] {
        std::env::remove_var(var);
    }
    // MANIFEST_VAR stays until the C side is loaded (read in `prepare_c`).
    match Reporter::from_env(&result) {
        Ok(reporter) => Some((role, reporter)),
        Err(_) if debugged => match Reporter::unread() {
            Ok(reporter) => Some((role, reporter)),
            Err(e) => {
                eprintln!("ffi-test: --debug: cannot make a verdict channel: {e}");
                std::process::exit(102)
            }
        },
        Err(e) => {
            eprintln!("ffi-test: this test process has no verdict channel ({e}): was the test binary run again by its own test?");
            std::process::exit(102)
        }
    }
}

/// Plays `role` and exits. `c` is this process's C side: a fork server's tests inherit it as
/// the server prepared it.
pub fn run(c: &CSide, role: Role, verdict: Reporter) -> ! {
    match &role {
        Role::Test {
            core: Some(dir), ..
        } => super::cores::enable(dir),
        _ => disable_core_dumps(),
    }
    match role {
        Role::Test { name, debugged, .. } => run_one(c, &name, debugged, &verdict),
        Role::Batch(plan) => run_batch(c, &plan, &verdict),
        Role::Probe(object) => probe(&object, &verdict),
        Role::Server => {
            let harness = std::os::unix::process::parent_id() as libc::pid_t;
            super::forks::serve(c, verdict.into_fd(), harness)
        }
    }
}

/// Runs `test`: exits 0 when it passed, 101 when it failed (message sent as the verdict).
fn run_one(c: &CSide, test: &str, debugged: bool, verdict: &Reporter) -> ! {
    // A memory checker reports faults itself (ASan's report, valgrind's), in its own words; a
    // debugger stops at the signal itself.
    if !debugged && !crate::tools::checkers::Checker::of_child().is_active() {
        super::crash::install(verdict.raw());
    }
    let outcome = registry::find(test).and_then(|entry| run_entry(c, entry));
    flush_stdio();
    crate::os::reaper::kill_descendants();
    let code = if outcome.is_ok() { 0 } else { 101 };
    if let Err(e) = verdict.send(&Record::End(outcome).encode()) {
        eprintln!("ffi-test: cannot send the test's verdict: {e}");
    }
    std::process::exit(code)
}

fn run_entry(c: &CSide, entry: &'static TestEntry) -> Result<(), String> {
    let failure = entry.c.and_then(|_| c.get().c_side_failure(entry));
    match failure {
        Some(error) => Err(error),
        // Armed only around the body, once its C is loaded: a sweep's child (see `faults`).
        None => crate::tools::faults::child::around(|| {
            let _watch = super::crash::ExitWatch::arm();
            super::in_process::run_in_process(&c.context_for(entry))
        }),
    }
}

/// Runs the checks named in `plan` in order, sending [`Record::Begin`] before each (so a check
/// that takes the process down is known) and [`Record::End`] after it, then [`Record::Done`].
/// A check's end travels with the next one's beginning: one message per check.
fn run_batch(c: &CSide, plan: &Path, out: &Reporter) -> ! {
    // A check whose C crashes is reported with where, as a test is (see `run_one`).
    if !crate::tools::checkers::Checker::of_child().is_active() {
        super::crash::install(out.raw());
    }
    let names = match crate::os::untrusted::read_text(plan, crate::os::untrusted::LOG_CAP) {
        Ok(names) => names,
        Err(e) => {
            // No `done`: the parent blames the first check and resumes after it.
            eprintln!(
                "ffi-test: cannot read the plan of checks {}: {e} (was the run's directory removed, or the disk full?)",
                plan.display()
            );
            std::process::exit(102)
        }
    };
    // By name once: a batch may hold thousands of checks.
    let by_name: std::collections::HashMap<&str, &'static TestEntry> = registry::collect()
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.name, e))
        .collect();
    let mut ended = Vec::new();
    for name in names.lines().filter(|n| !n.is_empty()) {
        ended.extend(Record::Begin(name.to_string()).encode());
        let _ = out.send(&ended);
        let outcome = by_name
            .get(name)
            .copied()
            .ok_or_else(|| format!("ffi-test: no test named `{name}` in this binary"))
            .and_then(|entry| run_entry(c, entry));
        flush_stdio();
        ended = Record::End(outcome).encode();
    }
    // Fact checks run no test's code, but whatever their C started ends with the batch.
    crate::os::reaper::kill_descendants();
    ended.extend(Record::Done.encode());
    let _ = out.send(&ended);
    std::process::exit(0)
}

/// Loads `object` (running its constructors), writes `ok`, and exits without running anything
/// else of it (no destructors, no atexit handlers it registered).
fn probe(object: &Path, verdict: &Reporter) -> ! {
    let loaded = crate::cside::load_object(object);
    let code = if loaded.is_ok() { 0 } else { 101 };
    flush_stdio();
    crate::os::reaper::kill_descendants();
    let _ = verdict.send(&Record::End(loaded).encode());
    // SAFETY: _exit(2) ends the process at once, which is the point.
    unsafe { libc::_exit(code) }
}

fn flush_stdio() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// The C side: from the parent's manifest when there is one (no compiler, no hashing), else
/// located here.
pub(super) fn prepare_c(config: &Config) -> crate::cside::Prepared {
    let entries = super::entries_with_c();
    let from_parent = std::env::var_os(MANIFEST_VAR)
        .and_then(|path| crate::cside::read_manifest(std::path::Path::new(&path), &entries).ok());
    match from_parent {
        Some(located) => crate::cside::load(&entries, &located),
        None => crate::cside::prepare(
            &crate::cside::Toolchain::native(config),
            &entries,
            &child_compile_flags(),
            None,
        ),
    }
}

/// The flags the parent compiled with, known from the child's environment.
fn child_compile_flags() -> Vec<String> {
    let mut flags = crate::tools::checkers::Checker::of_child().compile_flags();
    if crate::tools::coverage::in_child() {
        flags.extend(crate::tools::coverage::compile_flags());
    }
    flags
}

/// Whether the process `ancestor` is this process's parent's parent, or one above it (a
/// debugger may start the test through a server or a shell: a few levels).
fn descends_from(ancestor: u32) -> bool {
    let mut pid = std::os::unix::process::parent_id();
    for _ in 0..4 {
        let Some(parent) = crate::os::reaper::parent_of(pid) else {
            return false;
        };
        if parent == ancestor {
            return true;
        }
        pid = parent;
    }
    false
}

fn disable_core_dumps() {
    let limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit(2) with a valid, fully initialised rlimit.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &limit) };
}
