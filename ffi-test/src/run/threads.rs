//! Every other thread's stack, for a test stopped because it ran out of time: the thread the
//! harness's SIGTERM reached asks each other thread of the process, one at a time, with a
//! signal of its own ([`stack_signal`]); the asked thread's handler takes its own return
//! addresses and hands them back through the statics below. All of it async-signal-safe: raw
//! system calls, fixed buffers, atomics, and the unwinder the crash handler already uses.
//!
//! The record lines written here follow the crash record's header (see `crash.rs`):
//! `stopped TID NAME` for the signalled thread, then `thread TID PC N FRAME... NAME` for each
//! other thread (`N` = 0: it did not answer).

use std::ffi::CStr;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::time::Duration;

use super::signal_safe::{gettid, read_file, sleep, Writer};

use super::crash::MAX_FRAMES;

/// The most other threads asked (a test with more gets these, then a line saying so).
pub const MAX_THREADS: usize = 16;
/// How long a thread gets to answer: all of them together stay well inside the harness's
/// grace period between SIGTERM and SIGKILL (`isolation::GRACE`).
const ANSWER_WITHIN: Duration = Duration::from_millis(50);

/// The signal that asks a thread for its stack. `SIGRTMAX - 1` is Python's faulthandler's here
/// (`tools::python_stack_signal`).
pub fn stack_signal() -> i32 {
    libc::SIGRTMAX() - 2
}

/// The thread asked now: its id while unanswered, its id negated once it has begun answering
/// (so a late answer never lands in the next thread's slot), 0 when nobody is asked.
static ASKED: AtomicI32 = AtomicI32::new(0);
/// How many return addresses the answer holds; -1 until it is complete.
static ANSWER_LEN: AtomicI32 = AtomicI32::new(-1);
static ANSWER_PC: AtomicU64 = AtomicU64::new(0);
static ANSWER: [AtomicU64; MAX_FRAMES] = [const { AtomicU64::new(0) }; MAX_FRAMES];

/// Installs the handler that answers [`stack_signal`] (once, by `crash::prepare`).
pub fn prepare() {
    // SAFETY: a zeroed sigaction is valid to fill; the handler has the SA_SIGINFO signature it
    // is installed with. SA_RESTART: the asked thread's system call resumes after answering.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_asked as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(stack_signal(), &action, std::ptr::null_mut());
    }
}

extern "C" fn on_asked(_: i32, _: *mut libc::siginfo_t, context: *mut libc::c_void) {
    let me = gettid();
    if ASKED
        .compare_exchange(me, -me, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return;
    }
    let mut frames = [std::ptr::null_mut(); MAX_FRAMES];
    let found = super::crash::backtrace_into(&mut frames);
    for (slot, frame) in ANSWER.iter().zip(&frames[..found]) {
        slot.store(*frame as u64, Ordering::Relaxed);
    }
    ANSWER_PC.store(super::crash::pc_of(context), Ordering::Relaxed);
    ANSWER_LEN.store(found as i32, Ordering::Release);
}

/// Writes the `stopped` line for the calling thread and a `thread` line for each other thread
/// into `out`; how many bytes (cut where `out` ends).
pub fn write_all(out: &mut [u8]) -> usize {
    let mut w = Writer::new(out);
    let me = gettid();
    w.bytes(b"stopped ");
    w.number(me as u64, 10);
    w.bytes(b" ");
    write_name(&mut w, me);
    w.bytes(b"\n");
    let (mut asked, mut more) = (0, false);
    for_each_thread(|tid| match tid {
        _ if tid == me => {}
        _ if asked == MAX_THREADS => more = true,
        _ => {
            asked += 1;
            write_thread(&mut w, tid);
        }
    });
    if more {
        w.bytes(b"more threads\n");
    }
    w.len()
}

/// `thread TID PC N FRAME... NAME\n`, after asking the thread.
fn write_thread(w: &mut Writer, tid: i32) {
    let (pc, len) = ask(tid);
    w.bytes(b"thread ");
    w.number(tid as u64, 10);
    w.bytes(b" ");
    w.number(pc, 16);
    w.bytes(b" ");
    w.number(len as u64, 10);
    for slot in &ANSWER[..len] {
        w.bytes(b" ");
        w.number(slot.load(Ordering::Relaxed), 16);
    }
    w.bytes(b" ");
    write_name(w, tid);
    w.bytes(b"\n");
}

/// The thread's name (`/proc/self/task/TID/comm`), control characters made `?`.
fn write_name(w: &mut Writer, tid: i32) {
    let mut path = [0u8; 64];
    let mut p = Writer::new(&mut path);
    p.bytes(b"/proc/self/task/");
    p.number(tid as u64, 10);
    p.bytes(b"/comm\0");
    let Ok(path) = CStr::from_bytes_until_nul(p.written()) else {
        return w.bytes(b"?");
    };
    let mut name = [0u8; 32];
    let n = read_file(path, &mut name);
    let name = &name[..n];
    let name = name.strip_suffix(b"\n").unwrap_or(name);
    let mut clean = [0u8; 32];
    for (c, b) in clean.iter_mut().zip(name.iter()) {
        *c = if *b < 0x20 || *b == 0x7f { b'?' } else { *b };
    }
    w.bytes(&clean[..name.len()]);
}

/// Asks thread `tid` for its stack: its interrupted instruction and how many addresses it put
/// in [`ANSWER`] (0 if it did not answer in time: it blocks the signal, or cannot run).
fn ask(tid: i32) -> (u64, usize) {
    ANSWER_LEN.store(-1, Ordering::SeqCst);
    ASKED.store(tid, Ordering::SeqCst);
    // SAFETY: tgkill(2) of a thread of this process with a signal whose handler is installed.
    let sent = unsafe {
        libc::syscall(
            libc::SYS_tgkill,
            libc::getpid(),
            tid,
            stack_signal() as libc::c_long,
        )
    };
    let step = Duration::from_millis(1);
    let mut waited = Duration::ZERO;
    if sent == 0 {
        while ANSWER_LEN.load(Ordering::Acquire) < 0 && waited < ANSWER_WITHIN {
            sleep(step);
            waited += step;
        }
    }
    // Withdrawn unless the thread has begun answering; then its answer is awaited (it only
    // has to unwind).
    if ASKED
        .compare_exchange(tid, 0, Ordering::AcqRel, Ordering::Acquire)
        .is_ok()
    {
        return (0, 0);
    }
    while ANSWER_LEN.load(Ordering::Acquire) < 0 {
        sleep(step);
    }
    ASKED.store(0, Ordering::SeqCst);
    let len = ANSWER_LEN.load(Ordering::Acquire) as usize;
    (ANSWER_PC.load(Ordering::Relaxed), len.min(MAX_FRAMES))
}

/// Calls `each` with the id of each thread of this process (`/proc/self/task`, read with
/// getdents64(2): `readdir` may allocate).
fn for_each_thread(mut each: impl FnMut(i32)) {
    // SAFETY: open(2) of a NUL-terminated path.
    let fd = unsafe {
        libc::open(
            c"/proc/self/task".as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return;
    }
    let mut buffer = [0u8; 4096];
    loop {
        // SAFETY: getdents64(2) into a live buffer of the length given.
        let n =
            unsafe { libc::syscall(libc::SYS_getdents64, fd, buffer.as_mut_ptr(), buffer.len()) };
        if n <= 0 {
            break;
        }
        let mut at = 0;
        while at + 19 < n as usize {
            // linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
            let reclen = u16::from_ne_bytes([buffer[at + 16], buffer[at + 17]]) as usize;
            if reclen == 0 {
                break;
            }
            let name = &buffer[at + 19..(at + reclen).min(n as usize)];
            if let Some(tid) = parse_tid(name) {
                each(tid);
            }
            at += reclen;
        }
    }
    // SAFETY: closing the descriptor opened above.
    unsafe { libc::close(fd) };
}

/// A directory entry's NUL-terminated name as a thread id (`.` and `..` are not).
fn parse_tid(name: &[u8]) -> Option<i32> {
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    let digits = &name[..end];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.iter().try_fold(0i32, |n, d| {
        n.checked_mul(10)?.checked_add(i32::from(d - b'0'))
    })
}

/// A thread's stack as the record carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadStack {
    pub tid: u32,
    pub name: String,
    /// Its interrupted instruction (0 when it did not answer).
    pub pc: u64,
    /// Its return addresses, innermost first (empty when it did not answer).
    pub frames: Vec<u64>,
}

/// The threads of the record lines at the start of `text` ([`write_all`]'s): the signalled
/// thread's id and name, the other threads, whether there were more than were asked, and
/// the rest of `text`.
pub fn decode(mut text: &str) -> (Option<(u32, String)>, Vec<ThreadStack>, bool, &str) {
    let (mut stopped, mut threads, mut more) = (None, Vec::new(), false);
    loop {
        let (line, rest) = text.split_once('\n').unwrap_or((text, ""));
        if let Some(line) = line.strip_prefix("stopped ") {
            let (tid, name) = line.split_once(' ').unwrap_or((line, ""));
            stopped = tid.parse().ok().map(|tid| (tid, name.to_string()));
        } else if let Some(thread) = line.strip_prefix("thread ").and_then(decode_thread) {
            threads.push(thread);
        } else if line == "more threads" {
            more = true;
        } else {
            return (stopped, threads, more, text);
        }
        text = rest;
    }
}

fn decode_thread(line: &str) -> Option<ThreadStack> {
    let mut words = line.splitn(4, ' ');
    let tid = words.next()?.parse().ok()?;
    let pc = u64::from_str_radix(words.next()?, 16).ok()?;
    let len: usize = words.next()?.parse().ok()?;
    let mut rest = words.next().unwrap_or("");
    let mut frames = Vec::with_capacity(len);
    for _ in 0..len {
        let (frame, after) = rest.split_once(' ').unwrap_or((rest, ""));
        frames.push(u64::from_str_radix(frame, 16).ok()?);
        rest = after;
    }
    Some(ThreadStack {
        tid,
        name: rest.to_string(),
        pc,
        frames,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_lines_are_read_back_with_spaces_in_names() {
        let text = "stopped 10 crashes-f85b\nthread 11 4010 2 4010 4020 a worker\n\
                    thread 12 0 0 mute\nmore threads\n5555-6666 r-xp 0 0:0 1 /x\n";
        let (stopped, threads, more, rest) = decode(text);
        assert_eq!(stopped, Some((10, "crashes-f85b".into())));
        assert_eq!(threads.len(), 2);
        assert_eq!(
            threads[0],
            ThreadStack {
                tid: 11,
                name: "a worker".into(),
                pc: 0x4010,
                frames: vec![0x4010, 0x4020]
            }
        );
        assert_eq!(
            (threads[1].name.as_str(), threads[1].frames.len()),
            ("mute", 0)
        );
        assert!(more);
        assert_eq!(rest, "5555-6666 r-xp 0 0:0 1 /x\n");
        assert_eq!(parse_tid(b"123\0\0"), Some(123));
        assert_eq!(parse_tid(b"..\0"), None);
    }

    #[test]
    fn a_thread_of_this_process_answers_with_its_stack() {
        super::super::crash::prepare();
        let (tx, rx) = std::sync::mpsc::channel();
        let (park_tx, park_rx) = std::sync::mpsc::channel::<()>();
        let worker = std::thread::Builder::new()
            .name("asked".into())
            .spawn(move || {
                tx.send(gettid()).unwrap();
                let _ = park_rx.recv();
            })
            .unwrap();
        let tid = rx.recv().unwrap();
        let mut out = vec![0u8; 64 * 1024];
        let used = write_all(&mut out);
        park_tx.send(()).unwrap();
        worker.join().unwrap();
        let text = std::str::from_utf8(&out[..used]).unwrap();
        let (stopped, threads, _, rest) = decode(text);
        assert_eq!(stopped.map(|(t, _)| t as i32), Some(gettid()));
        let asked = threads.iter().find(|t| t.tid as i32 == tid).unwrap();
        assert_eq!(asked.name, "asked");
        assert!(asked.frames.len() > 2 && asked.pc != 0, "{asked:?}");
        assert_eq!(rest, "");
    }
}
