//! The child side on Windows: a test process runs one Rust-bodied test and writes its verdict
//! to the file its parent made for it; an exception nobody handles (an access violation, an
//! illegal instruction) is written there first by the process's unhandled-exception filter,
//! and the process then ends with the exception's code; a stack overflow is written as it
//! happens.

use std::fs::File;
use std::io::Write;
use std::os::windows::io::{FromRawHandle, IntoRawHandle};
use std::path::PathBuf;
use std::sync::atomic::{AtomicPtr, Ordering};

use windows_sys::Win32::Foundation::HMODULE;
use windows_sys::Win32::System::Diagnostics::Debug::{
    AddVectoredExceptionHandler, SetErrorMode, SetUnhandledExceptionFilter, EXCEPTION_POINTERS,
    EXCEPTION_RECORD, SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SEM_NOOPENFILEERRORBOX,
};
use windows_sys::Win32::System::LibraryLoader::{
    GetModuleFileNameW, GetModuleHandleExW, GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
    GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
};

use super::super::exception::{Access, Exception, ACCESS_VIOLATION, STACK_OVERFLOW};
use super::super::verdict::{crash_header, Record, CRASH_HEADER};
use crate::registry::config::Config;
use crate::registry::context::TestContext;
use crate::registry::{self, TestEntry};

/// The test a child runs.
pub const TEST_VAR: &str = "FFI_TEST_WINDOWS_TEST";
/// The file its verdict goes to, which the parent made.
pub const VERDICT_VAR: &str = "FFI_TEST_WINDOWS_VERDICT";

/// What this process was started to do, when its parent is the harness.
pub struct Invocation {
    test: String,
    verdict: PathBuf,
}

/// The test to run and where its verdict goes, when this process is a test's child. The
/// variables are removed so that what the test starts (this binary again, say) is not
/// mistaken for a child.
pub fn invocation() -> Option<Invocation> {
    let test = std::env::var(TEST_VAR).ok()?;
    let verdict = PathBuf::from(std::env::var_os(VERDICT_VAR)?);
    std::env::remove_var(TEST_VAR);
    std::env::remove_var(VERDICT_VAR);
    Some(Invocation { test, verdict })
}

/// The verdict file's handle, for the exception filter (which may run on an overflowed stack,
/// so it allocates nothing and takes no lock).
static VERDICT: AtomicPtr<std::ffi::c_void> = AtomicPtr::new(std::ptr::null_mut());

/// Runs the test and exits: 0 when it passed, 101 when it failed (its message in the verdict).
pub fn run(config: Config, invocation: Invocation) -> ! {
    // SAFETY: SetErrorMode only sets flags of this process: a crash ends it at once, without
    // the dialog Windows (or Wine's debugger) would otherwise wait on.
    unsafe {
        SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)
    };
    let file = match std::fs::OpenOptions::new()
        .append(true)
        .open(&invocation.verdict)
    {
        Ok(file) => file,
        Err(e) => {
            eprintln!(
                "ffi-test: this test process cannot open its verdict file {}: {e}",
                invocation.verdict.display()
            );
            std::process::exit(102)
        }
    };
    VERDICT.store(file.into_raw_handle(), Ordering::SeqCst);
    // SAFETY: the filter and the handler are plain functions that live as long as the process;
    // the handler is put first, ahead of Rust's own stack-overflow handler.
    unsafe {
        SetUnhandledExceptionFilter(Some(on_unhandled));
        AddVectoredExceptionHandler(1, Some(on_stack_overflow));
    }
    let outcome = registry::find(&invocation.test).and_then(|entry| run_entry(&config, entry));
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    let code = if outcome.is_ok() { 0 } else { 101 };
    // SAFETY: the handle was stored above from a file this process owns and never closes.
    let mut file = unsafe { File::from_raw_handle(VERDICT.load(Ordering::SeqCst)) };
    if let Err(e) = file.write_all(&Record::End(outcome).encode()) {
        eprintln!("ffi-test: cannot write the test's verdict: {e}");
    }
    std::process::exit(code)
}

/// Runs a Rust-bodied test (the harness never sends one with a C side here).
fn run_entry(config: &Config, entry: &'static TestEntry) -> Result<(), String> {
    super::super::in_process::run_in_process(&RustOnly { entry, config })
}

/// A test's context where no C side is built.
struct RustOnly<'a> {
    entry: &'static TestEntry,
    config: &'a Config,
}

const NO_C: &str = "ffi-test builds no C side on Windows yet (docs/PLATFORMS.md)";

impl TestContext for RustOnly<'_> {
    fn entry(&self) -> &'static TestEntry {
        self.entry
    }

    fn config(&self) -> &Config {
        self.config
    }

    fn c_symbol_in(&self, _test: &str, _symbol: &str) -> Result<*const (), String> {
        Err(NO_C.to_string())
    }

    fn c_object_in(&self, _test: &str) -> Result<(PathBuf, String), String> {
        Err(NO_C.to_string())
    }

    fn c_exported(&self, _name: &str) -> Option<*const ()> {
        None
    }
}

/// Writes the exception's record to the verdict file and lets the process end with its code.
unsafe extern "system" fn on_unhandled(info: *const EXCEPTION_POINTERS) -> i32 {
    const EXECUTE_HANDLER: i32 = 1;
    // SAFETY: Windows passes a valid EXCEPTION_POINTERS whose record outlives the filter.
    let record = unsafe { &*(*info).ExceptionRecord };
    let mut name = [0u16; 260];
    let module = module_of(record.ExceptionAddress as u64, &mut name);
    write_record(record, module, &mut [0u8; 512]);
    EXECUTE_HANDLER
}

/// A stack overflow is written down as it happens, before any other handler runs: what is
/// left of the stack may not last until the unhandled-exception filter (under Wine 8 it does
/// not: dispatching there overflows again and the process ends with code 0). Its module is
/// not looked up, to use as little stack as can be.
unsafe extern "system" fn on_stack_overflow(info: *mut EXCEPTION_POINTERS) -> i32 {
    const CONTINUE_SEARCH: i32 = 0;
    // SAFETY: Windows passes a valid EXCEPTION_POINTERS whose record outlives the handler.
    let record = unsafe { &*(*info).ExceptionRecord };
    if record.ExceptionCode as u32 == STACK_OVERFLOW {
        // A record with no module fits in 64 bytes.
        write_record(record, None, &mut [0u8; 64]);
    }
    CONTINUE_SEARCH
}

/// Writes `record`'s crash record to the verdict file through `text`, allocating nothing.
fn write_record(record: &EXCEPTION_RECORD, module: Option<(u64, &[u16])>, text: &mut [u8]) {
    let code = record.ExceptionCode as u32;
    let access = match (code, record.NumberParameters) {
        (ACCESS_VIOLATION, 2..) => Access::from_parameter(record.ExceptionInformation[0])
            .map(|how| (how, record.ExceptionInformation[1] as u64)),
        _ => None,
    };
    let len = Exception::encode(code, record.ExceptionAddress as u64, access, module, text);
    let mut head = [0u8; CRASH_HEADER];
    let used = crash_header(&mut head, len);
    // SAFETY: the handle is the verdict file's, stored before the test began and never closed;
    // ManuallyDrop keeps this borrow from closing it.
    let file = unsafe {
        std::mem::ManuallyDrop::new(File::from_raw_handle(VERDICT.load(Ordering::SeqCst)))
    };
    let _ = (&*file).write_all(&head[..used]);
    let _ = (&*file).write_all(&text[..len]);
}

/// The module holding `pc`: its load address, and its file name written into `name`.
fn module_of(pc: u64, name: &mut [u16; 260]) -> Option<(u64, &[u16])> {
    let mut module: HMODULE = std::ptr::null_mut();
    // SAFETY: FROM_ADDRESS takes any address (an address in no module fails); UNCHANGED_REFCOUNT
    // leaves the module's count alone, and `module` is a live out-pointer.
    let found = unsafe {
        GetModuleHandleExW(
            GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
            pc as usize as *const u16,
            &mut module,
        )
    };
    if found == 0 {
        return None;
    }
    // SAFETY: `name` is a live buffer of the length given.
    let len = unsafe { GetModuleFileNameW(module, name.as_mut_ptr(), name.len() as u32) };
    Some((module as u64, &name[..len as usize]))
}
