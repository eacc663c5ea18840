//! Running one test body in this process: panics caught, `should_panic` judged, a Python body
//! run first; and, for `--in-process`, the guard that fails the run when the body exits.

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

/// The tests `--in-process` is running right now (one per test thread), for the exit guard.
#[cfg(unix)]
static RUNNING: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

/// `--in-process`: makes an `exit()` or `quick_exit()` called while any test runs (by C, or
/// Rust's `std::process::exit`) end the process with status 101 and a message naming the
/// tests, not with the status the test's code chose. `_exit()` cannot be seen from inside the
/// process: only the default isolated mode catches it.
#[cfg(unix)]
pub fn guard_exit() {
    extern "C" fn on_exit() {
        let running = RUNNING.try_lock().map(|r| r.clone()).unwrap_or_else(|_| {
            vec!["(unknown: the exit came while a test was starting or ending)"]
        });
        if !running.is_empty() {
            eprintln!(
                "ffi-test: the process exited in the middle of test `{}` (exit() called while it ran); \
                 the run is failed",
                running.join("`, `")
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

/// [`run_in_process`] with the test marked as running for the exit guard.
#[cfg(unix)]
pub fn run_guarded(ctx: &dyn TestContext) -> Result<(), String> {
    let entry = ctx.entry();
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(entry.name);
    let result = run_in_process(ctx);
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(at) = running.iter().position(|t| *t == entry.name) {
        running.remove(at);
    }
    result
}
