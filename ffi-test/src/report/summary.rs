//! The per-subject summary (`registry: 5 passed; 1 failed`), printed just before libtest's own
//! `test result:` line so that line stays the last one that cargo and CI parsers read.
//!
//! libtest-mimic prints its result line at the end of `run` with no hook in between, so while it
//! runs, stdout is routed through a pipe whose forwarder holds back the trailing result block.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// Runs `f` with stdout routed through a forwarder, then prints `lines()` followed by the
/// held-back result block. Falls back to running `f` plainly if the pipe cannot be set up.
///
/// `f` is told whether it may write colour: through the forwarder it always may, and the
/// forwarder removes the colour when `colour` (the real stdout's wish) is false. libtest-mimic's
/// own removal goes through every byte it prints, in the user's unoptimised build: 15% of a
/// real surface's warm run.
pub fn with_summary_before_result<T>(
    colour: bool,
    f: impl FnOnce(bool) -> T,
    lines: impl FnOnce() -> Vec<String>,
) -> T {
    let Some(redirect) = Redirect::start(!colour) else {
        let value = f(colour);
        print_block(&lines());
        return value;
    };
    let value = f(true);
    let tail = redirect.finish();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "\nsubjects:");
    for line in lines() {
        let _ = writeln!(out, "{line}");
    }
    // Terse output ends its dot line with the result block's own blank line; pretty output
    // does not: normalise to exactly one blank line before `test result:`.
    let start = tail.iter().position(|&b| b != b'\n').unwrap_or(tail.len());
    let _ = out.write_all(b"\n");
    let _ = out.write_all(&tail[start..]);
    let _ = out.flush();
    value
}

fn print_block(lines: &[String]) {
    println!("subjects:");
    for line in lines {
        println!("{line}");
    }
}

/// The harness's real stdout while fd 1 is redirected, for children that print directly
/// (`--nocapture`): they must not hold the forwarder's pipe, or the run would wait for them.
static REAL_STDOUT: std::sync::Mutex<Option<OwnedFd>> = std::sync::Mutex::new(None);

/// Where a child's stdout should go when it is not captured: the real stdout, if redirected.
pub fn real_stdout() -> Option<std::process::Stdio> {
    let guard = REAL_STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    guard
        .as_ref()?
        .try_clone()
        .ok()
        .map(std::process::Stdio::from)
}

struct Redirect {
    saved_stdout: OwnedFd,
    forwarder: std::thread::JoinHandle<Vec<u8>>,
    /// Closed by `finish`, which wakes a forwarder gathering output at once.
    finishing: OwnedFd,
}

/// How long the forwarder lets output gather in the pipe after each read. A wake-up for every
/// line libtest prints (each is flushed) cost a context switch per test, on two cores as much
/// as the tests of an `--in-process` run themselves; a person sees no 5 ms delay.
const GATHER: libc::c_int = 5;

/// The pipe's capacity asked for, so output gathers without blocking the writer (1 MiB, the
/// default limit for a user; the default capacity, 64 KiB, if refused).
const PIPE_CAPACITY: libc::c_int = 1 << 20;

/// A close-on-exec pipe: (read end, write end).
fn pipe() -> Option<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // Close-on-exec, like every descriptor the harness opens: a test process that inherited
    // either end would hold the caller's pipe open for as long as it (or anything it left
    // running) lives.
    // SAFETY: `fds` is a valid two-element array for pipe2(2) to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return None;
    }
    // SAFETY: both descriptors were just returned by pipe(2) and are owned by nobody else.
    Some(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

impl Redirect {
    fn start(strip: bool) -> Option<Redirect> {
        let _ = std::io::stdout().flush();
        let (read_end, write_end) = pipe()?;
        let (woken, finishing) = pipe()?;
        // SAFETY: F_SETPIPE_SZ on a pipe this function owns; a refusal leaves the default size.
        unsafe { libc::fcntl(write_end.as_raw_fd(), libc::F_SETPIPE_SZ, PIPE_CAPACITY) };
        // SAFETY: fcntl(2) F_DUPFD_CLOEXEC on stdout, which is open for the whole process lifetime.
        let saved = unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 0) };
        if saved < 0 {
            return None;
        }
        // SAFETY: `saved` is a fresh descriptor from dup(2), owned here.
        let saved_stdout = unsafe { OwnedFd::from_raw_fd(saved) };
        let forward_to = saved_stdout.try_clone().ok()?;
        *REAL_STDOUT.lock().unwrap_or_else(|e| e.into_inner()) = saved_stdout.try_clone().ok();
        // SAFETY: dup2(2) points fd 1 at the pipe; the original stays open in `saved_stdout`.
        if unsafe { libc::dup2(write_end.as_raw_fd(), 1) } < 0 {
            return None;
        }
        drop(write_end);
        let forwarder = std::thread::spawn(move || {
            forward(File::from(read_end), File::from(forward_to), woken, strip)
        });
        Some(Redirect {
            saved_stdout,
            forwarder,
            finishing,
        })
    }

    /// Restores stdout and returns the held-back trailing block.
    fn finish(self) -> Vec<u8> {
        let _ = std::io::stdout().flush();
        *REAL_STDOUT.lock().unwrap_or_else(|e| e.into_inner()) = None;
        // SAFETY: restores fd 1 from the descriptor saved in `start`; this closes the last write
        // end of the pipe held by this process, so the forwarder sees end-of-file.
        unsafe { libc::dup2(self.saved_stdout.as_raw_fd(), 1) };
        drop(self.finishing);
        self.forwarder.join().unwrap_or_default()
    }
}

/// Copies output through, holding back blank lines and `test result:` lines until a line of any
/// other kind shows they were not the trailing block. Writes once per chunk read, not once per
/// line: this sits on every line the harness prints; after each, waits `GATHER` ms for more
/// unless `woken` says the run is over (its write end closed). With `strip`, colour is removed.
fn forward(mut from: File, mut to: File, woken: OwnedFd, strip: bool) -> Vec<u8> {
    let mut held: Vec<u8> = Vec::new();
    let mut partial: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut out = Vec::with_capacity(chunk.len());
    loop {
        let n = match from.read(&mut chunk) {
            Ok(0) | Err(_) => {
                match strip {
                    true => held.extend_from_slice(&without_colour(&partial)),
                    false => held.extend_from_slice(&partial),
                }
                return held;
            }
            Ok(n) => n,
        };
        partial.extend_from_slice(&chunk[..n]);
        let mut start = 0;
        while let Some(end) = partial[start..].iter().position(|&b| b == b'\n') {
            let line = &partial[start..start + end + 1];
            let line = if strip {
                without_colour(line)
            } else {
                line.into()
            };
            let text = &line[..line.len() - 1];
            if text.is_empty() || text.starts_with(b"test result: ") {
                held.extend_from_slice(&line);
            } else {
                out.append(&mut held);
                out.extend_from_slice(&line);
            }
            start += end + 1;
        }
        partial.drain(..start);
        if !out.is_empty() {
            let _ = to.write_all(&out);
            out.clear();
        }
        let mut wake = libc::pollfd {
            fd: woken.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd; a failure or an interruption only shortens the wait.
        unsafe { libc::poll(&mut wake, 1, GATHER) };
    }
}

/// `line` without its colour: SGR sequences (`ESC [ digits and semicolons m`), all that
/// libtest-mimic writes. Any other escape is left as it is.
fn without_colour(line: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    const ESC: u8 = 0x1b;
    let find = |from: usize| {
        let rest = &line[from..];
        // SAFETY: memchr(3) reads at most `rest.len()` bytes of `rest`, a live slice.
        let at = unsafe { libc::memchr(rest.as_ptr().cast(), ESC.into(), rest.len()) };
        (!at.is_null()).then(|| from + (at as usize - rest.as_ptr() as usize))
    };
    let Some(mut at) = find(0) else {
        return std::borrow::Cow::Borrowed(line);
    };
    let mut out = Vec::with_capacity(line.len());
    let mut copied = 0;
    loop {
        let params = line[at + 1..].strip_prefix(b"[").map(|rest| {
            rest.iter()
                .take_while(|b| b.is_ascii_digit() || **b == b';')
                .count()
        });
        let next = match params {
            Some(n) if line.get(at + 2 + n) == Some(&b'm') => {
                out.extend_from_slice(&line[copied..at]);
                copied = at + 3 + n;
                copied
            }
            _ => at + 1,
        };
        match find(next) {
            Some(found) => at = found,
            None => break,
        }
    }
    out.extend_from_slice(&line[copied..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::without_colour;

    #[test]
    fn colour_is_removed_and_everything_else_kept() {
        let coloured = b"test a ... \x1b[32mok\x1b[0m\n";
        assert_eq!(&*without_colour(coloured), b"test a ... ok\n");
        let bold = b"\x1b[1;31mFAILED\x1b[0m: \x1b[mx\n";
        assert_eq!(&*without_colour(bold), b"FAILED: x\n");
        // Not SGR: left as written, as is an escape at the very end.
        let other = b"a\x1b[2Kb\x1b]0;t\x07c\x1b";
        assert_eq!(&*without_colour(other), other);
        assert_eq!(&*without_colour(b"plain\n"), b"plain\n");
    }
}
