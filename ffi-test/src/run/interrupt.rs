//! Interrupts: SIGINT, SIGTERM or SIGHUP to the harness kill every test process group it started
//! and every compiler or tool it is running (none is started again), and the run then ends
//! normally, with the unfinished tests failed as interrupted, the summary and the JUnit report
//! written, and a non-zero exit status.
//!
//! A second signal ends the harness at once, unless it is the echo of the first: one that
//! arrives within [`ECHO`] of it, or one from the process that started the harness (cargo; its
//! death is signalled to the harness too). Cancelling a CI job signals `cargo test`'s whole
//! process group: the harness gets the signal, then cargo's death, and must still report.
//!
//! Signals that would end the harness with no report and that nothing sends on purpose
//! (SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF) are caught and ignored; the handlers are
//! reset by `exec`, so test processes get the default dispositions.
//!
//! Test processes live in process groups of their own (so a test's stray processes can be
//! killed with it), which also means the terminal's Ctrl-C does not reach them: this module is
//! what stops them.

use std::collections::BTreeSet;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;

/// How long after the first interrupt a second one is taken for its echo.
const ECHO: std::time::Duration = std::time::Duration::from_secs(3);

struct State {
    /// The signal that interrupted the run, once one has, and when.
    interrupted: Option<(i32, std::time::Instant)>,
    /// Process groups of the test processes now running.
    groups: BTreeSet<libc::pid_t>,
}

static STATE: Mutex<State> = Mutex::new(State {
    interrupted: None,
    groups: BTreeSet::new(),
});

/// The write end of the self-pipe the signal handler writes the signal number to.
static WAKE_FD: AtomicI32 = AtomicI32::new(-1);

/// The pid of the process that started the harness, whose signals are never a second interrupt.
static STARTER: AtomicI32 = AtomicI32::new(-1);

const SIGNALS: [i32; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

const IGNORED: [i32; 5] = [
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGVTALRM,
    libc::SIGPROF,
];

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The signal that interrupted the run, if one has.
pub fn interrupted() -> Option<i32> {
    state().interrupted.map(|(signal, _)| signal)
}

/// Runs `spawn` and registers the group of the process it starts. Nothing is started once the
/// run is interrupted; a process started while the interrupt was being handled is killed here,
/// so none escapes. (`spawn` runs outside the lock: test threads start children in parallel.)
pub fn register<T>(spawn: impl FnOnce() -> Result<(T, libc::pid_t), String>) -> Result<T, String> {
    if let Some(signal) = interrupted() {
        return Err(interrupted_message(signal));
    }
    let (value, group) = spawn()?;
    let mut state = state();
    state.groups.insert(group);
    if state.interrupted.is_some() {
        kill_group(group);
    }
    Ok(value)
}

/// The group has ended and been reaped.
pub fn unregister(group: libc::pid_t) {
    state().groups.remove(&group);
}

/// How a test cut short by `signal` is reported.
pub fn interrupted_message(signal: i32) -> String {
    format!(
        "interrupted: the run received {} and stopped its test processes",
        super::signals::name(signal).unwrap_or("a signal")
    )
}

/// Installs the handlers. Also asks to be sent SIGTERM when the process that started the
/// harness (cargo) dies, so killing `cargo test` stops the tests too.
pub fn install() {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid two-element array for pipe2(2) to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return;
    }
    // SAFETY: the read end was just returned by pipe2(2) and is owned by nobody else.
    let mut read_end = std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fds[0]) });
    WAKE_FD.store(fds[1], Ordering::SeqCst);
    STARTER.store(std::os::unix::process::parent_id() as i32, Ordering::SeqCst);
    std::thread::spawn(move || {
        let mut record = [0u8; 2];
        while read_end.read_exact(&mut record).is_ok() {
            on_signal(i32::from(record[0]), record[1] == 1);
        }
    });
    for signal in SIGNALS {
        catch(signal, handler as *const () as usize);
    }
    for signal in IGNORED {
        catch(signal, ignore as *const () as usize);
    }
    if std::env::var_os("CARGO").is_some() {
        let parent = std::os::unix::process::parent_id();
        // SAFETY: prctl(2) PR_SET_PDEATHSIG with a valid signal number.
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) };
        if std::os::unix::process::parent_id() != parent {
            // The parent died before the request took effect.
            on_signal(libc::SIGTERM, true);
        }
    }
}

/// Installs `handler` (an `extern "C" fn(i32, *mut siginfo_t, *mut c_void)`) for `signal`.
fn catch(signal: i32, handler: usize) {
    // SAFETY: a zeroed sigaction is a valid starting point; both handlers are async-signal-safe
    // (one calls only write(2), the other nothing).
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler;
        action.sa_flags = libc::SA_RESTART | libc::SA_SIGINFO;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(signal, &action, std::ptr::null_mut());
    }
}

extern "C" fn ignore(_: i32, _: *mut libc::siginfo_t, _: *mut libc::c_void) {}

extern "C" fn handler(signal: i32, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let fd = WAKE_FD.load(Ordering::SeqCst);
    // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO handler.
    let sender = unsafe { (*info).si_pid() };
    let record = [
        signal as u8,
        u8::from(sender == STARTER.load(Ordering::SeqCst)),
    ];
    // SAFETY: write(2) of two bytes from a local to a descriptor this module owns;
    // async-signal-safe.
    unsafe { libc::write(fd, record.as_ptr().cast(), 2) };
}

fn on_signal(signal: i32, from_starter: bool) {
    let mut state = state();
    if let Some((first, at)) = state.interrupted {
        if from_starter || at.elapsed() < ECHO {
            eprintln!(
                "ffi-test: {} again while stopping: still writing the report",
                super::signals::name(signal).unwrap_or("a signal")
            );
            return;
        }
        // A second interrupt, on its own: stop waiting for the orderly end.
        eprintln!("ffi-test: interrupted again, exiting at once");
        for group in &state.groups {
            kill_group(*group);
        }
        crate::os::reaper::stop_all();
        // SAFETY: _exit(2) ends the process without running anything else.
        unsafe { libc::_exit(128 + first) };
    }
    state.interrupted = Some((signal, std::time::Instant::now()));
    for group in &state.groups {
        kill_group(*group);
    }
    // Compilers and tools too; nothing more is started.
    crate::os::reaper::stop_all();
}

fn kill_group(group: libc::pid_t) {
    signal_group(group, libc::SIGKILL);
}

/// Sends `signal` to the process group a child of this harness leads, and to the child itself:
/// a child that moved to another group (even the harness's) is still reached.
pub fn signal_group(group: libc::pid_t, signal: i32) {
    // SAFETY: kill(2) on a process group this harness started, and on its leader, which is not
    // reaped yet (callers signal only unreaped children), so neither id can have been reused.
    unsafe {
        libc::kill(-group, signal);
        libc::kill(group, signal);
    }
}
