//! The parent side on Windows: each test's process is the test binary started again, suspended,
//! put in a Job Object of its own that kills every process in it when closed, then resumed; its
//! output read as it comes, its head and tail kept as on Unix (`output::Capped`). A
//! timeout terminates the job: the test and everything it started, nothing else. When the test
//! process ends, the job is terminated too, so nothing the test started outlives it; and if the
//! harness dies, its handles close and the jobs die with it.

use std::fs::File;
use std::io;
use std::os::windows::io::AsRawHandle;
use std::os::windows::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, WAIT_OBJECT_0, WAIT_TIMEOUT};
use windows_sys::Win32::System::Diagnostics::ToolHelp::{
    CreateToolhelp32Snapshot, Thread32First, Thread32Next, TH32CS_SNAPTHREAD, THREADENTRY32,
};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectBasicAccountingInformation,
    JobObjectExtendedLimitInformation, QueryInformationJobObject, SetInformationJobObject,
    TerminateJobObject, JOBOBJECT_BASIC_ACCOUNTING_INFORMATION,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
};
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
use windows_sys::Win32::System::Threading::{
    OpenThread, ResumeThread, WaitForSingleObject, CREATE_SUSPENDED, THREAD_SUSPEND_RESUME,
};

use super::super::conclude::{overflowed_stack, panic_escaped_extern_c, with_output};
use super::super::exception::{self, Exception};
use super::super::output::Capped;
use super::super::verdict::Record;
use super::child::{TEST_VAR, VERDICT_VAR};
use crate::os::object_file::ObjectFile;
use crate::os::untrusted::{read, LOG_CAP};

/// How a test process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    Passed,
    /// The test failed normally (assertion, panic, error); its message.
    Failed(String),
    /// Ended by an exception no handler took: its code, and the filter's record of it.
    Crashed(u32, Option<Exception>),
    /// Exited with this code before the test finished (C called `exit()`, or `abort()`).
    Exit(u32),
    /// Still running after this long: its job was terminated.
    TimedOut(Duration),
    /// The process could not be started or watched.
    HarnessError(String),
}

/// One finished test process.
pub struct Finished {
    pub ending: Ending,
    /// stdout and stderr, interleaved as written; empty when not captured.
    pub output: String,
}

impl Finished {
    /// The failure message, or `None` when the test passed.
    pub fn failure_message(&self) -> Option<String> {
        let reason = match &self.ending {
            Ending::Passed => return None,
            Ending::Failed(message) => message.clone(),
            Ending::Crashed(code, record) => {
                let mut reason = format!(
                    "the test process ended with exception {}",
                    exception::describe(*code)
                );
                if overflowed_stack(&self.output) && *code != exception::STACK_OVERFLOW {
                    reason.push_str(": stack overflow");
                } else if panic_escaped_extern_c(&self.output) {
                    reason.push_str(
                        ": a Rust panic tried to unwind out of an `extern \"C\"` function",
                    );
                }
                if let Some(record) = record {
                    let function = function_at(record);
                    reason.push_str(&record.describe_where(function.as_deref()));
                }
                reason
            }
            Ending::Exit(3) => "the test process exited with code 3 before the test finished: \
                 C's abort() exits so on Windows (or C called exit(3))"
                .to_string(),
            Ending::Exit(0) if under_wine() => "the test process exited with code 0 before the \
                 test finished: did C call exit(0)? (Under Wine 8 a stack overflow it cannot \
                 dispatch also ends a process so: `WINEDEBUG=err+virtual` shows `stack overflow` \
                 then.)"
                .to_string(),
            Ending::Exit(code) => format!(
                "the test process exited with code {code} before the test finished (did C call \
                 exit() or _exit()?)"
            ),
            Ending::TimedOut(after) => format!(
                "timed out after {:.1}s: the test's Job Object was terminated (the test process \
                 and every process it started)",
                after.as_secs_f64()
            ),
            Ending::HarnessError(e) => {
                format!("ffi-test could not run the test in a child process: {e}")
            }
        };
        let title = match self.ending {
            Ending::Failed(_) => "output",
            _ => "last output before the end",
        };
        Some(with_output(reason, &self.output, title))
    }
}

/// Whether this process runs under Wine (its ntdll exports `wine_get_version`).
fn under_wine() -> bool {
    // SAFETY: GetModuleHandleA and GetProcAddress with NUL-terminated names; ntdll is loaded in
    // every process, and the address is only tested, never called.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

/// `function (file:line)` at the exception's address, from its module's debug information.
fn function_at(record: &Exception) -> Option<String> {
    let image_base = |file: &str| {
        let data = std::fs::read(file).ok()?;
        Some(ObjectFile::parse(&data).ok()?.relative_address_base())
    };
    let (file, address) = record.place_in_module(image_base)?;
    let (name, _) = crate::report::stack::symbolise(Path::new(&file), &[address]).pop()?;
    Some(name)
}

/// Runs `test` in a process of its own and waits for it, `timeout` at most; its verdict goes
/// through the file `verdict_path` (in the run's private directory), removed afterwards.
pub fn run_child(verdict_path: &Path, test: &str, timeout: Duration, capture: bool) -> Finished {
    let finished = match start_and_wait(test, timeout, capture, verdict_path) {
        Ok(Waited {
            timed_out: Some(after),
            output,
            ..
        }) => Finished {
            ending: Ending::TimedOut(after),
            output,
        },
        Ok(Waited { code, output, .. }) => Finished {
            // A verdict is a few records: a file past the cap of a child's log is none.
            ending: classify(code, &read(verdict_path, LOG_CAP).unwrap_or_default()),
            output,
        },
        Err(e) => Finished {
            ending: Ending::HarnessError(e.to_string()),
            output: String::new(),
        },
    };
    let _ = std::fs::remove_file(verdict_path);
    finished
}

/// A test process waited for.
struct Waited {
    code: u32,
    /// How long it ran, when it was stopped for its timeout.
    timed_out: Option<Duration>,
    output: String,
}

/// Starts the test process in its job and waits for it.
fn start_and_wait(
    test: &str,
    timeout: Duration,
    capture: bool,
    verdict_path: &Path,
) -> io::Result<Waited> {
    File::create(verdict_path)?;
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.env(TEST_VAR, test)
        .env(VERDICT_VAR, verdict_path)
        .stdin(Stdio::null())
        .creation_flags(CREATE_SUSPENDED);
    let output = match capture {
        true => {
            let (reader, writer) = std::io::pipe()?;
            cmd.stdout(writer.try_clone()?).stderr(writer);
            Some(Output::read(reader))
        }
        false => None,
    };
    let job = Job::new()?;
    let spawned = cmd.spawn();
    // The pipe's writing ends are the child's alone now: its end is the end of the output.
    drop(cmd);
    let mut child = spawned?;
    let started = std::time::Instant::now();
    if let Err(e) = job
        .assign(child.as_raw_handle())
        .and_then(|()| resume(child.id()))
    {
        let _ = child.kill();
        let _ = child.wait();
        return Err(e);
    }
    let millis = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX - 1);
    // SAFETY: the child's handle is open while `child` lives.
    let waited = unsafe { WaitForSingleObject(child.as_raw_handle(), millis) };
    let timed_out = match waited {
        WAIT_OBJECT_0 => None,
        WAIT_TIMEOUT => Some(started.elapsed()),
        _ => return Err(io::Error::last_os_error()),
    };
    // Whatever the test started dies with it; on a timeout, the test too.
    job.terminate();
    let status = child.wait()?;
    Ok(Waited {
        code: status.code().unwrap_or(-1) as u32,
        timed_out,
        // Every process of the job has ended: the pipe ends at once, unless something outside
        // the job holds it (then what arrived is taken after a moment).
        output: output.map_or_else(String::new, |o| o.finish(Duration::from_secs(2))),
    })
}

/// A test process's output, read on a thread of its own as it arrives into a [`Capped`]
/// buffer (its head and tail kept), so that a test writing without end fills neither the
/// harness's memory nor a disk.
struct Output {
    kept: Arc<Mutex<Capped>>,
    ended: mpsc::Receiver<()>,
}

impl Output {
    fn read(mut pipe: std::io::PipeReader) -> Output {
        use std::io::Read;
        let kept = Arc::new(Mutex::new(Capped::default()));
        let (end, ended) = mpsc::channel();
        let filling = Arc::clone(&kept);
        std::thread::spawn(move || {
            let mut chunk = vec![0u8; 64 * 1024];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => filling
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(&chunk[..n]),
                }
            }
            let _ = end.send(());
        });
        Output { kept, ended }
    }

    /// What arrived, once the output ended or `linger` passed.
    fn finish(self, linger: Duration) -> String {
        let _ = self.ended.recv_timeout(linger);
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.render()
    }
}

/// What the process's exit code and its verdict file say.
fn classify(code: u32, verdict: &[u8]) -> Ending {
    let (records, _) = Record::decode_all(verdict);
    let mut crash = None;
    for record in records {
        match record {
            Record::End(Ok(())) if code == 0 => return Ending::Passed,
            Record::End(Err(message)) if code == 101 => return Ending::Failed(message),
            Record::Crash(text) => crash = Exception::decode(&text),
            _ => {}
        }
    }
    match crash {
        // The record's code: a stack overflow's record is written as it happens, and the
        // process may end with another code (0 under Wine 8, which overflows again).
        Some(record) => Ending::Crashed(record.code, Some(record)),
        None if exception::is_exception(code) => Ending::Crashed(code, None),
        None => Ending::Exit(code),
    }
}

/// A Job Object that kills its processes when its last handle closes.
struct Job(HANDLE);

impl Job {
    fn new() -> io::Result<Job> {
        // SAFETY: no security attributes, no name: a new anonymous job.
        let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if handle.is_null() {
            return Err(io::Error::last_os_error());
        }
        let job = Job(handle);
        // SAFETY: the structure is plain data, valid when zeroed.
        let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
        limits.BasicLimitInformation.LimitFlags =
            JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
        // SAFETY: a live job handle, and the structure and size of the class named.
        let set = unsafe {
            SetInformationJobObject(
                job.0,
                JobObjectExtendedLimitInformation,
                (&limits as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
                std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            )
        };
        match set {
            0 => Err(io::Error::last_os_error()),
            _ => Ok(job),
        }
    }

    fn assign(&self, process: std::os::windows::io::RawHandle) -> io::Result<()> {
        // SAFETY: live job and process handles.
        match unsafe { AssignProcessToJobObject(self.0, process) } {
            0 => Err(io::Error::last_os_error()),
            _ => Ok(()),
        }
    }

    /// Ends every process of the job and waits until none is left (a few seconds at most:
    /// termination is asynchronous), so that nothing of the test still holds its output when
    /// its verdict is given.
    fn terminate(&self) {
        // SAFETY: a live job handle; terminating an empty job does nothing.
        unsafe { TerminateJobObject(self.0, 1) };
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while self.active_processes() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// How many processes of the job are still running (0 if it cannot be asked).
    fn active_processes(&self) -> u32 {
        // SAFETY: plain data, valid when zeroed.
        let mut info: JOBOBJECT_BASIC_ACCOUNTING_INFORMATION = unsafe { std::mem::zeroed() };
        // SAFETY: a live job handle, and the structure and size of the class named.
        let asked = unsafe {
            QueryInformationJobObject(
                self.0,
                JobObjectBasicAccountingInformation,
                (&mut info as *mut JOBOBJECT_BASIC_ACCOUNTING_INFORMATION).cast(),
                std::mem::size_of::<JOBOBJECT_BASIC_ACCOUNTING_INFORMATION>() as u32,
                std::ptr::null_mut(),
            )
        };
        match asked {
            0 => 0,
            _ => info.ActiveProcesses,
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        // SAFETY: the handle is ours and closed once.
        unsafe { CloseHandle(self.0) };
    }
}

/// Resumes the threads of the suspended process `pid` (one: its first). The standard library
/// starts a process suspended but keeps no handle to its thread, so it is found by a snapshot.
fn resume(pid: u32) -> io::Result<()> {
    // SAFETY: a snapshot of every thread of the system; closed below.
    let snapshot = unsafe { CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0) };
    if snapshot as isize == -1 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: plain data, valid when zeroed; dwSize is set as the API requires.
    let mut entry: THREADENTRY32 = unsafe { std::mem::zeroed() };
    entry.dwSize = std::mem::size_of::<THREADENTRY32>() as u32;
    let mut resumed = 0;
    // SAFETY: a live snapshot and a sized entry.
    let mut more = unsafe { Thread32First(snapshot, &mut entry) } != 0;
    while more {
        if entry.th32OwnerProcessID == pid {
            // SAFETY: OpenThread with a thread id from the snapshot; the handle is closed.
            unsafe {
                let thread = OpenThread(THREAD_SUSPEND_RESUME, 0, entry.th32ThreadID);
                if !thread.is_null() {
                    if ResumeThread(thread) != u32::MAX {
                        resumed += 1;
                    }
                    CloseHandle(thread);
                }
            }
        }
        // SAFETY: as above.
        more = unsafe { Thread32Next(snapshot, &mut entry) } != 0;
    }
    // SAFETY: the snapshot is ours and closed once.
    unsafe { CloseHandle(snapshot) };
    match resumed {
        0 => Err(io::Error::other(format!(
            "the test process {pid} was started suspended and no thread of it could be resumed"
        ))),
        _ => Ok(()),
    }
}
