//! The parent side of process isolation: each test re-executes this binary as a child (not a
//! fork: the harness is multi-threaded), in its own process group, with its output captured, its
//! exit classified, and a timeout enforced by SIGTERM and then SIGKILL to the whole group.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::checker::Checker;
use super::child::{MANIFEST_VAR, PARENT_VAR, RESULT_VAR, TEST_VAR};
use super::signals;

/// How long a child gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_secs(2);

/// How a child ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    Passed,
    /// The test failed normally (assertion, panic, error); its message.
    Failed(String),
    /// Killed by this signal.
    Signal(i32),
    /// Exited with this code before the test finished (e.g. C called `exit()`).
    Exit(i32),
    /// Still running after this long; killed (`true` if SIGTERM was not enough and SIGKILL was sent).
    TimedOut(Duration, bool),
    /// The child could not be started or observed.
    HarnessError(String),
}

/// One finished child.
pub struct ChildRun {
    pub ending: Ending,
    /// stdout and stderr, interleaved as written. Empty when output was not captured.
    pub output: String,
}

impl ChildRun {
    /// Whether the output shows Rust's stack-overflow report (the runtime aborts after it).
    pub fn overflowed_stack(&self) -> bool {
        self.output.contains("has overflowed its stack")
    }

    /// Whether a Rust panic hit an `extern "C"` boundary and aborted the process.
    pub fn panic_escaped_extern_c(&self) -> bool {
        self.output
            .contains("panic in a function that cannot unwind")
    }

    /// The failure message, or `None` when the test passed.
    pub fn failure_message(&self) -> Option<String> {
        let reason = match &self.ending {
            Ending::Passed => return None,
            Ending::Failed(message) => message.clone(),
            Ending::Signal(sig) => {
                let mut reason = format!("the test process was killed by {}", signals::describe(*sig));
                if self.overflowed_stack() {
                    reason.push_str(": stack overflow");
                } else if self.panic_escaped_extern_c() {
                    reason.push_str(": a Rust panic tried to unwind out of an `extern \"C\"` function");
                }
                reason
            }
            Ending::Exit(code) => format!(
                "the test process exited with code {code} before the test finished (did C call exit()?)"
            ),
            Ending::TimedOut(after, needed_kill) => format!(
                "timed out after {:.1}s: the test's process group was sent SIGTERM{}",
                after.as_secs_f64(),
                if *needed_kill {
                    format!(", and SIGKILL {}s later because it was still running", GRACE.as_secs())
                } else {
                    String::new()
                }
            ),
            Ending::HarnessError(e) => format!("ffi-test could not run the test in a child process: {e}"),
        };
        Some(
            if self.output.trim().is_empty() || matches!(self.ending, Ending::Failed(_)) {
                with_output(reason, &self.output, "output")
            } else {
                with_output(reason, &self.output, "last output before the end")
            },
        )
    }
}

fn with_output(reason: String, output: &str, title: &str) -> String {
    const MAX_LINES: usize = 200;
    if output.trim().is_empty() {
        return reason;
    }
    let lines: Vec<&str> = output.lines().collect();
    let shown = &lines[lines.len().saturating_sub(MAX_LINES)..];
    let cut = if shown.len() < lines.len() {
        format!(" ({} earlier lines omitted)", lines.len() - shown.len())
    } else {
        String::new()
    };
    format!("{reason}\n--- {title}{cut} ---\n{}", shown.join("\n"))
}

/// How children are started in this run.
pub struct Launch<'a> {
    /// Where children write their results.
    pub runs_dir: &'a Path,
    /// Capture their output (not with `--nocapture`).
    pub capture: bool,
    pub checker: &'a Checker,
    /// What the parent located, so children load their C without locating it again.
    pub manifest: Option<&'a Path>,
}

/// Runs `test` in a child process of this binary.
pub fn run_child(test: &str, timeout: Duration, launch: &Launch) -> ChildRun {
    let result_file = result_path(launch.runs_dir);
    let _ = std::fs::remove_file(&result_file);
    let (ending, output) = match spawn_and_wait(test, &result_file, timeout, launch) {
        Ok((status, output)) => (classify(status, &result_file, timeout), output),
        Err(e) => (Ending::HarnessError(e), String::new()),
    };
    let _ = std::fs::remove_file(&result_file);
    ChildRun { ending, output }
}

fn result_path(runs_dir: &Path) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    runs_dir.join(format!("{}-{n}.result", std::process::id()))
}

/// How the wait for a child ended.
enum Waited {
    Exited(ExitStatus),
    /// Timed out; `true` if SIGKILL was needed after SIGTERM.
    TimedOut(bool),
}

/// `Err` only when the child could not be started or waited for.
fn spawn_and_wait(
    test: &str,
    result_file: &Path,
    timeout: Duration,
    launch: &Launch,
) -> Result<(Waited, String), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate the test binary: {e}"))?;
    let capture = launch.capture;
    let mut cmd = launch.checker.child_command(exe);
    if let Some(manifest) = launch.manifest {
        cmd.env(MANIFEST_VAR, manifest);
    }
    cmd.env(TEST_VAR, test)
        .env(RESULT_VAR, result_file)
        .env(PARENT_VAR, std::process::id().to_string())
        .stdin(Stdio::null())
        .process_group(0);
    let reader = if capture {
        // One pipe for both streams keeps their interleaving as the test wrote it.
        let (reader, writer) = std::io::pipe().map_err(|e| format!("cannot create a pipe: {e}"))?;
        let second = writer
            .try_clone()
            .map_err(|e| format!("cannot duplicate a pipe: {e}"))?;
        cmd.stdout(writer).stderr(second);
        Some(reader)
    } else {
        None
    };
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start the test binary: {e}"))?;
    // The Command holds the pipe's write ends; drop it so the reader sees end-of-file when the
    // child's group exits.
    drop(cmd);
    let pid = child.id() as libc::pid_t;
    let (out_tx, out_rx) = mpsc::channel();
    if let Some(mut reader) = reader {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = reader.read_to_end(&mut bytes);
            let _ = out_tx.send(bytes);
        });
    }
    let (status_tx, status_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = status_tx.send(child.wait());
    });
    let waited = match status_rx.recv_timeout(timeout) {
        Ok(Ok(status)) => Waited::Exited(status),
        Ok(Err(e)) => return Err(format!("cannot wait for the test process: {e}")),
        Err(_) => {
            kill_group(pid, libc::SIGTERM);
            let needed_kill = status_rx.recv_timeout(GRACE).is_err();
            if needed_kill {
                kill_group(pid, libc::SIGKILL);
                let _ = status_rx.recv();
            }
            Waited::TimedOut(needed_kill)
        }
    };
    // A grandchild that outlives the test may hold the pipe open: take what arrived, and stop
    // waiting after a moment rather than hang the run.
    let output = if capture {
        out_rx
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok((waited, String::from_utf8_lossy(&output).into_owned()))
}

fn kill_group(pgid: libc::pid_t, signal: i32) {
    // SAFETY: kill(2) with a negative pid signals the process group the child leads; the group
    // exists until the child is reaped, which happens only after this call returns.
    unsafe { libc::kill(-pgid, signal) };
}

fn classify(waited: Waited, result_file: &Path, timeout: Duration) -> Ending {
    let status = match waited {
        Waited::Exited(status) => status,
        Waited::TimedOut(needed_kill) => return Ending::TimedOut(timeout, needed_kill),
    };
    if let Some(signal) = status.signal() {
        return Ending::Signal(signal);
    }
    let code = status.code().unwrap_or(-1);
    match (code, std::fs::read_to_string(result_file)) {
        (0, Ok(text)) if text.starts_with("ok\n") => Ending::Passed,
        (101, Ok(text)) if text.starts_with("failed\n") => {
            Ending::Failed(text["failed\n".len()..].to_string())
        }
        _ => Ending::Exit(code),
    }
}
