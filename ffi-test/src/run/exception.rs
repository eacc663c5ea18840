//! What ended a Windows test process: the exception code Windows ends a process with when no
//! handler took the exception, named, and the record the child's exception filter writes (the
//! code, where, what address a bad access touched, in which module), with one encoder, which
//! allocates nothing (it runs on a crashing, perhaps overflowed, stack), and one decoder.
//!
//! Each code is given the POSIX signal the same fault raises on Linux, so an expectation
//! (`expect = crash("SIGSEGV")`) means the same on both systems.

use super::signal_safe::Writer;

/// A code Windows ends a process with: its name, what it means, and the signal of the same
/// fault on Linux.
struct Known {
    code: u32,
    name: &'static str,
    meaning: &'static str,
    signal: &'static str,
}

const KNOWN: &[Known] = &[
    known(
        ACCESS_VIOLATION,
        "EXCEPTION_ACCESS_VIOLATION",
        "invalid memory access",
        "SIGSEGV",
    ),
    known(
        STACK_OVERFLOW,
        "EXCEPTION_STACK_OVERFLOW",
        "stack overflow",
        "SIGSEGV",
    ),
    known(
        0xC000_0006,
        "EXCEPTION_IN_PAGE_ERROR",
        "a mapped page could not be read",
        "SIGBUS",
    ),
    known(
        0xC000_001D,
        "EXCEPTION_ILLEGAL_INSTRUCTION",
        "illegal instruction",
        "SIGILL",
    ),
    known(
        0xC000_0096,
        "EXCEPTION_PRIV_INSTRUCTION",
        "privileged instruction",
        "SIGILL",
    ),
    known(
        0xC000_0094,
        "EXCEPTION_INT_DIVIDE_BY_ZERO",
        "integer division by zero",
        "SIGFPE",
    ),
    known(
        0xC000_0095,
        "EXCEPTION_INT_OVERFLOW",
        "integer overflow",
        "SIGFPE",
    ),
    known(
        0xC000_008E,
        "EXCEPTION_FLT_DIVIDE_BY_ZERO",
        "floating-point division by zero",
        "SIGFPE",
    ),
    known(0x8000_0003, "EXCEPTION_BREAKPOINT", "breakpoint", "SIGTRAP"),
    known(
        0xC000_0409,
        "STATUS_STACK_BUFFER_OVERRUN",
        "a fast fail: the process ended itself at once, as Rust's abort does (a panic that cannot \
         unwind, a foreign exception) and `__fastfail`",
        "SIGABRT",
    ),
    known(
        0xC000_0374,
        "STATUS_HEAP_CORRUPTION",
        "heap corruption",
        "SIGABRT",
    ),
];

const fn known(
    code: u32,
    name: &'static str,
    meaning: &'static str,
    signal: &'static str,
) -> Known {
    Known {
        code,
        name,
        meaning,
        signal,
    }
}

/// `EXCEPTION_STACK_OVERFLOW`.
pub const STACK_OVERFLOW: u32 = 0xC000_00FD;

/// `EXCEPTION_ACCESS_VIOLATION`, whose record says what address was touched, and how.
pub const ACCESS_VIOLATION: u32 = 0xC000_0005;

/// Whether a process's exit code is a system exception's status (severity error or warning,
/// the customer bit clear) rather than a number the program chose (`exit(-1)` is 0xffffffff,
/// whose customer bit is set).
pub fn is_exception(exit_code: u32) -> bool {
    exit_code >= 0x8000_0000 && exit_code & 0x2000_0000 == 0
}

/// The signal the fault `code` raises on Linux, when it is one we know.
pub fn signal_of(code: u32) -> Option<&'static str> {
    KNOWN.iter().find(|k| k.code == code).map(|k| k.signal)
}

/// `0xc0000005 (EXCEPTION_ACCESS_VIOLATION: invalid memory access)`.
pub fn describe(code: u32) -> String {
    match KNOWN.iter().find(|k| k.code == code) {
        Some(k) => format!("{code:#010x} ({}: {})", k.name, k.meaning),
        None => format!("{code:#010x}"),
    }
}

/// How a bad access touched its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    /// Data execution prevention: code run from memory that is not executable.
    Execute,
}

impl Access {
    /// From the first parameter of an access violation's record.
    pub fn from_parameter(p: usize) -> Option<Access> {
        match p {
            0 => Some(Access::Read),
            1 => Some(Access::Write),
            8 => Some(Access::Execute),
            _ => None,
        }
    }

    fn from_letter(letter: &str) -> Option<Access> {
        [Access::Read, Access::Write, Access::Execute]
            .into_iter()
            .find(|a| letter.as_bytes() == [a.letter()])
    }

    fn letter(self) -> u8 {
        match self {
            Access::Read => b'r',
            Access::Write => b'w',
            Access::Execute => b'x',
        }
    }
}

/// One unhandled exception, as the child's filter saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub code: u32,
    /// The code address it happened at.
    pub pc: u64,
    /// For an access violation: how, and the address touched.
    pub access: Option<(Access, u64)>,
    /// The module holding `pc`: where it is loaded, and its file.
    pub module: Option<(u64, String)>,
}

impl Exception {
    /// Writes the record into `out` without allocating; how many bytes. `module` is the
    /// module's load address and its file name as Windows gives it (UTF-16; a character
    /// outside ASCII is written `?`).
    pub fn encode(
        code: u32,
        pc: u64,
        access: Option<(Access, u64)>,
        module: Option<(u64, &[u16])>,
        out: &mut [u8],
    ) -> usize {
        let mut w = Writer::new(out);
        w.bytes(b"exception ");
        w.number(code as u64, 16);
        w.bytes(b" ");
        w.number(pc, 16);
        match access {
            Some((how, address)) => {
                w.bytes(&[b' ', how.letter(), b' ']);
                w.number(address, 16);
            }
            None => w.bytes(b" - 0"),
        }
        if let Some((base, name)) = module {
            w.bytes(b" ");
            w.number(base, 16);
            w.bytes(b" ");
            for &unit in name {
                let ascii = u8::try_from(unit).ok().filter(|b| (0x20..0x7f).contains(b));
                w.bytes(&[ascii.unwrap_or(b'?')]);
            }
        }
        w.bytes(b"\n");
        w.len()
    }

    /// The record [`Exception::encode`] wrote, or `None` if `text` is not one.
    pub fn decode(text: &str) -> Option<Exception> {
        let line = text.strip_prefix("exception ")?.lines().next()?;
        let mut fields = line.splitn(6, ' ');
        let hex = |s: Option<&str>| u64::from_str_radix(s?, 16).ok();
        let code = u32::try_from(hex(fields.next())?).ok()?;
        let pc = hex(fields.next())?;
        let how = fields.next()?;
        let address = hex(fields.next())?;
        let access = match how {
            "-" => None,
            _ => Some((Access::from_letter(how)?, address)),
        };
        let module = match (fields.next(), fields.next()) {
            (Some(base), Some(name)) => Some((hex(Some(base))?, name.to_string())),
            _ => None,
        };
        Some(Exception {
            code,
            pc,
            access,
            module,
        })
    }

    /// The module's file and the address `pc` has in it as its file states it (its image
    /// base added to the offset from where it was loaded), for naming the function there.
    pub fn place_in_module(
        &self,
        image_base: impl FnOnce(&str) -> Option<u64>,
    ) -> Option<(String, u64)> {
        let (loaded_at, file) = self.module.as_ref()?;
        let base = image_base(file)?;
        Some((file.clone(), base + self.pc.wrapping_sub(*loaded_at)))
    }

    /// What the report adds after the exception's name: the address touched, and where
    /// (`function`: what is there, when it could be named).
    pub fn describe_where(&self, function: Option<&str>) -> String {
        let mut text = String::new();
        if let Some((how, address)) = self.access {
            let verb = match how {
                Access::Read => "reading",
                Access::Write => "writing",
                Access::Execute => "executing",
            };
            text.push_str(&format!("\n  {verb} address {address:#x}"));
        }
        text.push_str(&format!("\n  at code address {:#x}", self.pc));
        if let Some((base, file)) = &self.module {
            let name = file.rsplit(['\\', '/']).next().unwrap_or(file);
            text.push_str(&format!(" ({name}+{:#x})", self.pc.wrapping_sub(*base)));
        }
        if let Some(function) = function {
            text.push_str(&format!(": {function}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_with_and_without_its_parts() {
        let name: Vec<u16> = "C:\\t\\planted-0f.exe".encode_utf16().collect();
        let mut out = [0u8; 256];
        let n = Exception::encode(
            ACCESS_VIOLATION,
            0x1400_0123,
            Some((Access::Write, 0x10)),
            Some((0x1400_0000, &name)),
            &mut out,
        );
        let text = std::str::from_utf8(&out[..n]).unwrap();
        assert_eq!(
            text,
            "exception c0000005 14000123 w 10 14000000 C:\\t\\planted-0f.exe\n"
        );
        let decoded = Exception::decode(text).unwrap();
        assert_eq!(
            decoded,
            Exception {
                code: ACCESS_VIOLATION,
                pc: 0x1400_0123,
                access: Some((Access::Write, 0x10)),
                module: Some((0x1400_0000, "C:\\t\\planted-0f.exe".into())),
            }
        );
        assert_eq!(
            decoded.describe_where(Some("f (t.c:3)")),
            "\n  writing address 0x10\n  at code address 0x14000123 (planted-0f.exe+0x123): f (t.c:3)"
        );
        let image_base = |file: &str| (file == "C:\\t\\planted-0f.exe").then_some(0x1_4000_0000);
        assert_eq!(
            decoded.place_in_module(image_base),
            Some(("C:\\t\\planted-0f.exe".to_string(), 0x1_4000_0123))
        );
        let n = Exception::encode(0xC000_00FD, 0x40, None, None, &mut out);
        let bare = Exception::decode(std::str::from_utf8(&out[..n]).unwrap()).unwrap();
        assert_eq!((bare.access, bare.module), (None, None));
        assert_eq!(Exception::decode("exception zz"), None);
    }

    #[test]
    fn exception_statuses_are_told_from_chosen_exit_codes_and_named() {
        assert!(is_exception(0xC000_0005) && is_exception(0x8000_0003));
        assert!(!is_exception(101) && !is_exception(3) && !is_exception(u32::MAX));
        assert_eq!(signal_of(ACCESS_VIOLATION), Some("SIGSEGV"));
        assert_eq!(signal_of(0xC000_0409), Some("SIGABRT"));
        assert_eq!(
            describe(ACCESS_VIOLATION),
            "0xc0000005 (EXCEPTION_ACCESS_VIOLATION: invalid memory access)"
        );
        assert_eq!(describe(0xC123_0000), "0xc1230000");
    }
}
