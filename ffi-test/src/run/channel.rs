//! The verdict channel: how a child tells its parent how its test ended.
//!
//! It is a Unix socket pair the parent opens, never a path: nothing in the child's environment
//! or file system names it, so C that writes `ok` somewhere, an `atexit` handler, or a re-exec of
//! the binary naming another test finds nothing to write to. The child's end is inherited across
//! the `exec` that starts the child and closed on every later one (see [`Reporter`]). The
//! parent asks the kernel for each message's sender (`SO_PASSCRED`) and keeps only what the
//! process it started wrote: a forked grandchild holding the descriptor is ignored.
//!
//! Messages are concatenated in the order they arrive; each record a child writes is one
//! message or more (see [`Reporter::send`]), and what it sends before it exits is queued before
//! the parent sees the exit, so [`Inbox::finish`] after the exit has all of it.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::process::Command;
use std::time::Duration;

use super::child::RESULT_VAR;

/// The most a child's verdicts may hold; more is a broken child, not a longer report.
const CAP: usize = 64 << 20;

/// The lowest number the child's end is moved to (a test's own descriptors are lower).
const MOVED_TO: RawFd = 200;

/// The largest message a child sends: well under a socket's send buffer.
pub(super) const CHUNK: usize = 32 << 10;

/// A channel made for one child, before it is started.
pub struct Channel {
    parent: OwnedFd,
    child: OwnedFd,
}

/// What the parent received from its child so far.
#[derive(Debug, Default)]
pub struct Received {
    /// Every byte the child sent, in order (up to the cap).
    pub bytes: Vec<u8>,
    /// The child sent more than the cap allows.
    pub overflowed: bool,
}

/// The parent's end. Drained by whoever waits for the child, between waits (a child's message
/// up to a socket buffer, some 200 KiB, never waits for it) and once it has exited: no thread
/// of its own, which would cost every test a thread start.
pub struct Inbox {
    socket: OwnedFd,
    pid: libc::pid_t,
    received: Received,
    /// How many bytes [`Inbox::take_new`] has handed out.
    taken: usize,
    /// Where each message is received, allocated once.
    buffer: Vec<u8>,
}

impl Channel {
    pub fn new() -> Result<Channel, String> {
        let (parent, child) = crate::os::passing::socket_pair()
            .map_err(|e| format!("cannot open a verdict channel: {e}"))?;
        // The child's end is inherited across exec. Not through a pre_exec hook clearing
        // close-on-exec in the child alone: any hook makes std fork instead of posix_spawn,
        // which cost 0.7 ms a test. A process another test thread starts meanwhile inherits it
        // too, and can do nothing with it: only the child's own messages are kept.
        // SAFETY: fcntl(2) F_SETFD on a descriptor we own.
        if unsafe { libc::fcntl(child.as_raw_fd(), libc::F_SETFD, 0) } == -1 {
            return Err(format!(
                "cannot open a verdict channel: {}",
                io::Error::last_os_error()
            ));
        }
        let on: libc::c_int = 1;
        // SAFETY: setsockopt(2) on our socket with a valid int option value and its size.
        let set = unsafe {
            libc::setsockopt(
                parent.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_PASSCRED,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if set != 0 {
            return Err(format!(
                "cannot ask for the verdict channel's senders: {}",
                io::Error::last_os_error()
            ));
        }
        Ok(Channel { parent, child })
    }

    /// Hands the child's end to `cmd`: its number in the environment (the descriptor itself is
    /// inherited, see [`Channel::new`]).
    pub fn give_to(&self, cmd: &mut Command) {
        cmd.env(RESULT_VAR, self.child.as_raw_fd().to_string());
    }

    /// The child's end, to hand to a process started some other way than by `exec` (see
    /// `forks`); the channel keeps its copy until [`Channel::listen`].
    pub fn child_end(&self) -> RawFd {
        self.child.as_raw_fd()
    }

    /// The parent's end alone, for a conversation rather than a verdict (a fork server's
    /// requests and replies).
    pub fn into_parent(self) -> OwnedFd {
        self.parent
    }

    /// Once the child `pid` is started: closes the parent's copy of the child's end; what
    /// `pid`, and only `pid`, sends is kept.
    pub fn listen(self, pid: libc::pid_t) -> Inbox {
        drop(self.child);
        Inbox {
            socket: self.parent,
            pid,
            received: Received::default(),
            taken: 0,
            buffer: vec![0u8; CHUNK * 2],
        }
    }
}

impl Inbox {
    /// Receives what is queued now, without waiting.
    pub fn drain(&mut self) {
        // Bounded: a process that keeps sending cannot hold the harness here.
        for _ in 0..100_000 {
            let Some((len, sender)) = receive(self.socket.as_raw_fd(), &mut self.buffer) else {
                return;
            };
            if sender != Some(self.pid) {
                continue;
            }
            if self.received.bytes.len() + len > CAP {
                self.received.overflowed = true;
            } else {
                self.received.bytes.extend_from_slice(&self.buffer[..len]);
            }
        }
    }

    /// Waits up to `limit` for a message to be queued.
    pub fn wait_readable(&self, limit: Duration) {
        crate::os::passing::readable(&self.socket, limit);
    }

    /// The bytes received since the last call (a batch child's progress as it runs).
    pub fn take_new(&mut self) -> Vec<u8> {
        self.drain();
        let new = self.received.bytes[self.taken..].to_vec();
        self.taken = self.received.bytes.len();
        new
    }

    /// After the child exited: everything it sent (queued before its exit was seen).
    pub fn finish(mut self) -> Received {
        self.drain();
        std::mem::take(&mut self.received)
    }
}

/// One queued message and the pid the kernel says sent it; `None` when none is queued, at
/// end-of-file, or on an error. Descriptors a message carried are closed at once.
fn receive(socket: RawFd, buffer: &mut [u8]) -> Option<(usize, Option<libc::pid_t>)> {
    let message = crate::os::passing::receive_message(socket, buffer, libc::MSG_DONTWAIT)
        .ok()
        .flatten()?;
    Some((message.len, message.sender))
}

/// The child's end, as the child finds it.
pub struct Reporter(OwnedFd);

impl Reporter {
    /// The end named by `value` (the environment variable's text), closed on any later `exec`:
    /// a program the test runs, or a re-exec of this binary, does not inherit it.
    pub fn from_env(value: &str) -> Result<Reporter, String> {
        let fd: RawFd = value
            .parse()
            .map_err(|_| format!("`{value}` is not a descriptor number"))?;
        // SAFETY: a zeroed stat is valid for fstat(2) to fill.
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: fstat(2) on a descriptor number with a valid stat buffer; a closed one fails.
        if fd < 3 || unsafe { libc::fstat(fd, &mut stat) } != 0 {
            return Err(format!("descriptor {fd} is not open"));
        }
        if stat.st_mode & libc::S_IFMT != libc::S_IFSOCK {
            return Err(format!("descriptor {fd} is not a socket"));
        }
        // Moved away from the number the environment (and /proc/self/environ) names, and closed
        // on exec: C that writes to that number, or a program the test runs, reaches nothing.
        // SAFETY: fcntl(2) F_DUPFD_CLOEXEC on an open descriptor.
        let moved = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, MOVED_TO) };
        let kept = if moved >= 0 {
            // SAFETY: `fd` was inherited for this use alone and `moved` now refers to it.
            unsafe { libc::close(fd) };
            moved
        } else {
            // SAFETY: fcntl(2) F_SETFD on an open descriptor.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
            fd
        };
        // SAFETY: the parent gave this descriptor to this process alone, for this use; nothing
        // else in the process owns it.
        Ok(Reporter(unsafe { OwnedFd::from_raw_fd(kept) }))
    }

    /// An end received from the parent some other way (a fork server passes it on), moved and
    /// closed on exec as [`Reporter::from_env`] does.
    pub fn adopt(end: OwnedFd) -> Reporter {
        // SAFETY: fcntl(2) F_DUPFD_CLOEXEC on an open descriptor we own.
        let moved = unsafe { libc::fcntl(end.as_raw_fd(), libc::F_DUPFD_CLOEXEC, MOVED_TO) };
        if moved < 0 {
            return Reporter(end);
        }
        // SAFETY: `moved` was just returned by fcntl(2) and is owned by nobody else.
        Reporter(unsafe { OwnedFd::from_raw_fd(moved) })
    }

    /// A channel nobody reads, for a test run under a debugger that did not pass the harness's
    /// descriptor on (lldb closes every descriptor but the standard ones): a debugged run is
    /// not judged. The other end is kept open, so what is sent is taken, not refused.
    pub fn unread() -> io::Result<Reporter> {
        let (ours, theirs) = crate::os::passing::socket_pair()?;
        std::mem::forget(theirs);
        Ok(Reporter(ours))
    }

    /// The socket's descriptor, for a signal handler that sends on it (see `crash`).
    pub fn raw(&self) -> RawFd {
        self.0.as_raw_fd()
    }

    /// The socket itself (a fork server's control channel).
    pub fn into_fd(self) -> OwnedFd {
        self.0
    }

    /// Sends `bytes`, in as many messages as it takes.
    pub fn send(&self, bytes: &[u8]) -> io::Result<()> {
        for chunk in bytes.chunks(CHUNK) {
            // SAFETY: send(2) of a live slice on our socket; MSG_NOSIGNAL turns a gone parent
            // into EPIPE rather than SIGPIPE.
            let sent = unsafe {
                libc::send(
                    self.0.as_raw_fd(),
                    chunk.as_ptr().cast(),
                    chunk.len(),
                    libc::MSG_NOSIGNAL,
                )
            };
            if sent < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_this_process_sends_arrives_and_others_are_ignored() {
        let channel = Channel::new().unwrap();
        // SAFETY: dup(2) of an open descriptor; the copy is owned by the Reporter.
        let ours = Reporter(unsafe { OwnedFd::from_raw_fd(libc::dup(channel.child.as_raw_fd())) });
        let big = vec![b'x'; CHUNK * 3 + 5];
        let inbox = channel.listen(std::process::id() as libc::pid_t);
        ours.send(b"begin a\n").unwrap();
        ours.send(&big).unwrap();
        let received = inbox.finish();
        assert_eq!(received.bytes.len(), 8 + big.len());
        assert!(received.bytes.starts_with(b"begin a\nxxx"));

        let channel = Channel::new().unwrap();
        // SAFETY: as above.
        let ours = Reporter(unsafe { OwnedFd::from_raw_fd(libc::dup(channel.child.as_raw_fd())) });
        // Listening for another pid: this process's messages are not the child's.
        let inbox = channel.listen(1);
        ours.send(b"ok\n").unwrap();
        assert!(inbox.finish().bytes.is_empty());
    }

    #[test]
    fn a_descriptor_that_is_no_socket_is_refused() {
        assert!(Reporter::from_env("x").is_err());
        assert!(Reporter::from_env("1").is_err());
        let file = std::fs::File::open("/dev/null").unwrap();
        let err = Reporter::from_env(&file.as_raw_fd().to_string())
            .err()
            .unwrap();
        assert!(err.ends_with("is not a socket"), "{err}");
    }
}
