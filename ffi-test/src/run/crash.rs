//! Where a test process crashed. A test process installs [`install`]'s handler for the fatal
//! signals; at one, on an alternate stack and with only async-signal-safe calls (fixed buffers,
//! raw system calls, the unwinder glibc's `backtrace` uses, loaded beforehand), it sends its
//! parent a [`Crash`]: the signal, its code and address, the crashing thread's return addresses
//! and the process's mappings. The parent symbolises it (`report::stack`) after the process has
//! died, and says where (see [`Crash::describe`]).

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, Ordering};

use super::signal_safe::{gettid, read_file, sleep, Writer};

/// The most return addresses kept (a stack overflow has thousands: the innermost are the ones
/// that say where).
pub(super) const MAX_FRAMES: usize = 64;
/// Room for the record: its header, the addresses, and `/proc/self/maps` (cut there).
const BUFFER: usize = 512 * 1024;
/// The alternate stack the handler runs on: room for the unwinder even after a stack overflow.
const ALT_STACK: usize = 256 * 1024;

/// The fatal signals a crash report is made for; and SIGTERM, which the harness sends a test
/// that ran out of time: where it was stuck is reported the same way.
pub const SIGNALS: [i32; 8] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGFPE,
    libc::SIGILL,
    libc::SIGABRT,
    libc::SIGTRAP,
    libc::SIGSYS,
    libc::SIGTERM,
];

/// A crash as the test process saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crash {
    pub signal: i32,
    /// `si_code`: how the signal came (`SEGV_MAPERR`, `BUS_ADRALN`, sent by `raise`...).
    pub code: i32,
    /// `si_addr`: the faulting address for SIGSEGV, SIGBUS, SIGFPE and SIGILL.
    pub address: u64,
    /// The instruction that faulted (from the signal's context), 0 if unknown.
    pub pc: u64,
    /// Return addresses, innermost first, as the unwinder found them (the handler's own first).
    pub frames: Vec<u64>,
    /// The process's mappings (`/proc/self/maps`).
    pub maps: String,
    /// The core file kept for it (`--keep-core`), found by the parent.
    pub core: Option<std::path::PathBuf>,
    /// For a test stopped by the harness (SIGTERM): the id and name of the thread the signal
    /// reached, whose stack `frames` is.
    pub stopped_thread: Option<(u32, String)>,
    /// For a test stopped by the harness: the process's other threads and their stacks.
    pub threads: Vec<super::threads::ThreadStack>,
    /// Whether it had more threads than were asked (`threads::MAX_THREADS`).
    pub more_threads: bool,
    /// The C++ exception in flight (thrown by a C++ body, not caught by C++): the address it
    /// was thrown from, its type and its `what()` (see `cside::cpp_throws`).
    pub exception: Option<CppException>,
    /// The generated input a differential test was running (`checks::differential`).
    pub case: Option<String>,
}

/// A C++ exception thrown and not caught by C++.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CppException {
    /// The return address of the throw (in the function that threw).
    pub at: u64,
    /// Its type, demangled (`std::invalid_argument`).
    pub type_name: String,
    /// Its `what()`, empty for a type that is no `std::exception`.
    pub what: String,
}

/// The record's line of the exception in flight: `exception AT TYPE` U+001F `WHAT`.
const EXCEPTION: &[u8] = b"exception ";

/// The record's line of the input a differential test was running: `case TEXT`.
const CASE: &[u8] = b"case ";

impl Crash {
    /// The record's text: a header line, the addresses, then the mappings (what the handler
    /// writes, from its fixed buffer).
    #[cfg(test)]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![0u8; header_len(self.frames.len()) + self.maps.len()];
        let used = write_header(
            &mut out,
            [
                self.signal as i64 as u64,
                self.code as i64 as u64,
                self.address,
                self.pc,
            ],
            &self.frames,
        );
        out.truncate(used);
        if let Some(e) = &self.exception {
            let line = format!("exception {:x} {}\u{1f}{}\n", e.at, e.type_name, e.what);
            out.extend_from_slice(line.as_bytes());
        }
        if let Some(case) = &self.case {
            out.extend_from_slice(format!("case {case}\n").as_bytes());
        }
        out.extend_from_slice(self.maps.as_bytes());
        out
    }

    /// The crash a test process sent among `bytes`, what it sent on its verdict channel: the
    /// last, which ended it (an exit record may come before a crash in a destructor).
    pub fn received(bytes: &[u8]) -> Option<Crash> {
        let (records, _) = super::verdict::Record::decode_all(bytes);
        records.into_iter().rev().find_map(|r| match r {
            super::verdict::Record::Crash(text) => Crash::decode(&text),
            _ => None,
        })
    }

    /// The crash a record's text describes.
    pub fn decode(text: &str) -> Option<Crash> {
        let (header, rest) = text.split_once('\n').unwrap_or((text, ""));
        let (exception, rest) = decode_exception(rest);
        let (case, rest) = decode_case(rest);
        let (stopped_thread, threads, more_threads, maps) = super::threads::decode(rest);
        let mut words = header.split(' ');
        if words.next()? != "crash" {
            return None;
        }
        let mut number = || u64::from_str_radix(words.next()?, 16).ok();
        let (signal, code, address, pc) = (number()?, number()?, number()?, number()?);
        let frames = words
            .map(|w| u64::from_str_radix(w, 16).ok())
            .collect::<Option<Vec<u64>>>()?;
        Some(Crash {
            signal: signal as i64 as i32,
            code: code as i64 as i32,
            address,
            pc,
            frames,
            maps: maps.to_string(),
            core: None,
            stopped_thread,
            threads,
            more_threads,
            exception,
            case,
        })
    }
}

impl Crash {
    /// Whether this is where `exit()` was called (see [`ExitWatch`]), not a crash.
    pub fn is_exit(&self) -> bool {
        self.signal == EXIT_RECORD
    }
}

/// The case line at the start of `text`, if there is one, and what follows it.
fn decode_case(text: &str) -> (Option<String>, &str) {
    let prefix = std::str::from_utf8(CASE).unwrap_or_default();
    let Some(line) = text.strip_prefix(prefix) else {
        return (None, text);
    };
    let (line, rest) = line.split_once('\n').unwrap_or((line, ""));
    (Some(line.to_string()), rest)
}

/// The exception line at the start of `text`, if there is one, and what follows it.
fn decode_exception(text: &str) -> (Option<CppException>, &str) {
    let prefix = std::str::from_utf8(EXCEPTION).unwrap_or_default();
    let Some(line) = text.strip_prefix(prefix) else {
        return (None, text);
    };
    let (line, rest) = line.split_once('\n').unwrap_or((line, ""));
    let (at, described) = line.split_once(' ').unwrap_or((line, ""));
    let (type_name, what) = described.split_once('\u{1f}').unwrap_or((described, ""));
    let exception = u64::from_str_radix(at, 16).ok().map(|at| CppException {
        at,
        type_name: type_name.to_string(),
        what: what.to_string(),
    });
    (exception, rest)
}

#[cfg(test)]
/// The longest header `frames` addresses need: `crash`, four numbers, the addresses, `\n`.
const fn header_len(frames: usize) -> usize {
    6 + (4 + frames) * 17 + 1
}

/// Writes `crash SIGNAL CODE ADDRESS PC FRAME...\n` (hexadecimal) at the start of `out`,
/// without allocating (cut where `out` ends); returns its length.
fn write_header(out: &mut [u8], numbers: [u64; 4], frames: &[u64]) -> usize {
    let mut w = Writer::new(out);
    w.bytes(b"crash");
    for n in numbers.iter().chain(frames) {
        w.bytes(b" ");
        w.number(*n, 16);
    }
    w.bytes(b"\n");
    w.len()
}

/// The verdict channel's descriptor, where the handler sends the record (-1: not installed).
static CHANNEL: AtomicI32 = AtomicI32::new(-1);
/// The record's buffer, allocated when installed (the handler cannot allocate).
static RECORD: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
/// Set by the first crash: a second signal (the abort after Rust's stack-overflow message)
/// is not reported again.
static REPORTED: AtomicBool = AtomicBool::new(false);
/// The thread recording the crash (its id), and whether it has sent the record.
static RECORDER: AtomicI32 = AtomicI32::new(0);
static RECORDED: AtomicBool = AtomicBool::new(false);

/// `--keep-core`: the directory the process moves to before the signal ends it, where the
/// kernel writes its core (a relative `kernel.core_pattern`, checked by the harness).
static CORE_DIR: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());

/// Makes the crash handler move to `dir` before the signal ends the process.
pub fn keep_core_in(dir: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    if let Ok(dir) = std::ffi::CString::new(dir.as_os_str().as_bytes()) {
        CORE_DIR.store(dir.into_raw(), Ordering::SeqCst);
    }
}

/// Set once the handlers, the buffer and the alternate stack are ready.
static PREPARED: AtomicBool = AtomicBool::new(false);
/// The signal on which an embedded Python interpreter dumps its stacks (read once: the handler
/// calls nothing it need not).
static PYTHON_STACKS: AtomicI32 = AtomicI32::new(-1);

/// Readies this process to report crashes (handlers, buffer, alternate stack, the unwinder
/// loaded): a fork server does it once, its tests inherit it. Nothing is reported until
/// [`install`] names the channel. Not for a process under a memory checker: ASan and
/// valgrind report faults themselves.
pub fn prepare() {
    if PREPARED.swap(true, Ordering::SeqCst) {
        return;
    }
    let record = Box::leak(vec![0u8; BUFFER].into_boxed_slice());
    RECORD.store(record.as_mut_ptr(), Ordering::SeqCst);
    PYTHON_STACKS.store(crate::tools::python_stack_signal(), Ordering::SeqCst);
    super::threads::prepare();
    super::unwind::prepare();
    let stack = Box::leak(vec![0u8; ALT_STACK].into_boxed_slice());
    let alt = libc::stack_t {
        ss_sp: stack.as_mut_ptr().cast(),
        ss_flags: 0,
        ss_size: ALT_STACK,
    };
    // SAFETY: the stack is leaked, so it lives as long as the thread; sigaltstack(2) copies the
    // description.
    unsafe { libc::sigaltstack(&alt, std::ptr::null_mut()) };
    for signal in SIGNALS {
        if matches!(signal, libc::SIGSEGV | libc::SIGBUS) {
            // Handled by `signals::on_fault`, which calls `record` first, then chains to Rust's
            // stack-overflow handler.
            continue;
        }
        // SAFETY: a zeroed sigaction is valid to fill; the handler has the SA_SIGINFO signature
        // it is installed with.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_crash as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Makes this process (a test process) report a crash on `channel`, its verdict channel, and
/// where `exit()` was called while a body ran (see [`ExitWatch`]).
pub fn install(channel: std::os::fd::RawFd) {
    prepare();
    CHANNEL.store(channel, Ordering::SeqCst);
    static REGISTERED: AtomicBool = AtomicBool::new(false);
    if !REGISTERED.swap(true, Ordering::SeqCst) {
        // Registered before any body runs: a handler a body registers runs before it (exit's
        // handlers run last registered first), and one that calls `_exit` skips it, which then
        // reads as `_exit`, as it is.
        // SAFETY: atexit(3) with a function taking and returning nothing, as it asks.
        unsafe { libc::atexit(on_exit) };
    }
}

/// Set while a test's body runs: `exit()` then ends the test early, and says where.
static BODY_RUNNING: AtomicBool = AtomicBool::new(false);
/// The test process's id: a process the body forks inherits the handler, and its `exit()` is
/// not the test's.
static BODY_PROCESS: AtomicI32 = AtomicI32::new(0);

/// Watches for `exit()` while it lives: created around a test's body (the harness's own exit
/// after the verdict is no early end).
pub struct ExitWatch(());

impl ExitWatch {
    /// Starts watching.
    pub fn arm() -> ExitWatch {
        // SAFETY: getpid(2) cannot fail.
        BODY_PROCESS.store(unsafe { libc::getpid() }, Ordering::SeqCst);
        BODY_RUNNING.store(true, Ordering::SeqCst);
        ExitWatch(())
    }
}

impl Drop for ExitWatch {
    fn drop(&mut self) {
        BODY_RUNNING.store(false, Ordering::SeqCst);
    }
}

/// The signal number an exit record carries: none (`exit()` is no signal).
pub const EXIT_RECORD: i32 = 0;

/// `exit()`'s handler: sends where `exit()` was called, as a crash record with signal 0 whose
/// first frame is the call (see [`Crash::describe_exit`]).
extern "C" fn on_exit() {
    // Not while a crash is recorded (its buffer is in use). A crash after this record (in a
    // destructor `exit` runs later) sends its own, which the parent takes (the last one).
    // SAFETY: getpid(2) cannot fail.
    let test_process = unsafe { libc::getpid() } == BODY_PROCESS.load(Ordering::SeqCst);
    if !BODY_RUNNING.load(Ordering::SeqCst) || REPORTED.load(Ordering::SeqCst) || !test_process {
        return;
    }
    let mut frames = [std::ptr::null_mut(); MAX_FRAMES];
    let found = backtrace_into(&mut frames);
    let frames: Vec<u64> = frames[..found].iter().map(|&f| f as u64).collect();
    // This handler and glibc's way to it end at `exit` itself: the caller's frames follow.
    // (The call in `exit` is its last instruction: its return address is past its end.)
    let after_exit = frames
        .iter()
        .position(|&f| symbol_of(f - 1).is_some_and(|name| name == c"exit"))
        .map_or(0, |i| i + 1);
    let mut frames = frames[after_exit..].to_vec();
    // A return address is the instruction after the call; the call itself is one before, and
    // the first frame is taken as exact (it is where a crash's instruction would be).
    let pc = frames.first().map_or(0, |&f| f - 1);
    if let Some(first) = frames.first_mut() {
        *first = pc;
    }
    send_record([EXIT_RECORD as u64, 0, 0, pc], &frames, false);
}

/// The name of the exported function holding `address`, if the dynamic loader knows it.
fn symbol_of(address: u64) -> Option<&'static std::ffi::CStr> {
    // SAFETY: a zeroed Dl_info is valid to fill; dladdr(3) only reads the address as a number.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: as above; on success `dli_sname` is NULL or a name in a loaded object, which
    // stays loaded while the process exits.
    unsafe {
        if libc::dladdr(address as *const libc::c_void, &mut info) == 0 || info.dli_sname.is_null()
        {
            return None;
        }
        Some(std::ffi::CStr::from_ptr(info.dli_sname))
    }
}

extern "C" fn on_crash(signal: i32, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    if signal == libc::SIGTERM && recording_elsewhere() {
        // The harness's SIGTERM goes to the group and to the process: a second thread may get
        // the second one while the first thread records. It carries on, to be asked for its
        // stack; the recording thread ends the process.
        return;
    }
    record(signal, info, context);
    // SAFETY: back to the default action, then the signal again: it is blocked while this
    // handler runs, so it kills the process as the handler returns (a fault's instruction would
    // fault again anyway).
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// Sends the crash record for `signal` once, if [`install`] ran. Async-signal-safe.
pub fn record(signal: i32, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    let channel = CHANNEL.load(Ordering::SeqCst);
    let buffer = RECORD.load(Ordering::SeqCst);
    if channel < 0 || buffer.is_null() {
        return;
    }
    let me = gettid();
    if REPORTED.swap(true, Ordering::SeqCst) {
        // A second crash on another thread while the first is recorded must not end the
        // process before the record is sent: the recording thread ends it.
        if RECORDER.load(Ordering::SeqCst) != me {
            let step = std::time::Duration::from_millis(1);
            for _ in 0..5000 {
                if RECORDED.load(Ordering::SeqCst) {
                    break;
                }
                sleep(step);
            }
        }
        return;
    }
    RECORDER.store(me, Ordering::SeqCst);
    // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO handler; si_addr is read as
    // a number only.
    let (code, address) = unsafe { ((*info).si_code, (*info).si_addr() as u64) };
    let mut frames = [std::ptr::null_mut(); MAX_FRAMES];
    let found = backtrace_into(&mut frames);
    let frames: [u64; MAX_FRAMES] = std::array::from_fn(|i| frames[i] as u64);
    let numbers = [
        signal as i64 as u64,
        code as i64 as u64,
        address,
        pc_of(context),
    ];
    // The harness stopped a test that ran out of time (SIGTERM): where each thread was.
    send_record(numbers, &frames[..found], signal == libc::SIGTERM);
    python_stacks();
    let core_dir = CORE_DIR.load(Ordering::SeqCst);
    if !core_dir.is_null() {
        // SAFETY: chdir(2) with the NUL-terminated path `keep_core_in` leaked.
        unsafe { libc::chdir(core_dir) };
    }
    RECORDED.store(true, Ordering::SeqCst);
}

/// Sends the record (header `numbers`, `frames`, the exception and case lines, each thread's
/// stack if `threads`, the mappings) on the channel [`install`] named, if it did.
/// Async-signal-safe; the caller holds the record's buffer (the first to set REPORTED).
fn send_record(numbers: [u64; 4], frames: &[u64], threads: bool) {
    let channel = CHANNEL.load(Ordering::SeqCst);
    let buffer = RECORD.load(Ordering::SeqCst);
    if channel < 0 || buffer.is_null() {
        return;
    }
    // SAFETY: `buffer` is the leaked allocation of BUFFER bytes made by `prepare`, used by one
    // recording alone (REPORTED lets one through).
    let out = unsafe { std::slice::from_raw_parts_mut(buffer, BUFFER) };
    let mut used = write_header(out, numbers, frames);
    used += write_exception(&mut out[used..]);
    used += write_case(&mut out[used..]);
    if threads {
        used += super::threads::write_all(&mut out[used..BUFFER / 2]);
    }
    used += read_file(c"/proc/self/maps", &mut out[used..]);
    // The record's own header (verdict.rs), then the record; the parent drains the channel
    // while it waits, so a record longer than the socket's buffer gets through.
    let mut head = [0u8; super::verdict::CRASH_HEADER];
    let head_len = super::verdict::crash_header(&mut head, used);
    send(channel, &head[..head_len]);
    send(channel, &out[..used]);
}

/// Writes the record's exception line (see [`EXCEPTION`]) into `out`, if a C++ exception is in
/// flight; its length. Async-signal-safe.
fn write_exception(out: &mut [u8]) -> usize {
    let mut text = [0u8; crate::cside::cpp_throws::TEXT];
    let Some((at, len)) = crate::cside::cpp_throws::copy_into(&mut text) else {
        return 0;
    };
    let mut w = Writer::new(out);
    w.bytes(EXCEPTION);
    w.number(at as u64, 16);
    w.bytes(b" ");
    w.bytes(&text[..len]);
    w.bytes(b"\n");
    w.len()
}

/// Writes the record's case line (see [`CASE`]) into `out`, if a differential test was running
/// an input; its length. Async-signal-safe.
fn write_case(out: &mut [u8]) -> usize {
    let mut text = [0u8; crate::checks::differential::CASE_TEXT];
    let len = crate::checks::differential::copy_case_into(&mut text);
    if len == 0 {
        return 0;
    }
    let mut w = Writer::new(out);
    w.bytes(CASE);
    w.bytes(&text[..len]);
    w.bytes(b"\n");
    w.len()
}

/// The calling thread's return addresses, innermost first, into `frames`; how many.
/// Async-signal-safe once [`prepare`] has run.
pub(super) fn backtrace_into(frames: &mut [*mut libc::c_void; MAX_FRAMES]) -> usize {
    super::unwind::backtrace(frames)
}

/// Whether another thread is recording a crash now.
fn recording_elsewhere() -> bool {
    REPORTED.load(Ordering::SeqCst)
        && !RECORDED.load(Ordering::SeqCst)
        && RECORDER.load(Ordering::SeqCst) != gettid()
}

/// Has an embedded Python interpreter dump its threads' stacks (to stderr), if one asked for
/// the signal (`tools::python_stack_signal`). Async-signal-safe: faulthandler's dump is.
fn python_stacks() {
    let signal = PYTHON_STACKS.load(Ordering::SeqCst);
    if signal < 0 {
        return;
    }
    // SAFETY: sigaction(2) only reading the current action into a zeroed struct; raise(2) of a
    // signal whose handler is installed (it runs now, nested in this one, and returns).
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction != libc::SIG_DFL
            && current.sa_sigaction != libc::SIG_IGN
        {
            libc::raise(signal);
        }
    }
}

fn send(channel: i32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let chunk = &bytes[..bytes.len().min(super::channel::CHUNK)];
        // SAFETY: send(2) of a live slice; MSG_NOSIGNAL: a gone parent is EPIPE, not SIGPIPE.
        let sent = unsafe {
            libc::send(
                channel,
                chunk.as_ptr().cast(),
                chunk.len(),
                libc::MSG_NOSIGNAL,
            )
        };
        if sent <= 0 {
            return;
        }
        bytes = &bytes[chunk.len()..];
    }
}

/// The faulting instruction's address, from the signal's context.
pub(super) fn pc_of(context: *mut libc::c_void) -> u64 {
    if context.is_null() {
        return 0;
    }
    let context = context as *const libc::ucontext_t;
    // SAFETY: an SA_SIGINFO handler's third argument is the interrupted context.
    #[cfg(target_arch = "x86_64")]
    return unsafe { (*context).uc_mcontext.gregs[libc::REG_RIP as usize] as u64 };
    #[cfg(target_arch = "x86")]
    return unsafe { (*context).uc_mcontext.gregs[libc::REG_EIP as usize] as u32 as u64 };
    #[cfg(target_arch = "aarch64")]
    return unsafe { (*context).uc_mcontext.pc };
    #[cfg(not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64")))]
    {
        let _ = context;
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_round_trips() {
        let crash = Crash {
            signal: libc::SIGSEGV,
            code: -6,
            address: 0x10,
            pc: 0x5555_0000_1234,
            frames: vec![0x7f00_0000_0001, 0x5555_0000_1234, 0x1],
            maps: "55550000-55560000 r-xp 00000000 08:01 12 /bin/x\n".into(),
            core: None,
            stopped_thread: None,
            threads: Vec::new(),
            more_threads: false,
            exception: None,
            case: None,
        };
        let bytes = crash.encode();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with("crash b fffffffffffffffa 10 555500001234 "));
        assert_eq!(Crash::decode(text), Some(crash.clone()));
        let thrown = Crash {
            signal: libc::SIGABRT,
            exception: Some(CppException {
                at: 0x7f00_0000_1234,
                type_name: "std::invalid_argument".into(),
                what: "negative input".into(),
            }),
            case: Some("len = 4294967295 (seed FFI_TEST_SEED=00000000000000ff)".into()),
            ..crash
        };
        let bytes = thrown.encode();
        assert_eq!(
            Crash::decode(std::str::from_utf8(&bytes).unwrap()),
            Some(thrown)
        );
    }
}
