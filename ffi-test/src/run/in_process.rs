//! Running one test body in this process: panics caught, `should_panic` judged, a Python body
//! run first; and, for `--in-process`, the guards that fail the run when a body exits, or
//! hangs past its timeout.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::registry::context::TestContext;
use crate::registry::outcome::panic_message;

/// Runs the body of the test `ctx` is for, here, and judges it, including `should_panic`.
/// While it runs, `ctx` is the thread's current context (a user's body takes no argument).
pub fn run_in_process(ctx: &dyn TestContext) -> Result<(), String> {
    let entry = ctx.entry();
    let result = crate::registry::context::scoped(ctx, || {
        catch_unwind(AssertUnwindSafe(|| {
            python_body(ctx)?;
            (entry.run)(ctx)
        }))
    });
    match (entry.should_panic, result) {
        (None, Ok(result)) => result,
        (None, Err(payload)) => Err(format!("test panicked: {}", panic_message(&*payload))),
        (Some(_), Ok(Ok(()))) => Err("test did not panic as expected (should_panic)".to_string()),
        (Some(_), Ok(Err(e))) => Err(format!("test returned an error instead of panicking: {e}")),
        (Some(None), Err(_)) => Ok(()),
        (Some(Some(expected)), Err(payload)) => {
            let message = panic_message(&*payload);
            if message.contains(expected) {
                Ok(())
            } else {
                Err(format!(
                    "panic did not contain the expected text\n      panic message: {message:?}\n expected substring: {expected:?}"
                ))
            }
        }
    }
}

/// Runs the test's Python body first, if it has one (`#[ffi_test(py = ...)]`).
fn python_body(ctx: &dyn TestContext) -> Result<(), String> {
    let entry = ctx.entry();
    if entry.py.is_none() {
        return Ok(());
    }
    #[cfg(feature = "python")]
    {
        crate::tools::python::__prepare(ctx)
    }
    #[cfg(not(feature = "python"))]
    Err(format!(
        "test `{}` has a Python body (`py = ...`), which runs with ffi-test's `python` feature: \
         `ffi-test = {{ version = \"..\", features = [\"python\"] }}`",
        entry.name
    ))
}

/// A test `--in-process` is running (one per test thread): for the exit guard and the
/// watchdog.
#[cfg(unix)]
struct Running {
    name: &'static str,
    started: std::time::Instant,
    timeout: std::time::Duration,
}

#[cfg(unix)]
static RUNNING: std::sync::Mutex<Vec<Running>> = std::sync::Mutex::new(Vec::new());

#[cfg(unix)]
fn running() -> std::sync::MutexGuard<'static, Vec<Running>> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}

/// `--in-process`: the guards of a run whose tests share the harness's process, where none can
/// be stopped alone. An `exit()` or `quick_exit()` called while any test runs (by C, or Rust's
/// `std::process::exit`) ends the process with status 101 and a message naming the tests, not
/// with the status the test's code chose (`_exit()` cannot be seen from inside the process:
/// only the default isolated mode catches it). A test still running at the end of its timeout,
/// or when an interrupt's grace has passed, ends the run: otherwise one hung test would hold
/// the run, and the CI job, forever.
#[cfg(unix)]
pub fn guard() {
    guard_exit();
    let watchdog = std::thread::Builder::new()
        .name("ffi-test-watchdog".into())
        .spawn(watch);
    if let Err(e) = watchdog {
        eprintln!("ffi-test: --in-process: could not start the thread that enforces timeouts: {e}");
    }
}

#[cfg(unix)]
fn guard_exit() {
    extern "C" fn on_exit() {
        let names = RUNNING
            .try_lock()
            .map(|r| r.iter().map(|t| t.name).collect())
            .unwrap_or_else(|_| {
                vec!["(unknown: the exit came while a test was starting or ending)"]
            });
        if !names.is_empty() {
            eprintln!(
                "ffi-test: the process exited in the middle of test `{}` (exit() called while it ran); \
                 the run is failed",
                names.join("`, `")
            );
            // SAFETY: _exit(2) ends the process with a failure status; nothing else must run.
            unsafe { libc::_exit(101) };
        }
    }
    extern "C" {
        // glibc and musl have it; the libc crate does not declare it.
        fn at_quick_exit(f: extern "C" fn()) -> libc::c_int;
    }
    // SAFETY: atexit(3) and at_quick_exit(3) with a function that takes no arguments and does
    // not unwind.
    unsafe {
        libc::atexit(on_exit);
        at_quick_exit(on_exit);
    }
}

/// The watchdog's loop: ends the process when a test outlives its timeout, or an interrupt's
/// grace (the time a test process gets between SIGTERM and SIGKILL when isolated).
#[cfg(unix)]
fn watch() {
    const TICK: std::time::Duration = std::time::Duration::from_millis(50);
    let mut interrupted_at = None;
    loop {
        std::thread::sleep(TICK);
        let running = running();
        if let Some(late) = running.iter().find(|t| t.started.elapsed() >= t.timeout) {
            // A test stopped at a debugger's breakpoint (what --in-process is for) is not hung.
            if !traced() {
                end_run(&timed_out_message(late.name, late.timeout), 101);
            }
        }
        let Some(signal) = super::interrupt::interrupted() else {
            continue;
        };
        let at = *interrupted_at.get_or_insert_with(std::time::Instant::now);
        if let (Some(test), true) = (running.first(), at.elapsed() >= super::isolation::GRACE) {
            let message = format!(
                "{}, but test `{}` was still running {}s later: --in-process cannot stop a test \
                 alone, so the run ends here, failed, without its summary or JUnit report",
                super::interrupt::interrupted_message(signal),
                test.name,
                super::isolation::GRACE.as_secs()
            );
            end_run(&message, 128 + signal);
        }
    }
}

#[cfg(unix)]
fn timed_out_message(name: &str, timeout: std::time::Duration) -> String {
    format!(
        "test `{name}` is still running at the end of its timeout ({:.1}s): --in-process runs \
         every test in this process, where one cannot be stopped alone, so the run ends here, \
         failed, without its summary or JUnit report (without --in-process each test runs in a \
         process of its own and a timeout fails that test only)",
        timeout.as_secs_f64()
    )
}

/// Whether a debugger is attached to this process (`TracerPid` in /proc/self/status; where
/// there is no /proc, no).
#[cfg(unix)]
fn traced() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|line| line.strip_prefix("TracerPid:"))
            .is_some_and(|pid| pid.trim() != "0")
    })
}

/// Ends the process at once with `status`, saying why: the test still running cannot be
/// waited for, and neither can anything an exit handler would wait on.
#[cfg(unix)]
fn end_run(message: &str, status: i32) -> ! {
    eprintln!("ffi-test: {message}");
    // SAFETY: _exit(2) ends the process; nothing else must run (the exit guard would blame the
    // running test a second time, other threads are mid-test).
    unsafe { libc::_exit(status) }
}

/// [`run_in_process`] with the test marked as running for the guards, which end the run if it
/// is still running after `timeout`.
#[cfg(unix)]
pub fn run_guarded(ctx: &dyn TestContext, timeout: std::time::Duration) -> Result<(), String> {
    let entry = ctx.entry();
    running().push(Running {
        name: entry.name,
        started: std::time::Instant::now(),
        timeout,
    });
    let result = run_in_process(ctx);
    let mut running = running();
    if let Some(at) = running.iter().position(|t| t.name == entry.name) {
        running.remove(at);
    }
    result
}
