//! Names and meanings of the signals a crashing test can die of.

/// `SIGSEGV (invalid memory reference)` and the like; `signal N` for ones not listed.
pub fn describe(signal: i32) -> String {
    let (name, meaning) = match signal {
        libc::SIGSEGV => ("SIGSEGV", "invalid memory reference"),
        libc::SIGABRT => ("SIGABRT", "abort"),
        libc::SIGBUS => ("SIGBUS", "bus error: misaligned or unmapped access"),
        libc::SIGFPE => (
            "SIGFPE",
            "arithmetic exception, e.g. integer division by zero",
        ),
        libc::SIGILL => ("SIGILL", "illegal instruction"),
        libc::SIGKILL => ("SIGKILL", "killed"),
        libc::SIGTERM => ("SIGTERM", "terminated"),
        libc::SIGTRAP => ("SIGTRAP", "trace trap"),
        libc::SIGPIPE => ("SIGPIPE", "broken pipe"),
        libc::SIGSYS => ("SIGSYS", "bad system call"),
        _ => return format!("signal {signal}"),
    };
    format!("{name} ({meaning}), signal {signal}")
}

/// The short name (`SIGSEGV`) of a signal number, if known.
pub fn name(signal: i32) -> Option<&'static str> {
    Some(match signal {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGILL => "SIGILL",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGSYS => "SIGSYS",
        _ => return None,
    })
}
