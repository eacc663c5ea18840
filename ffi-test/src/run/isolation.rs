//! The parent side of process isolation: each test re-executes this binary as a child (not a
//! fork: the harness is multi-threaded), its exit classified, its output captured, and a timeout
//! enforced by SIGTERM and then SIGKILL to its whole process group (see `spawn`).
//!
//! A child reports its verdict on a channel its parent opened (see `channel`) just before it
//! exits; a process that ends any other way (C calling `exit(0)` or `_exit(0)`, a signal handler
//! that exits, a constructor) has no verdict and is never a pass.

use std::ffi::OsStr;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::channel::{Channel, Received};
use super::child::{MANIFEST_VAR, PARENT_VAR};
use super::conclude::{self, with_output};
use super::verdict::Record;
use super::{interrupt, signals, spawn};
use crate::tools::checkers::Checker;
use crate::tools::checkers::FINDING_EXIT_CODE;

/// What ended a process that a C++ exception aborted by unwinding into Rust.
pub const CPP_ESCAPED: &str =
    "a C++ exception unwound out of an `extern \"C\"` function into Rust, which cannot catch it";

/// How long a child gets between SIGTERM and SIGKILL.
pub const GRACE: Duration = Duration::from_secs(2);

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
    /// The run was interrupted by this signal, which stopped the test.
    Interrupted(i32),
    /// The child could not be started or observed.
    HarnessError(String),
}

impl Ending {
    /// `crash`, the last crash record the process sent, if it explains this ending: a fault's
    /// or a stop's for a signal or a timeout, `exit()`'s for an exit.
    pub(super) fn explained_by(
        &self,
        crash: Option<super::crash::Crash>,
    ) -> Option<Box<super::crash::Crash>> {
        let crash = crash?;
        let fits = match self {
            Ending::Signal(_) | Ending::TimedOut(..) => !crash.is_exit(),
            Ending::Exit(_) => crash.is_exit(),
            _ => false,
        };
        fits.then(|| Box::new(crash))
    }
}

/// One finished child.
pub struct ChildRun {
    pub ending: Ending,
    /// stdout and stderr, interleaved as written. Empty when output was not captured.
    pub output: String,
    /// What a memory checker wrote (to its own log files, so it is read even with `--nocapture`).
    pub checker_log: String,
    /// Where it crashed, when it died of a signal and said where first, or where it called
    /// `exit()` (see `crash.rs`).
    pub crash: Option<Box<super::crash::Crash>>,
    /// Whether the process had the crash handler (no memory checker): a fault that ends it
    /// without a crash record is then one the handler could not run for.
    pub crash_handler: bool,
}

impl ChildRun {
    /// Whether the output shows Rust's stack-overflow report (the runtime aborts after it).
    pub fn overflowed_stack(&self) -> bool {
        conclude::overflowed_stack(&self.output)
    }

    /// Whether a Rust panic hit an `extern "C"` boundary and aborted the process.
    pub fn panic_escaped_extern_c(&self) -> bool {
        conclude::panic_escaped_extern_c(&self.output)
    }

    /// Whether a C++ exception unwound into Rust, which aborted the process ([`CPP_ESCAPED`]):
    /// Rust's runtime says so, or, where the output was not captured (`--nocapture`), the
    /// process aborted with a C++ exception in flight.
    pub fn cpp_exception_escaped(&self) -> bool {
        let in_flight = || self.crash.as_ref().is_some_and(|c| c.exception.is_some());
        self.output.contains("Rust cannot catch foreign exceptions")
            || (self.output.is_empty()
                && self.ending == Ending::Signal(libc::SIGABRT)
                && in_flight())
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
                } else if self.cpp_exception_escaped() {
                    reason.push_str(&format!(
                        ": {CPP_ESCAPED} (catch it in the C++ function and return an error)"
                    ));
                }
                if let Some(crash) = &self.crash {
                    reason.push_str(&crash.describe(*sig));
                } else if self.crash_handler && matches!(*sig, libc::SIGSEGV | libc::SIGBUS) {
                    reason.push_str(
                        "\n  no crash report came: the process died before its handler could run, as \
                         it does when a thread with no alternate signal stack (a thread C started) \
                         overflows its stack; --keep-core DIR keeps its core",
                    );
                }
                reason
            }
            Ending::Exit(code) if !self.crash_handler && *code == FINDING_EXIT_CODE => {
                return Some(with_output(
                    format!(
                        "the memory checker ended the test process with its findings' exit code \
                         ({code}), but no finding ffi-test can name is in its log (the log follows)"
                    ),
                    &self.checker_log,
                    "checker log",
                ))
            }
            Ending::Exit(code) => match &self.crash {
                Some(crash) => format!(
                    "the test process exited with code {code} before the test finished: exit() was called{}",
                    crash.describe_exit()
                ),
                // exit()'s handlers did not run (the crash handler's registers one), or the
                // process image is no longer the test binary.
                None if self.crash_handler => format!(
                    "the test process exited with code {code} before the test finished (no exit() \
                     call was seen: did C call _exit() or exec()?)"
                ),
                None => format!(
                    "the test process exited with code {code} before the test finished (did C call exit() or _exit()?)"
                ),
            },
            Ending::TimedOut(after, needed_kill) => format!(
                "timed out after {:.1}s: the test's process group was sent SIGTERM{}{}",
                after.as_secs_f64(),
                if *needed_kill {
                    format!(", and SIGKILL {}s later because it was still running", GRACE.as_secs())
                } else {
                    String::new()
                },
                self.crash.as_ref().map(|c| c.describe_stopped()).unwrap_or_default()
            ),
            Ending::Interrupted(signal) => interrupt::interrupted_message(*signal),
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

/// How children are started in this run (cloned by the fact batch's thread).
#[derive(Clone)]
pub struct Launch {
    /// The run's private directory: result files, checker logs, the manifest.
    pub runs_dir: PathBuf,
    /// Capture their output (not with `--nocapture`).
    pub capture: bool,
    pub checker: Checker,
    /// What the parent located, so children load their C without locating it again.
    pub manifest: Option<PathBuf>,
    /// `--coverage`: each child writes its counts under its own prefix in the run's directory.
    pub coverage: bool,
    /// The run's fork servers (shared by every clone).
    pub forks: std::sync::Arc<super::forks::Forks>,
    /// `--keep-core`: the directory each test's core goes under (absolute).
    pub keep_core: Option<PathBuf>,
    /// `--debug`: the debugger's command line, which starts the test binary (see `debug`).
    pub debugger: Option<Vec<String>>,
}

/// The files one child uses in the run's directory, and its verdict channel.
pub struct ChildFiles {
    /// Where a batch child finds its plan (removed when dropped).
    pub plan: PathBuf,
    log_base: PathBuf,
    /// A forked child's checker log: its server's base and its pid (see `forks`).
    forked_log: Option<PathBuf>,
    channel: Option<Channel>,
}

impl ChildFiles {
    pub fn new(runs_dir: &Path) -> ChildFiles {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        super::runs::restore(runs_dir);
        ChildFiles {
            plan: runs_dir.join(format!("{n}.plan")),
            log_base: runs_dir.join(format!("{n}.checker")),
            forked_log: None,
            channel: None,
        }
    }

    /// Once the child is started: what it sends on its channel, read as it runs.
    pub fn listen(&mut self, running: &spawn::Running) -> Result<super::channel::Inbox, String> {
        let channel = self
            .channel
            .take()
            .ok_or("the child was started without a verdict channel")?;
        Ok(channel.listen(running.pid()))
    }

    /// The channel made for the child (a fork server's control channel, when the child is one).
    pub fn take_channel(&mut self) -> Option<Channel> {
        self.channel.take()
    }

    /// The child's end of its verdict channel, made if there is none yet.
    pub fn channel_end(&mut self) -> Result<std::os::fd::RawFd, String> {
        let channel = match &mut self.channel {
            Some(channel) => channel,
            none => none.insert(Channel::new()?),
        };
        Ok(channel.child_end())
    }

    /// Where a checker started with this child's files logs (plus `.PID`).
    pub fn log_base(&self) -> &Path {
        &self.log_base
    }

    /// The child was forked by a server whose checker logs under `base`: its log is
    /// `base.PID`. (What a process it started logs is not read.)
    pub fn forked_by(&mut self, base: &Path, pid: libc::pid_t) {
        let mut log = base.as_os_str().to_os_string();
        log.push(format!(".{pid}"));
        self.forked_log = Some(log.into());
    }

    /// Everything the checker logged (one file per process it watched), then removed.
    pub fn take_checker_log(&self) -> String {
        let mut text = String::new();
        for log in self.checker_logs() {
            match crate::os::untrusted::read_text(&log, crate::os::untrusted::LOG_CAP) {
                Ok(log) => text.push_str(&log),
                // A checker that found nothing in a forked test may have written no file.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => text.push_str(&format!(
                    "ffi-test: cannot read the checker's log {}: {e}\n",
                    log.display()
                )),
            }
            let _ = std::fs::remove_file(&log);
        }
        text
    }

    /// The checker's logs of this child: a forked one's own, or every file under its base.
    fn checker_logs(&self) -> Vec<PathBuf> {
        if let Some(log) = &self.forked_log {
            return vec![log.clone()];
        }
        let (Some(dir), Some(base)) = (self.log_base.parent(), self.log_base.file_name()) else {
            return Vec::new();
        };
        let base = base.to_string_lossy().into_owned();
        let mut logs: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(&base))
            .map(|e| e.path())
            .collect();
        logs.sort();
        logs
    }
}

impl Drop for ChildFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.plan);
    }
}

impl Launch {
    /// The C compiler's flags every unit of this run is compiled with: the checker's, and
    /// coverage's.
    pub fn compile_flags(&self) -> Vec<String> {
        let mut flags = self.checker.compile_flags();
        if self.coverage {
            flags.extend(crate::tools::coverage::compile_flags());
        }
        flags
    }

    /// The command that re-executes this binary in `role` (a child variable and its value).
    pub fn command(
        &self,
        role: (&str, &OsStr),
        files: &mut ChildFiles,
        with_checker: bool,
    ) -> Result<Command, String> {
        let exe =
            std::env::current_exe().map_err(|e| format!("cannot locate the test binary: {e}"))?;
        let mut cmd = match super::runner::runner() {
            // Under a runner (qemu-user for another target), the child is started by it too.
            Some(runner) => {
                if with_checker && !matches!(self.checker, crate::tools::checkers::Checker::None) {
                    return Err(format!(
                        "the memory checker cannot run under the runner {:?} of target {}: run the checkers on a target that runs natively",
                        runner,
                        super::runner::target()
                    ));
                }
                if self.debugger.is_some() && role.0 == super::child::TEST_VAR {
                    return Err(format!(
                        "--debug cannot start the debugger under the runner {runner:?}: start the runner's own debug stub (qemu-user's -g PORT) and attach a debugger for the target by hand"
                    ));
                }
                let mut cmd = Command::new(&runner[0]);
                cmd.args(&runner[1..]).arg(exe);
                // qemu-user linked with GLib < 2.76 (Debian 12's 7.2) can deadlock a process
                // it forks, in GLib's slice allocator, whose lock another thread held at the
                // fork: with GLib's allocator replaced by malloc (fork-safe) it cannot. The
                // child's own forks are covered here; the harness's own qemu needs the variable
                // from whoever starts it (the README says so).
                if std::env::var_os("G_SLICE").is_none() {
                    cmd.env("G_SLICE", "always-malloc");
                }
                cmd
            }
            // Only the test's own process: the probes and the fact batch run as they always do.
            None if self.debugger.is_some() && role.0 == super::child::TEST_VAR => {
                let debugger = self.debugger.as_deref().unwrap_or_default();
                let mut cmd = Command::new(&debugger[0]);
                cmd.args(&debugger[1..]).arg(exe);
                cmd
            }
            None if with_checker => self.checker.child_command(exe, &files.log_base),
            None => Command::new(exe),
        };
        if let Some(manifest) = &self.manifest {
            cmd.env(MANIFEST_VAR, manifest);
        }
        if self.coverage {
            let test = Path::new(role.1).file_name().unwrap_or(role.1);
            let prefix = crate::tools::coverage::prefix(&self.runs_dir, &test.to_string_lossy());
            cmd.env(crate::tools::coverage::VAR, "1")
                .env("GCOV_PREFIX", prefix)
                .env("GCOV_PREFIX_STRIP", "0");
        }
        if let (Some(dir), true) = (&self.keep_core, role.0 == super::child::TEST_VAR) {
            let dir = super::cores::dir_of(dir, role.1);
            super::cores::clear(&dir);
            cmd.env(super::child::CORE_VAR, dir);
        }
        cmd.env(role.0, role.1)
            .env(PARENT_VAR, std::process::id().to_string());
        let channel = Channel::new()?;
        channel.give_to(&mut cmd);
        files.channel = Some(channel);
        Ok(cmd)
    }
}

/// A child seen to its end.
pub struct Finished {
    /// Its exit status (`Err` if it could not be waited for).
    pub status: Result<ExitStatus, String>,
    /// `Some(needed_kill)` if it ran past its timeout and was stopped.
    pub timed_out: Option<bool>,
    /// What it printed, if captured.
    pub output: String,
    /// What it sent on its verdict channel.
    pub received: Received,
}

/// Starts `cmd` (made by [`Launch::command`] with `files`) and sees it to its end: exited, or
/// stopped after `timeout` (see [`wait_or_stop`]). `Err` only when it could not be started.
pub fn run_to_end(
    cmd: Command,
    files: &mut ChildFiles,
    capture: bool,
    timeout: Duration,
) -> Result<Finished, String> {
    let running = spawn::start(cmd, capture)?;
    see_to_end(running, files, timeout)
}

/// Sees a started child to its end, as [`run_to_end`] does.
fn see_to_end(
    mut running: spawn::Running,
    files: &mut ChildFiles,
    timeout: Duration,
) -> Result<Finished, String> {
    let mut inbox = files.listen(&running)?;
    let timed_out = wait_draining(&mut running, timeout, &mut inbox);
    let (status, output) = running.finish();
    let received = inbox.finish();
    // A child that sent its verdict has killed what it started; one that ended any other way
    // left its descendants to the harness.
    if received.bytes.is_empty()
        || timed_out.is_some()
        || !matches!(&status, Ok(s) if s.code().is_some())
    {
        crate::os::reaper::sweep();
    }
    Ok(Finished {
        status,
        timed_out,
        output,
        received,
    })
}

/// Runs `test` in a child process of this binary.
pub fn run_child(test: &str, timeout: Duration, launch: &Launch) -> ChildRun {
    run_child_with(test, timeout, launch, &[], &[])
}

/// As [`run_child`], with variables added to the child's environment (a fault sweep's):
/// `at_start` are read as the process starts (a preload), `per_run` only once the test runs
/// (its plan), so that a fork server started with `at_start` serves every run.
pub fn run_child_with(
    test: &str,
    timeout: Duration,
    launch: &Launch,
    at_start: &[(&str, &OsStr)],
    per_run: &[(&str, &OsStr)],
) -> ChildRun {
    let mut files = ChildFiles::new(&launch.runs_dir);
    let finished = match launch
        .forks
        .start(launch, test, at_start, per_run, &mut files)
    {
        Some(started) => started.and_then(|running| see_to_end(running, &mut files, timeout)),
        None => launch
            .command((super::child::TEST_VAR, OsStr::new(test)), &mut files, true)
            .map(|mut cmd| {
                cmd.envs(at_start.iter().chain(per_run).copied());
                cmd
            })
            .and_then(|cmd| run_to_end(cmd, &mut files, launch.capture, timeout)),
    };
    let finished = match finished {
        Ok(finished) => finished,
        Err(e) => {
            let ending = match interrupt::interrupted() {
                Some(signal) => Ending::Interrupted(signal),
                None => Ending::HarnessError(e),
            };
            return ChildRun {
                ending,
                output: String::new(),
                checker_log: String::new(),
                crash: None,
                crash_handler: false,
            };
        }
    };
    let ending = match (finished.status, finished.timed_out) {
        (Err(e), _) => Ending::HarnessError(e),
        (Ok(_), Some(needed_kill)) => Ending::TimedOut(timeout, needed_kill),
        (Ok(status), None) => classify(status, &finished.received),
    };
    let crash = ending
        .explained_by(super::crash::Crash::received(&finished.received.bytes))
        .map(|mut crash| {
            crash.core = launch
                .keep_core
                .as_ref()
                .and_then(|dir| super::cores::kept(&super::cores::dir_of(dir, OsStr::new(test))));
            crash
        });
    // Only a checker writes logs: no directory listing per test without one.
    let mut checker_log = if launch.checker.is_active() {
        files.take_checker_log()
    } else {
        String::new()
    };
    // UBSan loaded beside ASan (`--sanitize address,undefined`) ignores `log_path` and writes
    // its report to stderr: found there when the output was captured.
    if launch.checker.is_active()
        && crate::tools::checkers::findings::finding(&checker_log).is_none()
        && crate::tools::checkers::findings::finding(&finished.output).is_some()
    {
        checker_log = finished.output.clone();
    }
    ChildRun {
        ending,
        output: finished.output,
        checker_log,
        crash,
        crash_handler: !launch.checker.is_active(),
    }
}

/// As [`wait_or_stop`], draining the child's verdict channel now and then so that a long
/// message never waits for the harness.
fn wait_draining(
    running: &mut spawn::Running,
    timeout: Duration,
    inbox: &mut super::channel::Inbox,
) -> Option<bool> {
    const DRAIN_EVERY: Duration = Duration::from_millis(50);
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return wait_or_stop(running, Duration::ZERO);
        }
        if running.wait(left.min(DRAIN_EVERY)) {
            return None;
        }
        inbox.drain();
    }
}

/// Waits for the child to exit, up to `timeout`; then SIGTERM to its group, and SIGKILL after
/// the grace period. `Some(needed_kill)` if it timed out.
pub fn wait_or_stop(running: &mut spawn::Running, timeout: Duration) -> Option<bool> {
    if running.wait(timeout) {
        return None;
    }
    running.signal_group(libc::SIGTERM);
    Some(!running.wait(GRACE))
}

/// A child's ending from its exit status and the verdict it sent (if it got that far).
pub fn classify(status: ExitStatus, received: &Received) -> Ending {
    if let Some(signal) = status.signal() {
        return match interrupt::interrupted() {
            Some(by) if signal == libc::SIGKILL => Ending::Interrupted(by),
            _ => Ending::Signal(signal),
        };
    }
    let code = status.code().unwrap_or(-1);
    if received.overflowed {
        return Ending::HarnessError(
            "the test process sent more than 64 MiB as its verdict".to_string(),
        );
    }
    let (records, used) = Record::decode_all(&received.bytes);
    match (records.as_slice(), used == received.bytes.len()) {
        // A failed test failed, whatever an exit handler then made of the exit status.
        ([Record::End(Err(message))], true) => Ending::Failed(message.clone()),
        ([Record::End(Ok(()))], true) if code == 0 => Ending::Passed,
        _ => Ending::Exit(code),
    }
}

/// Loads the compiled C `object` in a child, where its constructors run (never in the harness).
/// `Err` says how loading failed, with what the child printed.
pub fn probe(launch: &Launch, object: &Path, timeout: Duration) -> Result<(), String> {
    let mut files = ChildFiles::new(&launch.runs_dir);
    // An instrumented object needs the sanitizer's runtime loaded first; valgrind is not needed
    // to see whether an object loads.
    let with_checker = matches!(launch.checker, Checker::Sanitize(_));
    let cmd = launch.command(
        (super::child::PROBE_VAR, object.as_os_str()),
        &mut files,
        with_checker,
    )?;
    let Finished {
        status,
        timed_out,
        output,
        received,
    } = run_to_end(cmd, &mut files, true, timeout)?;
    let what = match (status?, timed_out) {
        (_, Some(_)) => format!(
            "loading it did not finish within {:.1}s (a constructor that never returns?)",
            timeout.as_secs_f64()
        ),
        (status, None) => match classify(status, &received) {
            Ending::Passed => return Ok(()),
            Ending::Failed(message) => message,
            Ending::Signal(signal) => format!(
                "loading it killed the process with {} (a constructor that crashes or aborts?)",
                signals::describe(signal)
            ),
            Ending::Exit(code) => format!(
                "loading it ended the process with exit code {code} (a constructor that calls exit()?)"
            ),
            other => format!("loading it failed: {other:?}"),
        },
    };
    Err(with_output(what, &output, "output while loading"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkers_exit_code_without_a_finding_is_not_blamed_on_the_test() {
        let run = |crash_handler| ChildRun {
            ending: Ending::Exit(FINDING_EXIT_CODE),
            output: String::new(),
            checker_log: "==9== Something memcheck says that ffi-test does not know\n".into(),
            crash: None,
            crash_handler,
        };
        assert_eq!(
            run(false).failure_message().unwrap(),
            "the memory checker ended the test process with its findings' exit code (86), but no \
             finding ffi-test can name is in its log (the log follows)\n--- checker log ---\n\
             ==9== Something memcheck says that ffi-test does not know"
        );
        // Without a checker, 86 is the test's own exit.
        assert!(run(true)
            .failure_message()
            .unwrap()
            .starts_with("the test process exited with code 86 before the test finished"));
    }

    #[test]
    fn an_exit_record_explains_an_exit_only() {
        let record = |signal| {
            super::super::crash::Crash::decode(&format!("crash {signal:x} 0 0 0\n")).unwrap()
        };
        let exit = record(super::super::crash::EXIT_RECORD);
        let fault = record(libc::SIGSEGV);
        assert!(Ending::Exit(0).explained_by(Some(exit.clone())).is_some());
        assert!(Ending::Exit(0).explained_by(Some(fault.clone())).is_none());
        // Killed after an exit() began (a destructor's SIGKILL'd hang): no crash said.
        assert!(Ending::Signal(libc::SIGKILL)
            .explained_by(Some(exit.clone()))
            .is_none());
        assert!(Ending::Signal(libc::SIGSEGV)
            .explained_by(Some(fault))
            .is_some());
        assert!(Ending::Passed.explained_by(Some(exit)).is_none());
    }
}
