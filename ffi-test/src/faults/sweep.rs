//! The parent side of a sweep: a counting run, then one child per allocation to fail, each
//! judged: passing or failing cleanly (an error or panic) is handling the failure; a crash, an
//! abort, an exit or a hang is not, and is reported with k and the allocation's stack.

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use ffi_test_protocol::faults::{PLAN_VAR, REPORT_VAR, RUST_CODE_VAR};

use super::report::Report;
use super::Sweep;
use crate::harness::isolation::{run_child_with, ChildRun, Ending, Launch};

/// Frames of a failed allocation's stack shown in a report.
const DEPTH: usize = 4;

/// Runs the sweep of `test`: `Ok(summary)` when every run handled its failed allocation, or
/// `Err(report)`; the counting run's own failure is returned as it is (`Err`, with its run).
pub fn run(
    test: &str,
    sweep: Sweep,
    timeout: Duration,
    launch: &Launch,
) -> Result<String, SweepFailure> {
    if launch.checker.is_active() {
        return Err(SweepFailure::Setup(
            "fault-injection sweeps do not run under a memory checker yet (--sanitize, --valgrind): run the sweep without one".into(),
        ));
    }
    if let Some(runner) = crate::harness::runner::runner() {
        return Err(SweepFailure::Setup(format!(
            "fault-injection sweeps do not run under the runner {runner:?} of target {} yet: the \
             injector would be preloaded into the runner too",
            crate::harness::runner::target()
        )));
    }
    let injector = super::library::path().map_err(SweepFailure::Setup)?;
    let rust_code = super::rust_code::ranges_file(&launch.runs_dir).map_err(SweepFailure::Setup)?;
    let injector = Injector {
        library: &injector,
        rust_code: &rust_code,
    };
    let (base, report) = run_one(test, "count", &injector, timeout, launch);
    if base.ending != Ending::Passed {
        return Err(SweepFailure::Base(base));
    }
    let Some(count) = report.count else {
        return Err(SweepFailure::Setup(
            "the counting run reported no count: the fault injector did not run in the child"
                .into(),
        ));
    };
    if count == 0 {
        return Ok("fault sweep: C made no allocation in the test: nothing to fail".into());
    }
    let runs = sweep.max.map_or(count, |max| count.min(max as u64));
    let mode = if sweep.from { "from" } else { "fail" };
    let mut unhandled = Vec::new();
    let mut handled = 0u64;
    for k in 1..=runs {
        let (run, report) = run_one(test, &format!("{mode}:{k}"), &injector, timeout, launch);
        if let Ending::Interrupted(_) = run.ending {
            return Err(SweepFailure::Base(run));
        }
        match verdict(&run) {
            None => handled += 1,
            Some(what) => unhandled.push(line(k, &what, &report, injector.library)),
        }
    }
    let shape = if sweep.from {
        "every allocation from the k-th on failing"
    } else {
        "the k-th allocation failing"
    };
    let capped = if runs < count {
        format!(" (max = {runs}: the first {runs} of them)")
    } else {
        String::new()
    };
    let head = format!(
        "fault sweep: C made {count} allocation{} in the test; {runs} run{}{capped}, each with {shape}",
        plural(count),
        plural(runs)
    );
    if unhandled.is_empty() {
        return Ok(format!(
            "{head}: every failure handled ({handled} run{})",
            plural(handled)
        ));
    }
    Err(SweepFailure::Unhandled(format!(
        "{head}: {} not handled ({handled} handled):\n{}",
        unhandled.len(),
        unhandled.join("\n")
    )))
}

/// Why a sweep did not pass.
pub enum SweepFailure {
    /// It could not run.
    Setup(String),
    /// The run with nothing failing did not pass (or the run was interrupted): as that run.
    Base(ChildRun),
    /// Runs whose failed allocation was not handled, one line each.
    Unhandled(String),
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The injector library and what it is told about the binary.
struct Injector<'a> {
    library: &'a Path,
    rust_code: &'a Path,
}

/// One child with `plan`, and what the injector reported in it.
fn run_one(
    test: &str,
    plan: &str,
    injector: &Injector,
    timeout: Duration,
    launch: &Launch,
) -> (ChildRun, Report) {
    let report_file = launch.runs_dir.join(format!(
        "faults-{}-{}",
        std::process::id(),
        next_report_number()
    ));
    let preload = match std::env::var_os("LD_PRELOAD") {
        Some(existing) if !existing.is_empty() => {
            let mut value = injector.library.as_os_str().to_os_string();
            value.push(":");
            value.push(existing);
            value
        }
        _ => injector.library.as_os_str().to_os_string(),
    };
    let env: [(&str, &OsStr); 4] = [
        (PLAN_VAR, OsStr::new(plan)),
        (REPORT_VAR, report_file.as_os_str()),
        (RUST_CODE_VAR, injector.rust_code.as_os_str()),
        ("LD_PRELOAD", &preload),
    ];
    let run = run_child_with(test, timeout, launch, &env);
    let report = Report::read(&report_file);
    let _ = std::fs::remove_file(&report_file);
    (run, report)
}

fn next_report_number() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What went wrong in a run, or `None` when the failure was handled: the test passed, or failed
/// cleanly (an error returned, a panic caught).
fn verdict(run: &ChildRun) -> Option<String> {
    match &run.ending {
        Ending::Passed | Ending::Failed(_) => None,
        Ending::Signal(signal) => Some(format!(
            "killed by {}",
            crate::harness::signals::describe(*signal)
        )),
        Ending::Exit(code) => Some(format!("the process exited with code {code}")),
        Ending::TimedOut(after, _) => {
            Some(format!("hung: stopped after {:.1}s", after.as_secs_f64()))
        }
        Ending::Interrupted(_) => Some("interrupted".into()),
        Ending::HarnessError(e) => Some(format!("could not be run: {e}")),
    }
}

/// `k=3 malloc(24): killed by SIGSEGV ...` and the allocation's stack, indented.
fn line(k: u64, what: &str, report: &Report, injector: &Path) -> String {
    let Some((_, function, size)) = &report.failed else {
        return format!("  k={k}: {what} (allocation {k} did not happen in this run: C allocated fewer times than in the counting run)");
    };
    let mut out = format!("  k={k} {function}({size}): {what}");
    for (i, frame) in report.stack(injector, DEPTH).iter().enumerate() {
        let word = if i == 0 { "at" } else { "from" };
        out.push_str(&format!("\n      {word} {frame}"));
    }
    out
}
