//! What a crash report says: how the signal came (its code and address, explained) and where,
//! the crashing thread's stack symbolised to functions and lines, the harness's own frames
//! left out. The record itself is [`Crash`], which the test process sends (`run/crash.rs`).

use std::collections::HashMap;
use std::path::PathBuf;

use super::crash::Crash;

/// Frames with a source line shown at most (a stack overflow repeats one frame: folded).
const DEPTH: usize = 12;

impl Crash {
    /// The lines a crash adds to the report of a test killed by a signal: how it came, then
    /// the stack, innermost first. `killed_by` is the signal that ended the process (after a
    /// fault Rust's runtime may abort: the crash's own signal is then said too).
    pub fn describe(&self, killed_by: i32) -> String {
        let mut out = String::new();
        if self.signal != killed_by {
            out.push_str(&format!(
                "\n  it began with {}",
                super::signals::describe(self.signal)
            ));
        }
        if let Some(e) = &self.exception {
            let what = match e.what.as_str() {
                "" => String::new(),
                what => format!(": {what:?}"),
            };
            out.push_str(&format!(
                "\n  the C++ exception in flight (thrown, not caught by C++): {}{what}",
                e.type_name
            ));
            // A return address: the throw's call is the instruction before it.
            let call = e.at.saturating_sub(1);
            out.push_str(&self.stack_block("where it was thrown", call, &[]));
        }
        out.push_str(&self.case_line());
        if let Some(how) = self.how() {
            out.push_str(&format!("\n  {how}"));
        }
        out.push_str(&self.stack_block("where", self.pc, &self.frames));
        if let Some(core) = &self.core {
            let exe = std::env::current_exe().unwrap_or_default();
            out.push_str(&format!(
                "\n  core kept: {}\n  open it: gdb {} {}",
                core.display(),
                exe.display(),
                core.display()
            ));
        }
        out
    }

    /// The lines an early `exit()`'s report gets: the input a differential test was running,
    /// and the stack from the call out.
    pub fn describe_exit(&self) -> String {
        self.case_line() + &self.stack_block("where", self.pc, &self.frames)
    }

    /// The line naming the input a differential test was running, if it was.
    fn case_line(&self) -> String {
        self.case.as_ref().map_or(String::new(), |case| {
            format!(
                "\n  on the generated input: {}",
                crate::checks::differential::describe_case(case)
            )
        })
    }

    /// The lines a timed-out test's report gets: where its process was when the harness
    /// stopped it: the thread the signal reached, then each other thread.
    pub fn describe_stopped(&self) -> String {
        let shown: Vec<(String, &super::threads::ThreadStack)> = self
            .threads
            .iter()
            .map(|t| (self.stack_block(&thread_title(t), t.pc, &t.frames), t))
            .collect();
        let (answered, mute): (Vec<_>, Vec<_>) =
            shown.into_iter().partition(|(block, _)| !block.is_empty());
        let title = match (&self.stopped_thread, answered.is_empty()) {
            (Some((tid, name)), false) => {
                format!("where it was when stopped, thread {tid} '{name}'")
            }
            _ => "where it was when stopped".to_string(),
        };
        let mut out = self.stack_block(&title, self.pc, &self.frames);
        for (block, _) in &answered {
            out.push_str(block);
        }
        if !mute.is_empty() {
            let ids: Vec<String> = mute.iter().map(|(_, t)| t.tid.to_string()).collect();
            out.push_str(&format!(
                "\n  {} other thread{} gave no stack ({}): {} the signal that asks, or could \
                 not run (under qemu-user, qemu's own threads are listed too)",
                mute.len(),
                if mute.len() == 1 { "" } else { "s" },
                ids.join(", "),
                if mute.len() == 1 {
                    "it blocks"
                } else {
                    "they block"
                },
            ));
        }
        if self.more_threads {
            out.push_str(&format!(
                "\n  (the process had more threads than the {} shown)",
                super::threads::MAX_THREADS + 1
            ));
        }
        out
    }

    /// A stack under `title`, one frame a line; nothing when no frame could be named.
    fn stack_block(&self, title: &str, pc: u64, frames: &[u64]) -> String {
        let stack = self.stack(pc, frames);
        if stack.is_empty() {
            return String::new();
        }
        let mut out = format!("\n  {title} (innermost first):");
        for line in stack {
            out.push_str(&format!("\n    {line}"));
        }
        out
    }

    /// The signal's code and address, in words.
    fn how(&self) -> Option<String> {
        let address = self.address;
        let near_null = || match address {
            0 => " (a NULL pointer dereferenced)".to_string(),
            1..=4095 => {
                format!(" (a NULL pointer + {address}: a member or element reached through NULL?)")
            }
            _ => String::new(),
        };
        let at = format!("at address {address:#x}");
        Some(match (self.signal, self.code) {
            (_, code) if code <= 0 => match code {
                libc::SI_TKILL | libc::SI_USER if self.signal == libc::SIGABRT => {
                    "raised by the process itself: abort() (a failed assert(), or a runtime that gave up)".to_string()
                }
                libc::SI_TKILL => "raised by the process itself (raise(), pthread_kill())".to_string(),
                _ => "sent by a process (kill())".to_string(),
            },
            (libc::SIGSEGV, _) if self.overflowed_stack() => format!(
                "{at}: stack overflow (the address is in the guard below a thread's stack; unbounded recursion?)"
            ),
            (libc::SIGSEGV, 1) => format!("{at}: nothing is mapped there (SEGV_MAPERR){}", near_null()),
            (libc::SIGSEGV, 2) => format!(
                "{at}: mapped, but not for this access (SEGV_ACCERR: a write to read-only memory, or running data){}",
                near_null()
            ),
            (libc::SIGBUS, 1) => format!("{at}: misaligned (BUS_ADRALN)"),
            (libc::SIGBUS, 2) => format!(
                "{at}: no such physical address (BUS_ADRERR: past the end of a mapped file that was truncated?)"
            ),
            (libc::SIGBUS, 3) => format!("{at}: hardware error (BUS_OBJERR)"),
            (libc::SIGFPE, 1) => "integer division by zero (FPE_INTDIV)".to_string(),
            (libc::SIGFPE, 2) => "integer overflow (FPE_INTOVF: INT_MIN / -1?)".to_string(),
            (libc::SIGFPE, _) => format!("floating-point exception (code {})", self.code),
            (libc::SIGILL, 1 | 2) => format!(
                "{at}: illegal instruction (a trap: __builtin_trap(), or code built for another CPU)"
            ),
            (libc::SIGILL, _) => format!("{at}: illegal instruction (code {})", self.code),
            (libc::SIGTRAP, _) => "a breakpoint or trap instruction".to_string(),
            _ => return None,
        })
    }

    /// Whether the fault's address is in a guard page or just below the stack.
    fn overflowed_stack(&self) -> bool {
        self.mappings().any(|m| {
            (m.perms.starts_with("---") && (m.start..m.end).contains(&self.address))
                || (m.path == "[stack]"
                    && self.address < m.start
                    && m.start - self.address <= 2 * 1024 * 1024)
        })
    }

    fn mappings(&self) -> impl Iterator<Item = Mapping<'_>> {
        self.maps.lines().filter_map(Mapping::parse)
    }

    /// The stack as `function (file:line)` lines from the faulting instruction out, up to the
    /// harness's call of the test: repeated frames folded, and so are runs of Rust's runtime
    /// (a panic's way to `abort`).
    fn stack(&self, pc: u64, frames: &[u64]) -> Vec<String> {
        let located = self.located(pc, frames);
        let in_objects: Vec<Option<(PathBuf, u64)>> = located
            .iter()
            .map(|l| match l {
                Place::Object(path, at) => Some((path.clone(), *at)),
                _ => None,
            })
            .collect();
        let symbolised = crate::report::stack::symbolise_all(&in_objects);
        let names = located
            .into_iter()
            .zip(symbolised)
            .map(|(place, (name, _))| {
                let name = crate::cside::without_symbol_prefixes(&name);
                match place {
                    Place::Object(path, _) => {
                        let group = group_of(&name, &path);
                        (name, group)
                    }
                    Place::Named(address, mapping) => (format!("{address:#x} in {mapping}"), None),
                    Place::Nowhere(address) => (
                        format!(
                            "{address:#x}, mapped nowhere (a call through a bad function pointer?)"
                        ),
                        None,
                    ),
                }
            });
        let mut frames: Vec<Frame> = Vec::new();
        for (name, group) in names {
            if is_harness(&name) {
                break;
            }
            match frames.last_mut() {
                Some(last) if last.name == name => last.times += 1,
                Some(last) if group.is_some() && group == last.group => last.folded.push(name),
                _ => frames.push(Frame {
                    name,
                    times: 1,
                    group,
                    folded: Vec::new(),
                }),
            }
        }
        let placed = |f: &Frame| f.name.ends_with(')') && !f.name.contains("no line information");
        let mut shown = Vec::new();
        let mut count = 0;
        for frame in frames {
            count += usize::from(placed(&frame));
            shown.push(frame.line());
            if count == DEPTH {
                break;
            }
        }
        shown
    }

    /// Each address of a stack from the interrupted instruction `pc` out, and where it is.
    fn located(&self, pc: u64, frames: &[u64]) -> Vec<Place> {
        let addresses: Vec<(u64, bool)> = match frames.iter().position(|&f| f == pc) {
            Some(i) => frames[i..]
                .iter()
                .enumerate()
                .map(|(k, &a)| (a, k == 0))
                .collect(),
            // The unwinder did not get through the signal's frame: the instruction alone.
            None if pc != 0 => vec![(pc, true)],
            None => Vec::new(),
        };
        let mappings: Vec<Mapping> = self.mappings().collect();
        let mut files = HashMap::new();
        addresses
            .iter()
            .map(|&(address, exact)| {
                // A return address is the instruction after the call: the call is one before.
                locate(
                    &mappings,
                    if exact { address } else { address - 1 },
                    &mut files,
                )
            })
            .collect()
    }
}

/// Where a code address is.
enum Place {
    /// In an object file, at this address of it.
    Object(PathBuf, u64),
    /// In a mapping with a name but no file (`[vdso]`).
    Named(u64, String),
    /// In no mapping.
    Nowhere(u64),
}

/// A line of the stack: a frame, how many times in a row, and the frames of the same runtime
/// after it, shown as a count.
struct Frame {
    name: String,
    times: usize,
    /// The runtime the frame belongs to (Rust's, PyO3's glue, the Python interpreter), if any.
    group: Option<&'static str>,
    folded: Vec<String>,
}

impl Frame {
    fn line(&self) -> String {
        let mut line = self.name.clone();
        if self.times > 1 {
            line.push_str(&format!(" (x{})", self.times));
        }
        if let Some(last) = self.folded.last() {
            // The location is the last parenthesised part: a Rust name can hold ` (` itself
            // (`FnOnce<(), Output = ()>`).
            let function = last.rsplit_once(" (").map_or(last.as_str(), |(f, _)| f);
            line.push_str(&format!(
                "\n    ... {} more frame{} of {}, to {function}",
                self.folded.len(),
                if self.folded.len() == 1 { "" } else { "s" },
                match self.group {
                    Some(RUST) if self.folded.iter().any(|f| f.contains("pyo3::")) => {
                        "Rust's runtime and PyO3's glue"
                    }
                    Some(group) => group,
                    None => "the same code",
                }
            ));
        }
        line
    }
}

fn thread_title(thread: &super::threads::ThreadStack) -> String {
    format!("thread {} '{}'", thread.tid, thread.name)
}

/// Whether a frame is the harness's (the test's generated runner and everything calling it).
fn is_harness(name: &str) -> bool {
    name.starts_with("ffi_test::")
        || name.contains("__ffi_test_run")
        || name.starts_with("std::rt::")
}

/// The group of Rust's standard library and PyO3's glue (see [`group_of`]).
const RUST: &str = "Rust's runtime";

/// The runtime a frame belongs to, whose runs of frames are folded into one line: Rust's
/// standard library (a panic on its way to `abort`), PyO3's glue around a `#[pyfunction]`, the
/// Python interpreter (Python's own stack is in the output: faulthandler's).
fn group_of(name: &str, object: &std::path::Path) -> Option<&'static str> {
    let rust = [
        "std::",
        "core::",
        "alloc::",
        "__rustc::",
        "<std::",
        "<core::",
        "<alloc::",
        "__rust_try",
        "pyo3::",
        "<pyo3::",
    ];
    if rust.iter().any(|p| name.starts_with(p)) {
        return Some(RUST);
    }
    let file = object.file_name().map(|f| f.to_string_lossy());
    if file.is_some_and(|f| f.starts_with("libpython")) {
        return Some("the Python interpreter");
    }
    None
}

/// One line of `/proc/self/maps`.
struct Mapping<'a> {
    start: u64,
    end: u64,
    perms: &'a str,
    offset: u64,
    path: &'a str,
}

impl<'a> Mapping<'a> {
    fn parse(line: &'a str) -> Option<Mapping<'a>> {
        let mut words = line.split_whitespace();
        let (start, end) = words.next()?.split_once('-')?;
        let perms = words.next()?;
        let offset = u64::from_str_radix(words.next()?, 16).ok()?;
        let _device = words.next()?;
        let _inode = words.next()?;
        // The path may hold spaces: the rest of the line.
        let path = match words.next() {
            Some(first) => {
                let at = line.find(first).unwrap_or(0);
                line[at..].trim_end()
            }
            None => "",
        };
        Some(Mapping {
            start: u64::from_str_radix(start, 16).ok()?,
            end: u64::from_str_radix(end, 16).ok()?,
            perms,
            offset,
            path,
        })
    }
}

/// Where `address` is: an object file and the address in it that symbols are read at, or the
/// name of a mapping without a file. `files` keeps each object's bytes, read once.
fn locate<'m>(
    mappings: &[Mapping<'m>],
    address: u64,
    files: &mut HashMap<&'m str, Option<Vec<u8>>>,
) -> Place {
    let Some(m) = mappings
        .iter()
        .find(|m| (m.start..m.end).contains(&address))
    else {
        return Place::Nowhere(address);
    };
    let in_object = || {
        let file_offset = address - m.start + m.offset;
        let data = files
            .entry(m.path)
            .or_insert_with(|| std::fs::read(m.path).ok())
            .as_deref()?;
        let object = crate::os::object_file::ObjectFile::parse(data).ok()?;
        object.address_of_file_offset(file_offset)
    };
    match m.path.starts_with('/').then(in_object).flatten() {
        Some(at) => Place::Object(PathBuf::from(m.path), at),
        None if m.path.is_empty() => Place::Named(address, "an anonymous mapping".into()),
        None => Place::Named(address, m.path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crash(signal: i32, code: i32, address: u64) -> Crash {
        Crash {
            signal,
            code,
            address,
            pc: 0,
            frames: Vec::new(),
            core: None,
            stopped_thread: None,
            threads: Vec::new(),
            more_threads: false,
            exception: None,
            case: None,
            maps:
                "7ffd0000000-7ffd0021000 rw-p 00000000 00:00 0                          [stack]\n"
                    .into(),
        }
    }

    #[test]
    fn folded_frames_end_with_the_last_ones_whole_name() {
        let frame = Frame {
            name: "t::closure (tests/t.rs:8)".into(),
            times: 1,
            group: Some(RUST),
            folded: vec![
                "std::rt::x (library/std/src/rt.rs:1)".into(),
                "<alloc::boxed::Box<dyn core::ops::function::FnOnce<(), Output = ()>> as \
                 core::ops::function::FnOnce<()>>::call_once (library/alloc/src/boxed.rs:2)"
                    .into(),
            ],
        };
        assert_eq!(
            frame.line(),
            "t::closure (tests/t.rs:8)\n    ... 2 more frames of Rust's runtime, to \
             <alloc::boxed::Box<dyn core::ops::function::FnOnce<(), Output = ()>> as \
             core::ops::function::FnOnce<()>>::call_once"
        );
    }

    #[test]
    fn codes_and_addresses_are_said_in_words() {
        let said = |c: Crash| c.how().unwrap();
        assert_eq!(
            said(crash(libc::SIGSEGV, 1, 0)),
            "at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)"
        );
        assert!(said(crash(libc::SIGSEGV, 1, 0x10)).contains("a NULL pointer + 16"));
        assert!(said(crash(libc::SIGSEGV, 1, 0x7ffd0000000 - 64)).contains("stack overflow"));
        assert!(said(crash(libc::SIGBUS, 2, 0x7f00)).contains("BUS_ADRERR"));
        assert_eq!(
            said(crash(libc::SIGFPE, 1, 0x5555)),
            "integer division by zero (FPE_INTDIV)"
        );
        assert!(said(crash(libc::SIGABRT, libc::SI_TKILL, 0)).contains("abort()"));
    }

    #[test]
    fn maps_lines_are_read_with_spaces_in_paths() {
        let m = Mapping::parse("55d0-55e0 r-xp 00001000 08:01 1234   /tmp/a b/lib.so").unwrap();
        assert_eq!((m.start, m.end, m.offset), (0x55d0, 0x55e0, 0x1000));
        assert_eq!((m.perms, m.path), ("r-xp", "/tmp/a b/lib.so"));
    }
}
