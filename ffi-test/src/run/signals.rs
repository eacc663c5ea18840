//! Names and meanings of the signals a crashing test can die of.

/// The signals a test can die of (or the run be interrupted by): number, name, meaning.
const KNOWN: [(i32, &str, &str); 21] = [
    (libc::SIGSEGV, "SIGSEGV", "invalid memory reference"),
    (libc::SIGABRT, "SIGABRT", "abort"),
    (
        libc::SIGBUS,
        "SIGBUS",
        "bus error: misaligned or unmapped access",
    ),
    (
        libc::SIGFPE,
        "SIGFPE",
        "arithmetic exception, e.g. integer division by zero",
    ),
    (libc::SIGILL, "SIGILL", "illegal instruction"),
    (libc::SIGKILL, "SIGKILL", "killed"),
    (libc::SIGTERM, "SIGTERM", "terminated"),
    (libc::SIGTRAP, "SIGTRAP", "trace trap"),
    (libc::SIGPIPE, "SIGPIPE", "broken pipe"),
    (libc::SIGSYS, "SIGSYS", "bad system call"),
    (libc::SIGINT, "SIGINT", "interrupt"),
    (libc::SIGHUP, "SIGHUP", "hangup"),
    (libc::SIGQUIT, "SIGQUIT", "quit"),
    (
        libc::SIGXCPU,
        "SIGXCPU",
        "CPU time limit exceeded (RLIMIT_CPU)",
    ),
    (
        libc::SIGXFSZ,
        "SIGXFSZ",
        "file size limit exceeded (RLIMIT_FSIZE)",
    ),
    (libc::SIGALRM, "SIGALRM", "alarm clock"),
    (libc::SIGVTALRM, "SIGVTALRM", "virtual alarm clock"),
    (libc::SIGPROF, "SIGPROF", "profiling timer expired"),
    (libc::SIGUSR1, "SIGUSR1", "user-defined signal 1"),
    (libc::SIGUSR2, "SIGUSR2", "user-defined signal 2"),
    (libc::SIGIO, "SIGIO", "I/O possible"),
];

fn known(signal: i32) -> Option<&'static (i32, &'static str, &'static str)> {
    KNOWN.iter().find(|(number, _, _)| *number == signal)
}

/// `SIGSEGV (invalid memory reference)` and the like; for a signal not listed (a real-time
/// one), the C library's description.
pub fn describe(signal: i32) -> String {
    match known(signal) {
        Some((_, name, meaning)) => format!("{name} ({meaning}), signal {signal}"),
        None => match c_description(signal) {
            Some(text) => format!("signal {signal} ({text})"),
            None => format!("signal {signal}"),
        },
    }
}

/// strsignal(3)'s text for `signal`.
fn c_description(signal: i32) -> Option<String> {
    // SAFETY: strsignal accepts any number; glibc returns a NUL-terminated string in static
    // storage or in a buffer of this thread, valid until this thread's next call: it is copied
    // below before anything else runs here.
    let text = unsafe { libc::strsignal(signal) };
    if text.is_null() {
        return None;
    }
    // SAFETY: non-null, NUL-terminated (see above).
    let text = unsafe { std::ffi::CStr::from_ptr(text) };
    Some(text.to_string_lossy().into_owned())
}

/// The short name (`SIGSEGV`) of a signal number, if known.
pub fn name(signal: i32) -> Option<&'static str> {
    known(signal).map(|(_, name, _)| *name)
}

/// The handlers that were installed for SIGSEGV and SIGBUS before ours (Rust's stack-overflow
/// detection), which ours chain to for real faults.
static PREVIOUS: [std::sync::OnceLock<libc::sigaction>; 2] =
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
const FAULTS: [i32; 2] = [libc::SIGSEGV, libc::SIGBUS];

/// Makes a SIGSEGV or SIGBUS that was *sent* (`raise`, `kill`) kill the process, as one caused by
/// a fault does. Rust's runtime handles both signals to detect stack overflows; for a signal
/// that is not a guard-page fault its handler restores the default action and returns, which
/// ends the process only when the faulting instruction runs again: a sent signal has no such
/// instruction, so without this it would be swallowed and the test reported as passing.
pub fn make_sent_faults_fatal() {
    for (slot, signal) in PREVIOUS.iter().zip(FAULTS) {
        // SAFETY: zeroed sigaction structs are valid for sigaction(2) to read and fill; the
        // handler installed is `on_fault`, with the SA_SIGINFO signature it is declared with.
        unsafe {
            let mut previous: libc::sigaction = std::mem::zeroed();
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            if libc::sigaction(signal, &action, &mut previous) == 0 {
                let _ = slot.set(previous);
            }
        }
    }
}

extern "C" fn on_fault(signal: i32, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    // Where it happened, first (a test process's report; nothing elsewhere).
    super::crash::record(signal, info, context);
    // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO handler.
    let sent = unsafe { (*info).si_code } <= 0;
    let previous = FAULTS
        .iter()
        .position(|&s| s == signal)
        .and_then(|i| PREVIOUS[i].get());
    match previous {
        // SAFETY: the previous handler was installed for this signal with these flags; calling
        // it with the arguments we were given is what the kernel would have done. Everything
        // else here is async-signal-safe (sigaction, raise).
        Some(previous) if !sent && previous.sa_sigaction > libc::SIG_IGN => unsafe {
            if previous.sa_flags & libc::SA_SIGINFO != 0 {
                let handler: extern "C" fn(i32, *mut libc::siginfo_t, *mut libc::c_void) =
                    std::mem::transmute(previous.sa_sigaction);
                handler(signal, info, context);
            } else {
                let handler: extern "C" fn(i32) = std::mem::transmute(previous.sa_sigaction);
                handler(signal);
            }
        },
        // SAFETY: restoring the default action and re-raising: the signal is blocked while this
        // handler runs, so it is delivered (and kills the process) when the handler returns; a
        // real fault re-executes its instruction under the default action.
        _ => unsafe {
            libc::signal(signal, libc::SIG_DFL);
            if sent {
                libc::raise(signal);
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn resource_limits_and_every_other_signal_are_named() {
        assert_eq!(
            describe(libc::SIGXFSZ),
            "SIGXFSZ (file size limit exceeded (RLIMIT_FSIZE)), signal 25"
        );
        assert_eq!(
            describe(libc::SIGXCPU),
            "SIGXCPU (CPU time limit exceeded (RLIMIT_CPU)), signal 24"
        );
        assert_eq!(
            describe(libc::SIGRTMIN() + 3),
            format!("signal {} (Real-time signal 3)", libc::SIGRTMIN() + 3)
        );
    }
}
