//! The test binary's global allocator (installed by `ffi_test::main!`): the system allocator,
//! which tells the fault injector, when one is loaded, that the allocation it is about to see on
//! this thread is Rust's own.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

use ffi_test_protocol::faults::{RUST_ENTER, RUST_LEAVE};

/// `ffi_test_fi_rust_enter`/`_leave` of the injector, once resolved (0 until then, and in every
/// process that has no injector).
static ENTER: AtomicUsize = AtomicUsize::new(0);
static LEAVE: AtomicUsize = AtomicUsize::new(0);

/// The blocks and bytes this allocator holds: what a leak check reads around a call (Python's
/// `assert_no_leaks`, for the Rust a `#[pymodule]` allocates), so counted only with the
/// `python` feature. Signed: a block the process allocated before the allocator counted (none,
/// as a global allocator) would make them dip.
static LIVE_BLOCKS: AtomicIsize = AtomicIsize::new(0);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

/// The blocks and bytes Rust's allocator holds now, when it is this one (`(0, 0)` when the
/// binary keeps its own, `own_allocator: true`).
#[cfg(feature = "python")]
pub fn live() -> (isize, isize) {
    (
        LIVE_BLOCKS.load(Ordering::Relaxed),
        LIVE_BYTES.load(Ordering::Relaxed),
    )
}

fn counted(blocks: isize, bytes: isize) {
    if cfg!(feature = "python") {
        LIVE_BLOCKS.fetch_add(blocks, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// `size` as a count (a layout's size fits: it is at most `isize::MAX`).
fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

/// The system allocator, marking its calls as Rust's for the fault injector. Installed by
/// `ffi_test::main!` (say `own_allocator: true` there to keep yours; a sweep then counts the
/// allocations your allocator makes through `malloc`, if it does).
///
/// ```
/// #[global_allocator]
/// static ALLOCATOR: ffi_test::RustAllocator = ffi_test::RustAllocator;
/// let v = vec![1u8; 16];
/// assert_eq!(v.len(), 16);
/// ```
pub struct RustAllocator;

/// Marks the current thread as inside Rust's allocator while alive.
struct Scope;

impl Scope {
    fn enter() -> Scope {
        call(&ENTER);
        Scope
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        call(&LEAVE);
    }
}

fn call(slot: &AtomicUsize) {
    let f = slot.load(Ordering::Acquire);
    if f != 0 {
        // SAFETY: `f` was resolved by `resolve` from the injector, where it is
        // `void f(void)`, which touches only a thread-local counter.
        let f = unsafe { std::mem::transmute::<usize, extern "C" fn()>(f) };
        f();
    }
}

// SAFETY: every method forwards to `System` with the same arguments; the marking around it
// allocates nothing.
unsafe impl GlobalAlloc for RustAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _rust = Scope::enter();
        // SAFETY: forwarded as received (the caller upholds `alloc`'s contract).
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            counted(1, signed(layout.size()));
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _rust = Scope::enter();
        // SAFETY: as `alloc`.
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            counted(1, signed(layout.size()));
        }
        block
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        counted(-1, -signed(layout.size()));
        // SAFETY: as `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _rust = Scope::enter();
        // SAFETY: as `alloc`.
        let block = unsafe { System.realloc(ptr, layout, new_size) };
        if !block.is_null() {
            counted(0, signed(new_size) - signed(layout.size()));
        }
        block
    }
}

/// Finds the injector's marking functions, when the injector is loaded (a sweep's child).
pub(super) fn resolve() -> bool {
    let (Some(enter), Some(leave)) = (
        super::child::symbol(RUST_ENTER),
        super::child::symbol(RUST_LEAVE),
    ) else {
        return false;
    };
    ENTER.store(enter, Ordering::Release);
    LEAVE.store(leave, Ordering::Release);
    true
}
