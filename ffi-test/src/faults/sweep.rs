//! The parent side of a sweep: a counting run, then one child per allocation to fail, each
//! judged: passing or failing cleanly (an error or panic) is handling the failure; a crash, an
//! abort, an exit or a hang is not, and is reported with k and the allocation's stack.

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use ffi_test_protocol::faults::{PLAN_VAR, REPORT_VAR, RUST_CODE_VAR};

use super::report::Report;
use super::Sweep;
use crate::harness::checker::{self, Checker};
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
    if let Checker::Valgrind(_) = launch.checker {
        return Err(SweepFailure::Setup(
            "fault-injection sweeps do not run under --valgrind yet: run the sweep alone or under --sanitize address".into(),
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
    // Frames not worth showing: the injector's, and the checker's (ASan intercepts backtrace).
    let mut skipped = vec![injector.library];
    if let Checker::Address(runtime) = &launch.checker {
        skipped.push(runtime.as_path());
    }
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
    let (ks, chosen) = chosen(test, count, sweep);
    let runs = ks.len() as u64;
    let mode = if sweep.from { "from" } else { "fail" };
    let mut unhandled = Vec::new();
    let mut handled = 0u64;
    for k in ks {
        let (run, report) = run_one(test, &format!("{mode}:{k}"), &injector, timeout, launch);
        if let Ending::Interrupted(_) = run.ending {
            return Err(SweepFailure::Base(run));
        }
        match verdict(&run) {
            None => handled += 1,
            Some(what) => unhandled.push(line(k, &what, &report, &skipped)),
        }
    }
    let shape = if sweep.from {
        "every allocation from the k-th on failing"
    } else {
        "the k-th allocation failing"
    };
    let capped = chosen.map_or(String::new(), |how| format!(" ({how})"));
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

/// The k's to run, in order, and how they were chosen when not all of them are.
fn chosen(test: &str, count: u64, sweep: Sweep) -> (Vec<u64>, Option<String>) {
    if let Some(n) = sweep.sample.map(u64::from).filter(|&n| n < count) {
        let seed = std::env::var("FFI_TEST_FAULT_SEED")
            .ok()
            .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
            .unwrap_or_else(|| seed_of(test));
        let mut ks = sample(count, n, seed);
        ks.sort_unstable();
        let how = format!(
            "sample = {n} of them, seed {seed:#x}: FFI_TEST_FAULT_SEED={seed:x} replays it"
        );
        return (ks, Some(how));
    }
    match sweep.max.map(u64::from).filter(|&max| max < count) {
        Some(max) => (
            (1..=max).collect(),
            Some(format!("max = {max}: the first {max} of them")),
        ),
        None => ((1..=count).collect(), None),
    }
}

/// A seed from the test's name: the same subset every run, until the name changes.
fn seed_of(test: &str) -> u64 {
    test.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// `n` distinct numbers of `1..=count`, drawn with splitmix64 from `seed`.
fn sample(count: u64, n: u64, mut seed: u64) -> Vec<u64> {
    let mut next = || {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut picked = std::collections::BTreeSet::new();
    while (picked.len() as u64) < n {
        picked.insert(1 + next() % count);
    }
    picked.into_iter().collect()
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
    // The injector first, so its allocation functions are the ones found; under --sanitize
    // address, ASan's are the next ones it calls (ASan is told not to insist on coming first).
    let mut preload = injector.library.as_os_str().to_os_string();
    if let Checker::Address(runtime) = &launch.checker {
        preload.push(":");
        preload.push(runtime);
    }
    if let Some(existing) = std::env::var_os("LD_PRELOAD").filter(|e| !e.is_empty()) {
        preload.push(":");
        preload.push(existing);
    }
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
/// cleanly (an error returned, a panic caught), and a memory checker watching found nothing.
fn verdict(run: &ChildRun) -> Option<String> {
    if let Some((kind, _)) = checker::finding(&run.checker_log) {
        return Some(format!("{kind} (AddressSanitizer)"));
    }
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
fn line(k: u64, what: &str, report: &Report, skipped: &[&Path]) -> String {
    let Some((_, function, size)) = &report.failed else {
        return format!("  k={k}: {what} (allocation {k} did not happen in this run: C allocated fewer times than in the counting run)");
    };
    let mut out = format!("  k={k} {function}({size}): {what}");
    for (i, frame) in report.stack(skipped, DEPTH).iter().enumerate() {
        let word = if i == 0 { "at" } else { "from" };
        out.push_str(&format!("\n      {word} {frame}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_distinct_in_range_and_the_same_for_a_seed() {
        let a = sample(100, 10, 7);
        assert_eq!(a.len(), 10);
        assert!(a.iter().all(|k| (1..=100).contains(k)));
        assert_eq!(a, sample(100, 10, 7));
        assert_ne!(a, sample(100, 10, 8));
    }

    #[test]
    fn max_and_sample_choose_runs() {
        let all = Sweep::default();
        assert_eq!(chosen("t", 3, all), (vec![1, 2, 3], None));
        let max = Sweep {
            max: Some(2),
            ..all
        };
        assert_eq!(chosen("t", 3, max).0, [1, 2]);
        let sample = Sweep {
            sample: Some(2),
            ..all
        };
        let (ks, how) = chosen("t", 50, sample);
        assert_eq!(ks.len(), 2);
        assert!(how.unwrap().contains(&format!("seed {:#x}", seed_of("t"))));
    }
}
