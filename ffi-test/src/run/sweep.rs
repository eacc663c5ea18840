//! The parent side of a sweep: a counting run, then one child per allocation or call to fail
//! (per errno, for calls), each judged: passing or failing cleanly (an error or panic) is
//! handling the failure, except a transient one (EINTR, a short count) which only passing
//! handles; a crash, an abort, an exit or a hang is not, and is reported with k and the failed
//! call's stack.

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use ffi_test_protocol::faults::{
    Mode, Plan, Target, DEFAULT_ERRNO, PLAN_VAR, REPORT_VAR, RUST_CODE_VAR,
};

use crate::run::isolation::{run_child_with, ChildRun, Ending, Launch, CPP_ESCAPED};
use crate::tools::checkers::findings;
use crate::tools::checkers::Checker;
use crate::tools::faults::report::Report;
use crate::tools::faults::Sweep;

/// Valgrind's option to replace only the system's allocation functions, not the injector's.
const VALGRIND_OWN_ALLOCATORS: &str = "--soname-synonyms=somalloc=nouserintercepts";

/// Frames of a failed call's stack shown in a report.
const DEPTH: usize = 4;

/// Runs the sweep of `test`: `Ok(summary)` when every run handled its failed allocation or
/// call, or `Err(report)`; the counting run's own failure is returned as it is (`Err`, with its
/// run).
pub fn run(
    test: &str,
    sweep: Sweep,
    timeout: Duration,
    launch: &Launch,
) -> Result<String, SweepFailure> {
    let injector =
        crate::tools::faults::library::path(&launch.runs_dir).map_err(SweepFailure::Setup)?;
    let rust_code = crate::tools::faults::rust_code::ranges_file(&launch.runs_dir)
        .map_err(SweepFailure::Setup)?;
    let injector = Injector {
        library: &injector,
        rust_code: &rust_code,
    };
    // Frames not worth showing: the injector's, and the checker's (ASan intercepts backtrace).
    let mut skipped = vec![injector.library];
    skipped.extend(launch.checker.runtimes().iter().map(|r| r.as_path()));
    let passes = passes(&sweep);
    let counting = Plan {
        target: passes[0].clone(),
        k: 0,
        from: false,
    };
    let (base, report) = run_one(test, &counting, &injector, timeout, launch);
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
        // C++'s `new` under a checker that replaces it is invisible to the injector: nothing
        // seen is not nothing done.
        if let (None, Some(checker)) = (&sweep.calls, launch.checker.own_operator_new()) {
            return Err(SweepFailure::NotChecked(format!(
                "the fault sweep saw no allocation to fail: under {checker}, C++'s operator new \
                 is {checker}'s own, which allocates without malloc and which the sweep cannot \
                 fail (run the sweep without a memory checker)"
            )));
        }
        let who = match sweep.calls {
            None => "C made no allocations in the test".to_string(),
            Some(calls) => format!(
                "the code under test made no calls of {}",
                calls.names.join(", ")
            ),
        };
        return Ok(format!("fault sweep: {who}: nothing to fail"));
    }
    let (ks, chosen) = chosen(test, count, sweep);
    let mut sections = Vec::new();
    let mut failed = false;
    for target in passes {
        let mode = match &target {
            Target::Calls { mode, .. } => Some(mode.clone()),
            Target::Allocs => None,
        };
        let one = |k: u64| {
            let plan = Plan {
                target: target.clone(),
                k,
                from: sweep.from,
            };
            run_one(test, &plan, &injector, timeout, launch)
        };
        let mut unhandled = Vec::new();
        for (k, (run, report)) in ks.iter().copied().zip(in_parallel(test, &ks, &one)) {
            if let Ending::Interrupted(_) = run.ending {
                return Err(SweepFailure::Base(run));
            }
            if let Some(what) = verdict(&run, mode.as_ref()) {
                let mut entry = line(k, &what, &report, &skipped);
                if let (Ending::Signal(signal), Some(crash)) = (&run.ending, &run.crash) {
                    entry.push_str(&crashed(crash, *signal));
                }
                // A failure's message carries the output already; a crash's or a hang's not.
                if !what.contains(run.output.trim()) {
                    entry.push_str(&own_output(&run.output));
                }
                unhandled.push(entry);
            }
        }
        let head = head(count, ks.len() as u64, &chosen, &sweep, mode.as_ref());
        let handled = ks.len() - unhandled.len();
        sections.push(if unhandled.is_empty() {
            format!(
                "{head}: every failure handled ({handled} run{})",
                plural(handled as u64)
            )
        } else {
            failed = true;
            format!(
                "{head}: {} not handled ({handled} handled):\n{}",
                unhandled.len(),
                unhandled.join("\n")
            )
        });
    }
    if let (None, Some(checker)) = (&sweep.calls, launch.checker.own_operator_new()) {
        sections.push(format!(
            "  (under {checker}, C++'s operator new is {checker}'s own: its allocations were not failed)"
        ));
    }
    match failed {
        false => Ok(sections.join("\n")),
        true => Err(SweepFailure::Unhandled(sections.join("\n"))),
    }
}

/// One pass over the k's per way of failing: allocations; or each errno of the calls, then
/// short counts.
fn passes(sweep: &Sweep) -> Vec<Target> {
    let Some(calls) = sweep.calls else {
        return vec![Target::Allocs];
    };
    let names: Vec<String> = calls.names.iter().map(|n| n.to_string()).collect();
    let mut errnos: Vec<&str> = calls.errnos.to_vec();
    if errnos.is_empty() && !calls.short {
        errnos.push(DEFAULT_ERRNO);
    }
    let mut modes: Vec<Mode> = errnos.iter().map(|e| Mode::Errno(e.to_string())).collect();
    if calls.short {
        modes.push(Mode::Short);
    }
    modes
        .into_iter()
        .map(|mode| Target::Calls {
            names: names.clone(),
            mode,
        })
        .collect()
}

/// What is counted, `count` of them: `10 allocations`, `1 call of read, write`.
fn counted(sweep: &Sweep, count: u64) -> String {
    let unit = if sweep.calls.is_some() {
        "call"
    } else {
        "allocation"
    };
    let of = sweep.calls.map_or(String::new(), |calls| {
        format!(" of {}", calls.names.join(", "))
    });
    format!("{count} {unit}{}{of}", plural(count))
}

/// `fault sweep: C made 10 allocations in the test; 10 runs, each with the k-th allocation
/// failing`, and the same for calls and their mode.
fn head(
    count: u64,
    runs: u64,
    chosen: &Option<String>,
    sweep: &Sweep,
    mode: Option<&Mode>,
) -> String {
    let unit = if mode.is_some() { "call" } else { "allocation" };
    let failing = match mode {
        None => "failing".to_string(),
        Some(Mode::Errno(e)) => format!("failing with {e}"),
        Some(Mode::Short) if sweep.from => "returning short counts".into(),
        Some(Mode::Short) => "returning a short count".into(),
    };
    let shape = if sweep.from {
        format!("every {unit} from the k-th on {failing}")
    } else {
        format!("the k-th {unit} {failing}")
    };
    let capped = chosen
        .as_ref()
        .map_or(String::new(), |how| format!(" ({how})"));
    let counted = counted(sweep, count);
    let who = match mode {
        None => format!("C made {counted} in the test"),
        Some(_) => format!("the code under test made {counted}"),
    };
    format!(
        "fault sweep: {who}; {runs} run{}{capped}, each with {shape}",
        plural(runs)
    )
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
    /// The sweep could not be made where it runs (under a checker): why.
    NotChecked(String),
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

/// `one(k)` for every k of `ks`, on as many threads as the machine has cores (the children
/// are independent: each fails its own k-th call), in the order of `ks`. Progress goes to
/// stderr: a line kept up to date on a terminal, a line every few seconds otherwise. An
/// interrupt stops what has not started.
fn in_parallel(
    test: &str,
    ks: &[u64],
    one: &(dyn Fn(u64) -> (ChildRun, Report) + Sync),
) -> Vec<(ChildRun, Report)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let jobs = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(ks.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<(ChildRun, Report)>>> =
        Mutex::new((0..ks.len()).map(|_| None).collect());
    let progress = Mutex::new(Progress::new(test, ks.len()));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= ks.len() || crate::run::interrupt::interrupted().is_some() {
                    return;
                }
                let ran = one(ks[i]);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(ran);
                progress
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .one_more();
            });
        }
    });
    progress.lock().unwrap_or_else(|e| e.into_inner()).finish();
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    // A k not started because of an interrupt ends the pass as interrupted.
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                let signal = crate::run::interrupt::interrupted().unwrap_or(libc::SIGINT);
                let run = ChildRun {
                    ending: Ending::Interrupted(signal),
                    output: String::new(),
                    checker_log: String::new(),
                    crash: None,
                    crash_handler: false,
                };
                (run, Report::default())
            })
        })
        .collect()
}

/// How far a sweep is, on stderr.
struct Progress {
    test: String,
    total: usize,
    done: usize,
    terminal: bool,
    last: std::time::Instant,
    shown: bool,
}

/// How often progress is written when stderr is not a terminal.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

impl Progress {
    fn new(test: &str, total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            test: test.to_string(),
            total,
            done: 0,
            terminal: std::io::stderr().is_terminal(),
            last: std::time::Instant::now(),
            shown: false,
        }
    }

    fn one_more(&mut self) {
        self.done += 1;
        let line = format!(
            "fault sweep of {}: {}/{} runs",
            self.test, self.done, self.total
        );
        if self.terminal {
            eprint!("\r{line}\x1b[K");
            self.shown = true;
        } else if self.last.elapsed() >= PROGRESS_EVERY {
            eprintln!("{line}");
            self.last = std::time::Instant::now();
        }
    }

    fn finish(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

/// The failing run's own output, bounded (its last lines: where a panic or an abort says why),
/// indented under its report line; nothing when it printed nothing.
fn own_output(output: &str) -> String {
    const LINES: usize = 12;
    const BYTES: usize = 2048;
    let output = output.trim_end();
    if output.is_empty() {
        return String::new();
    }
    let lines: Vec<&str> = output.lines().collect();
    let from = lines.len().saturating_sub(LINES);
    let mut tail = lines[from..].join("\n");
    if tail.len() > BYTES {
        let mut cut = tail.len() - BYTES;
        while !tail.is_char_boundary(cut) {
            cut += 1;
        }
        tail = tail[cut..].to_string();
    }
    let mut out = String::from("\n      its output");
    if from > 0 || tail.len() < output.len() {
        out.push_str(" (the end)");
    }
    out.push(':');
    for l in tail.lines() {
        out.push_str("\n        ");
        out.push_str(l);
    }
    out
}

/// One child with `plan`, and what the injector reported in it.
fn run_one(
    test: &str,
    plan: &Plan,
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
    for runtime in launch.checker.runtimes() {
        preload.push(":");
        preload.push(runtime);
    }
    if let Some(existing) = std::env::var_os("LD_PRELOAD").filter(|e| !e.is_empty()) {
        preload.push(":");
        preload.push(existing);
    }
    let plan = plan.to_string();
    // The plan and the report are read when the body is armed; the rest as the process starts
    // (the injector's constructor reads where the Rust code is).
    let per_run: [(&str, &OsStr); 2] = [
        (PLAN_VAR, OsStr::new(&plan)),
        (REPORT_VAR, report_file.as_os_str()),
    ];
    let mut env: Vec<(&str, &OsStr)> = vec![(RUST_CODE_VAR, injector.rust_code.as_os_str())];
    // Under qemu-user the host's loader must not see the target's library: qemu sets the
    // variable for the program it emulates.
    let qemu_env = qemu_env(&preload);
    match &qemu_env {
        Some(set) => env.push(("QEMU_SET_ENV", set)),
        None => env.push(("LD_PRELOAD", &preload)),
    }
    // Valgrind replaces the allocation functions of every object defining them, the
    // injector's included, unless told to replace only the C library's.
    let mut valgrind_opts = std::ffi::OsString::new();
    if let Checker::Valgrind(_) = launch.checker {
        if let Some(opts) = std::env::var_os("VALGRIND_OPTS") {
            valgrind_opts.push(opts);
            valgrind_opts.push(" ");
        }
        valgrind_opts.push(VALGRIND_OWN_ALLOCATORS);
        env.push(("VALGRIND_OPTS", &valgrind_opts));
    }
    let run = run_child_with(test, timeout, launch, &env, &per_run);
    let report = Report::read(&report_file);
    let _ = std::fs::remove_file(&report_file);
    (run, report)
}

/// `QEMU_SET_ENV` preloading `preload` into the emulated program when the target's runner is
/// qemu-user (other runners start the program natively and get `LD_PRELOAD` as it is).
fn qemu_env(preload: &OsStr) -> Option<std::ffi::OsString> {
    let runner = crate::run::runner::runner()?;
    let program = Path::new(runner.first()?).file_name()?.to_str()?;
    if !program.starts_with("qemu-") {
        return None;
    }
    let mut set = std::env::var_os("QEMU_SET_ENV")
        .filter(|e| !e.is_empty())
        .map(|mut e| {
            e.push(",");
            e
        })
        .unwrap_or_default();
    set.push("LD_PRELOAD=");
    set.push(preload);
    Some(set)
}

fn next_report_number() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What went wrong in a run, or `None` when the failure was handled: the test passed, or failed
/// cleanly (an error returned, a panic caught), and a memory checker watching found nothing.
/// A transient failure (`EINTR`, a short count) is handled only by passing: a correct program
/// retries or continues.
fn verdict(run: &ChildRun, mode: Option<&Mode>) -> Option<String> {
    if let Some(found) = findings::finding(&run.checker_log) {
        return Some(format!("{} ({})", found.kind, found.tool));
    }
    match &run.ending {
        Ending::Passed => None,
        Ending::Failed(_) => match mode.filter(|m| m.is_transient()) {
            None => None,
            Some(mode) => {
                let message = run.failure_message().unwrap_or_default();
                let message: Vec<&str> = message.lines().take(6).collect();
                let retried = match mode {
                    Mode::Short => "a correct program continues after a short count",
                    Mode::Errno(_) => "a correct program retries an interrupted call",
                };
                Some(format!(
                    "the test failed ({retried}):\n        {}",
                    message.join("\n        ")
                ))
            }
        },
        Ending::Signal(signal) => Some(format!(
            "killed by {}{}",
            crate::run::signals::describe(*signal),
            match run.cpp_exception_escaped() {
                true => format!(": {CPP_ESCAPED}"),
                false => String::new(),
            }
        )),
        Ending::Exit(code) => Some(format!("the process exited with code {code}")),
        Ending::TimedOut(after, _) => {
            Some(format!("hung: stopped after {:.1}s", after.as_secs_f64()))
        }
        Ending::Interrupted(_) => Some("interrupted".into()),
        Ending::HarnessError(e) => Some(format!("could not be run: {e}")),
    }
}

/// Where a run whose failed call took it down crashed, under the call's own stack.
fn crashed(crash: &crate::run::crash::Crash, signal: i32) -> String {
    let said = crash.describe(signal);
    if said.is_empty() {
        return String::new();
    }
    format!("\n      the crash:{}", said.replace('\n', "\n      "))
}

/// `k=3 malloc(24): killed by SIGSEGV ...` and the failed call's stack, indented.
fn line(k: u64, what: &str, report: &Report, skipped: &[&Path]) -> String {
    let Some(call) = &report.failed else {
        return format!("  k={k}: {what} (the k-th did not happen in this run: C made fewer than in the counting run)");
    };
    let mut out = format!("  k={k} {call}: {what}");
    for (i, frame) in report.stack(skipped, DEPTH).iter().enumerate() {
        let word = if i == 0 { "at" } else { "from" };
        // A C body's functions by the names written in the attribute.
        let frame = crate::cside::without_symbol_prefixes(frame);
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
