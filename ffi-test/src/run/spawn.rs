//! One child process of the harness, seen to its end. It runs in a process group of its own,
//! registered so an interrupt can kill it; its exit is noticed without reaping it, so that
//! whatever it left running in its group is killed while the group's id is still its own; its
//! output is collected (bounded) even when a process that escaped the group holds the pipe.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::interrupt;
use super::output::Collector;

/// How long to wait for the end of a finished test's output once its group is killed: only a
/// process that left the group (setsid) can still hold the pipe, and its output is not waited for.
const LINGER: Duration = Duration::from_millis(200);

/// A started child.
pub struct Running {
    child: Child,
    group: libc::pid_t,
    exited: mpsc::Receiver<()>,
    output: Option<Collector>,
    finished: bool,
}

/// Starts `cmd` in its own process group, stdin closed, stdout and stderr captured into one pipe
/// (their interleaving kept) or, without `capture`, sent to the harness's real stdout/stderr.
pub fn start(mut cmd: Command, capture: bool) -> Result<Running, String> {
    cmd.stdin(Stdio::null()).process_group(0);
    let reader = if capture {
        let (reader, writer) = std::io::pipe().map_err(|e| format!("cannot create a pipe: {e}"))?;
        let second = writer
            .try_clone()
            .map_err(|e| format!("cannot duplicate a pipe: {e}"))?;
        cmd.stdout(writer).stderr(second);
        Some(reader)
    } else {
        if let Some(stdout) = crate::report::summary::real_stdout() {
            cmd.stdout(stdout);
        }
        None
    };
    let child = interrupt::register(|| {
        let child = crate::os::reaper::spawn(&mut cmd)
            .map_err(|e| format!("cannot start the test binary: {e}"))?;
        let group = child.id() as libc::pid_t;
        Ok((child, group))
    })?;
    // The Command holds the pipe's write ends: drop it so the reader sees end-of-file when the
    // child's group is gone.
    drop(cmd);
    let group = child.id() as libc::pid_t;
    let (tx, exited) = mpsc::channel();
    std::thread::spawn(move || {
        wait_without_reaping(group);
        let _ = tx.send(());
    });
    Ok(Running {
        child,
        group,
        exited,
        output: reader.map(Collector::start),
        finished: false,
    })
}

/// Blocks until `pid` has exited, leaving it a zombie: its pid (and so its group id) stays
/// reserved until it is reaped.
fn wait_without_reaping(pid: libc::pid_t) {
    loop {
        // SAFETY: a zeroed siginfo_t is valid for waitid(2) to fill.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid(2) on our own child with a valid siginfo_t; WNOWAIT leaves it unreaped.
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return;
        }
    }
}

impl Running {
    /// The child's pid (also its process group's id).
    pub fn pid(&self) -> libc::pid_t {
        self.group
    }

    /// Waits up to `timeout` for the child to exit; `true` if it did.
    pub fn wait(&self, timeout: Duration) -> bool {
        match self.exited.recv_timeout(timeout) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => true,
            Err(mpsc::RecvTimeoutError::Timeout) => false,
        }
    }

    /// Sends `signal` to the child's whole process group, and to the child itself (which may
    /// have left the group).
    pub fn signal_group(&self, signal: i32) {
        interrupt::signal_group(self.group, signal);
    }

    /// After the child exited (or was killed): kills what is left of its process group, reaps
    /// it, and takes its output.
    pub fn finish(mut self) -> (Result<ExitStatus, String>, String) {
        self.finished = true;
        self.signal_group(libc::SIGKILL);
        interrupt::unregister(self.group);
        let status = self
            .child
            .wait()
            .map_err(|e| format!("cannot wait for the test process: {e}"));
        crate::os::reaper::reaped(self.child.id());
        let output = self
            .output
            .take()
            .map(|c| c.finish(LINGER))
            .unwrap_or_default();
        (status, output)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.finished {
            self.signal_group(libc::SIGKILL);
            interrupt::unregister(self.group);
            let _ = self.child.wait();
            crate::os::reaper::reaped(self.child.id());
        }
    }
}
