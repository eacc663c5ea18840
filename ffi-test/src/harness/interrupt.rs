//! Interrupts: SIGINT, SIGTERM or SIGHUP to the harness kill every test process group it started,
//! and the run then ends normally, with the unfinished tests failed as interrupted, the summary
//! and the JUnit report written, and a non-zero exit status. A second signal ends the harness
//! at once.
//!
//! Test processes live in process groups of their own (so a test's stray processes can be
//! killed with it), which also means the terminal's Ctrl-C does not reach them: this module is
//! what stops them.

use std::collections::BTreeSet;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;

struct State {
    /// The signal that interrupted the run, once one has.
    interrupted: Option<i32>,
    /// Process groups of the test processes now running.
    groups: BTreeSet<libc::pid_t>,
}

static STATE: Mutex<State> = Mutex::new(State {
    interrupted: None,
    groups: BTreeSet::new(),
});

/// The write end of the self-pipe the signal handler writes the signal number to.
static WAKE_FD: AtomicI32 = AtomicI32::new(-1);

const SIGNALS: [i32; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The signal that interrupted the run, if one has.
pub fn interrupted() -> Option<i32> {
    state().interrupted
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
    std::thread::spawn(move || {
        let mut byte = [0u8; 1];
        while let Ok(1) = read_end.read(&mut byte) {
            on_signal(i32::from(byte[0]));
        }
    });
    for signal in SIGNALS {
        // SAFETY: a zeroed sigaction is a valid starting point; the handler only calls write(2),
        // which is async-signal-safe.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as usize;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
    if std::env::var_os("CARGO").is_some() {
        let parent = std::os::unix::process::parent_id();
        // SAFETY: prctl(2) PR_SET_PDEATHSIG with a valid signal number.
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) };
        if std::os::unix::process::parent_id() != parent {
            // The parent died before the request took effect.
            on_signal(libc::SIGTERM);
        }
    }
}

extern "C" fn handler(signal: i32) {
    let fd = WAKE_FD.load(Ordering::SeqCst);
    let byte = signal as u8;
    // SAFETY: write(2) of one byte from a local to a descriptor this module owns; async-signal-safe.
    unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
}

fn on_signal(signal: i32) {
    let mut state = state();
    if state.interrupted.is_some() {
        // A second interrupt: stop waiting for the orderly end.
        eprintln!("ffi-test: interrupted again, exiting at once");
        for group in &state.groups {
            kill_group(*group);
        }
        // SAFETY: _exit(2) ends the process without running anything else.
        unsafe { libc::_exit(128 + signal) };
    }
    state.interrupted = Some(signal);
    for group in &state.groups {
        kill_group(*group);
    }
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
