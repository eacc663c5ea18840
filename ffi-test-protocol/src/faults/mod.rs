//! Fault injection: the C library preloaded into a sweep's child processes (it interposes the C
//! allocation functions and a set of libc calls), and the names and formats it shares with the
//! harness.
//!
//! The library counts the allocations (or the listed calls) C makes while the harness has it
//! armed (around the test body only), and fails the k-th, writing that call's stack to a report
//! file as it fails it, so the stack is there even when the C then crashes. Rust's own
//! allocations go through the test binary's global allocator, which tells the library "Rust is
//! allocating" on this thread ([`RUST_ENTER`]/[`RUST_LEAVE`]): they are never counted or
//! failed, however the allocator reaches `malloc`.

mod calls;
mod injector;
mod plan;

pub use injector::c_source;
pub use plan::{Mode, Plan, Target};

/// `void ffi_test_fi_arm(unsigned long k, int from, unsigned long calls, int err)`: start
/// counting; fail the `k`-th (and, with `from`, every one after it); `k = 0` only counts.
/// `calls = 0` counts allocations; otherwise it is a set of [`CALLS`] (bit i for `CALLS[i]`),
/// failed with `errno = err`, or returning a short count when `err = 0`.
pub const ARM: &str = "ffi_test_fi_arm";
/// `unsigned long ffi_test_fi_disarm(void)`: stop; the number counted.
pub const DISARM: &str = "ffi_test_fi_disarm";
/// `void ffi_test_fi_rust_enter(void)`: this thread is inside Rust's allocator.
pub const RUST_ENTER: &str = "ffi_test_fi_rust_enter";
/// `void ffi_test_fi_rust_leave(void)`: it left.
pub const RUST_LEAVE: &str = "ffi_test_fi_rust_leave";

/// The child's variable holding its [`Plan`].
pub const PLAN_VAR: &str = "FFI_TEST_FAULTS";
/// The child's variable naming the report file the library writes.
pub const REPORT_VAR: &str = "FFI_TEST_FAULTS_REPORT";

/// The child's variable naming a file of the address ranges of the Rust runtime's functions in
/// the test binary (`start end`, hex, from the binary's base): Rust's standard library and
/// ffi-test itself. std allocates some things through the system allocator directly, not through
/// the global allocator (a thread's handle), and both call `read`/`write` for their own I/O:
/// what is called from those functions is never counted or failed.
pub const RUST_CODE_VAR: &str = "FFI_TEST_FAULTS_RUST_CODE";

/// Report line: `failed <k> <call>`, written when the k-th is failed; `<call>` is the call as
/// C made it (`calloc(64)`, `read(fd 3, 4096)`), the rest of the line.
pub const FAILED_LINE: &str = "failed";
/// Report line: `frame <object> <offset, hex>`, each frame of that call's stack, the innermost
/// first, as a return address minus one (inside the call).
pub const FRAME_LINE: &str = "frame";
/// Report line: `count <n>`, written by the child after the body: how many were counted.
pub const COUNT_LINE: &str = "count";

/// A libc call a sweep can fail (`#[ffi_test(fail_calls(read, write))]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// Its name, as written in the attribute and in C.
    pub name: &'static str,
    /// Whether it moves bytes and can return fewer than asked (`short` mode).
    pub short: bool,
}

const fn call(name: &'static str, short: bool) -> Call {
    Call { name, short }
}

/// Every call a sweep can fail; a set of them is a bit mask over this list. The large-file
/// twins (`open64`, `pread64`, `fopen64`) are the same call.
pub const CALLS: &[Call] = &[
    call("read", true),
    call("write", true),
    call("pread", true),
    call("pwrite", true),
    call("recv", true),
    call("send", true),
    call("recvfrom", true),
    call("sendto", true),
    call("open", false),
    call("openat", false),
    call("fopen", false),
    call("close", false),
    call("connect", false),
    call("accept", false),
];

/// The errno values a call can be failed with, by name (the C library's values for the target).
pub const ERRNOS: &[&str] = &[
    "EINTR",
    "EAGAIN",
    "EIO",
    "ENOSPC",
    "ENOMEM",
    "EACCES",
    "EPERM",
    "ENOENT",
    "EEXIST",
    "EBADF",
    "EINVAL",
    "EMFILE",
    "ENFILE",
    "EFBIG",
    "EROFS",
    "EDQUOT",
    "EPIPE",
    "ECONNRESET",
    "ECONNREFUSED",
    "ETIMEDOUT",
    "ENOBUFS",
];

/// The errno a call fails with when the attribute names none.
pub const DEFAULT_ERRNO: &str = "EIO";

/// The bit mask of `names` over [`CALLS`]; `Err(name)` for the first unknown one.
pub fn call_mask<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<u64, &'a str> {
    names.into_iter().try_fold(0u64, |mask, name| {
        let i = CALLS.iter().position(|c| c.name == name).ok_or(name)?;
        Ok(mask | 1 << i)
    })
}
