//! The fork server's own side: a child of the harness that has loaded the binary's C (its
//! constructors run once, here) and then, on each request, forks the test's process.
//!
//! The test must be the harness's child, as an `exec`ed one is, so that the harness waits for
//! it, sees how it ended, and kills its group as for any other: so the server forks a middle
//! process, which forks the test, sends its pid to the harness and exits; the test is adopted
//! by the nearest subreaper above it, which is the harness (this process gives up being one).
//! The server answers as soon as the middle process is forked, so that the second fork of one
//! test runs beside the first of the next. The test waits until it is the harness's child before
//! it asks to die with its parent (`PR_SET_PDEATHSIG` names the parent of the moment).

use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};

use super::wire::{Reply, Request, MAX_MESSAGE};
use crate::os::passing;
use crate::run::channel::Reporter;
use crate::run::child::{self, Role};
use crate::run::test_context::CSide;

/// Serves requests on `control` until the harness closes it, then exits.
pub fn serve(c: &CSide, control: OwnedFd, harness: libc::pid_t) -> ! {
    // SAFETY: prctl(2) PR_SET_CHILD_SUBREAPER with a flag value.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 0) };
    if !crate::run::entries_with_c().is_empty() {
        c.get().load_all();
    }
    // Each test's crash handler, ready before the forks (they only name their channel), and
    // before Python's, which chains to it.
    if !crate::tools::checkers::Checker::of_child().is_active() {
        crate::run::crash::prepare();
    }
    crate::tools::start_python(c.config());
    let mut buffer = vec![0u8; MAX_MESSAGE];
    loop {
        let (len, fds) = match passing::receive(&control, &mut buffer) {
            Ok(Some(message)) => message,
            Ok(None) => std::process::exit(0),
            Err(e) => {
                eprintln!("ffi-test: the fork server cannot read its requests: {e}");
                std::process::exit(102)
            }
        };
        let reply = match Request::decode(&buffer[..len]) {
            Ok(request) => fork_test(c, &control, harness, request, fds),
            Err(e) => Reply::Refused(format!("a request it could not read ({e})")),
        };
        if passing::send(&control, &reply.encode(), &[]).is_err() {
            std::process::exit(0)
        }
    }
}

/// Forks the middle process that forks `request`'s test (see the module's comment).
fn fork_test(
    c: &CSide,
    control: &OwnedFd,
    harness: libc::pid_t,
    request: Request,
    fds: Vec<OwnedFd>,
) -> Reply {
    reap_middles();
    let threads = threads();
    if threads != 1 {
        return Reply::Refused(format!(
            "the fork server has {threads} threads (started by the C it loaded?), and a process forks safely only with one"
        ));
    }
    let mut fds = fds.into_iter();
    let (Some(verdict), Some(pid_out)) = (fds.next(), fds.next()) else {
        return Reply::Refused("a request without its descriptors".into());
    };
    let output = fds.next();
    // What is buffered now would be written again by every test.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: fflush(3) with NULL flushes every C stream.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    let python = crate::tools::PythonFork::before();
    // SAFETY: fork(2) in a single-threaded process (checked above): the child may run anything.
    match unsafe { libc::fork() } {
        -1 => {
            python.parent();
            Reply::Refused(format!("fork failed: {}", std::io::Error::last_os_error()))
        }
        0 => {
            let test = Test {
                control,
                harness,
                verdict,
                output,
                request,
                python,
            };
            middle(c, test, pid_out)
        }
        // The descriptors are the middle process's now; the server's copies close here.
        _ => {
            python.parent();
            Reply::Forked
        }
    }
}

/// Reaps the middle processes that have exited (each exits as soon as it has forked).
fn reap_middles() {
    let mut status = 0;
    // SAFETY: waitpid(2) with WNOHANG on this process's children (only middle processes).
    while unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) } > 0 {}
}

/// What the test's process is given.
struct Test<'a> {
    control: &'a OwnedFd,
    harness: libc::pid_t,
    verdict: OwnedFd,
    output: Option<OwnedFd>,
    request: Request,
    /// The interpreter's fork, ended in the test's process (the middle one runs no Python).
    python: crate::tools::PythonFork,
}

/// The middle process: forks the test, sends its pid, and exits, which makes the test the
/// harness's child and tells it so (the end of `go`).
fn middle(c: &CSide, test: Test, pid_out: OwnedFd) -> ! {
    let Ok((go, gone)) = std::io::pipe() else {
        // SAFETY: _exit(2): the harness sees the pid's pipe end without a pid.
        unsafe { libc::_exit(1) }
    };
    let middle = std::process::id();
    // SAFETY: fork(2) in this single-threaded process.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        drop((gone, pid_out));
        become_test(c, test, go, middle)
    }
    if pid > 0 {
        let _ = std::fs::File::from(pid_out).write_all(&pid.to_ne_bytes());
    }
    // SAFETY: _exit(2): nothing of the server's is to run here; `gone` closes with it.
    unsafe { libc::_exit(0) }
}

/// In the forked test's process: becomes what an `exec`ed test child is, then runs the test.
fn become_test(c: &CSide, test: Test, go: std::io::PipeReader, middle: u32) -> ! {
    // SAFETY: setpgid(2) and close(2) on this process alone. The control socket is the
    // server's: a test must not send it requests. Closed by number, since its owner lives in
    // a frame this process never returns to.
    unsafe {
        libc::setpgid(0, 0);
        libc::close(test.control.as_raw_fd());
    }
    // End-of-file once the middle process has closed its descriptors, which it does as it
    // exits, a moment before this process is handed to the harness.
    let _ = std::io::Read::read(&mut { go }, &mut [0u8; 1]);
    let handed_over = std::time::Instant::now();
    while std::os::unix::process::parent_id() == middle {
        if handed_over.elapsed() > std::time::Duration::from_secs(5) {
            // SAFETY: _exit(2): never handed to the harness; nothing is to run.
            unsafe { libc::_exit(102) }
        }
        std::thread::yield_now();
    }
    // SAFETY: prctl(2) PR_SET_PDEATHSIG with a valid signal number.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    if std::os::unix::process::parent_id() != test.harness as u32 {
        // SAFETY: _exit(2): the harness is gone; nothing is to run.
        unsafe { libc::_exit(102) }
    }
    crate::os::reaper::adopt_orphans();
    test.python.child();
    if let Some(output) = test.output {
        // SAFETY: dup2(2) of an open descriptor over stdout and stderr.
        unsafe {
            libc::dup2(output.as_raw_fd(), 1);
            libc::dup2(output.as_raw_fd(), 2);
        }
    }
    for (name, value) in &test.request.env {
        // Single-threaded: nothing reads the environment meanwhile.
        std::env::set_var(name, value);
    }
    let reporter = Reporter::adopt(test.verdict);
    let role = Role::Test {
        name: test.request.test,
        core: None,
        debugged: false,
    };
    child::run(c, role, reporter)
}

/// How many threads this process has (`/proc/self/stat`'s 20th field); 0 when unknown.
fn threads() -> usize {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    stat.rfind(')')
        .and_then(|end| stat[end + 1..].split_whitespace().nth(17))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_test_process_counts_its_threads() {
        // Other tests' threads come and go: only a lower bound is certain.
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || rx.recv());
        assert!(super::threads() >= 2, "{}", super::threads());
        tx.send(()).unwrap();
        thread.join().unwrap().unwrap();
    }
}
