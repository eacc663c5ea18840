//! One child process of the harness, seen to its end. It runs in a process group of its own,
//! registered so an interrupt can kill it; its exit is noticed without reaping it, so that
//! whatever it left running in its group is killed while the group's id is still its own; its
//! output is collected (bounded) even when a process that escaped the group holds the pipe.
//!
//! Whoever waits for the child reads its output meanwhile, and its exit is a pidfd becoming
//! readable: no thread per child (two threads started per test cost as much as a fork).

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::interrupt;
use super::output::Drain;

/// How long to wait for the end of a finished test's output once its group is killed: only a
/// process that left the group (setsid) can still hold the pipe, and its output is not waited for.
const LINGER: Duration = Duration::from_millis(200);

/// A started child.
pub struct Running {
    /// Its pid, also its process group's id.
    group: libc::pid_t,
    exited: Exit,
    output: Option<Drain>,
    finished: bool,
}

/// How the child's exit is noticed.
enum Exit {
    /// Readable once it has exited (Linux 5.3 and later).
    Pidfd(OwnedFd),
    /// Where pidfd_open(2) is missing (an emulator's kernel): a thread waits without reaping.
    Thread(mpsc::Receiver<()>),
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
    let group = interrupt::register(|| {
        let child = crate::os::reaper::spawn(&mut cmd)
            .map_err(|e| format!("cannot start the test binary: {e}"))?;
        // Waited for by pid from here on (std's Child neither kills nor waits when dropped).
        let group = child.id() as libc::pid_t;
        Ok((group, group))
    })?;
    // The Command holds the pipe's write ends: drop it so the reader sees end-of-file when the
    // child's group is gone.
    drop(cmd);
    Ok(watch(group, reader))
}

/// A child started by a fork server (see `forks`): already this process's child, known to the
/// reaper, leading its own group; `reader` is the read end of its output pipe.
pub fn adopt(pid: libc::pid_t, reader: Option<std::io::PipeReader>) -> Result<Running, String> {
    let group = interrupt::register(|| Ok((pid, pid)))?;
    Ok(watch(group, reader))
}

fn watch(group: libc::pid_t, reader: Option<std::io::PipeReader>) -> Running {
    Running {
        group,
        exited: exit_notice(group),
        output: reader.map(Drain::new),
        finished: false,
    }
}

fn exit_notice(pid: libc::pid_t) -> Exit {
    // SAFETY: pidfd_open(2) with a pid and no flags; it returns a new descriptor or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd >= 0 {
        // SAFETY: the descriptor was just returned to us and is owned by nobody else.
        return Exit::Pidfd(unsafe { OwnedFd::from_raw_fd(fd as i32) });
    }
    let (tx, exited) = mpsc::channel();
    std::thread::spawn(move || {
        wait_without_reaping(pid);
        let _ = tx.send(());
    });
    Exit::Thread(exited)
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

    /// Waits up to `timeout` for the child to exit, reading its output meanwhile; `true` if
    /// it did.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (exit_fd, slice) = match &self.exited {
                Exit::Pidfd(fd) => (Some(fd.as_raw_fd()), left),
                Exit::Thread(exited) => match exited.try_recv() {
                    Err(mpsc::TryRecvError::Empty) => (None, left.min(Duration::from_millis(5))),
                    _ => return true,
                },
            };
            let mut fds = Vec::with_capacity(2);
            fds.extend(exit_fd.map(pollfd));
            fds.extend(self.output.as_ref().and_then(Drain::fd).map(pollfd));
            let ms = slice.as_millis().min(i32::MAX as u128) as i32;
            // SAFETY: poll(2) on live pollfds, as many as the slice holds.
            unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
            if let Some(output) = &mut self.output {
                output.read_available();
            }
            if exit_fd.is_some() && fds[0].revents != 0 {
                return true;
            }
            if left.is_zero() {
                return false;
            }
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
        let status = reap(self.group).map_err(|e| format!("cannot wait for the test process: {e}"));
        let output = self
            .output
            .take()
            .map(|d| d.finish(LINGER))
            .unwrap_or_default();
        (status, output)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.finished {
            self.signal_group(libc::SIGKILL);
            interrupt::unregister(self.group);
            let _ = reap(self.group);
        }
    }
}

fn pollfd(fd: std::os::fd::RawFd) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }
}

/// Waits for our child `pid` to end and reaps it.
fn reap(pid: libc::pid_t) -> std::io::Result<ExitStatus> {
    let mut status = 0;
    loop {
        // SAFETY: waitpid(2) on our own unreaped child with a valid status pointer.
        if unsafe { libc::waitpid(pid, &mut status, 0) } == pid {
            crate::os::reaper::reaped(pid as u32);
            return Ok(ExitStatus::from_raw(status));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}
