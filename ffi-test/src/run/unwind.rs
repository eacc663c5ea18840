//! The calling thread's return addresses, through signal frames, from a signal handler.
//!
//! glibc's `backtrace(3)` loads libgcc_s with `dlopen` on its first call, which allocates, so a
//! process had to call it once before any crash: 25 µs in every test's process, 3% of a
//! trivial test's run where each test is its own exec. The unwinder is called here directly:
//! Rust's standard library already links libgcc_s, whose `_Unwind_Backtrace` walks signal
//! frames as `backtrace(3)` does (it is what `backtrace(3)` calls) and allocates nothing.
//! 32-bit ARM's unwinder (EHABI) has no `_Unwind_GetIP` function: there, `backtrace(3)` as before.

pub use imp::{backtrace, prepare};

#[cfg(not(target_arch = "arm"))]
mod imp {
    use std::ffi::{c_int, c_void};

    extern "C" {
        fn _Unwind_Backtrace(
            trace: extern "C" fn(*mut c_void, *mut c_void) -> c_int,
            arg: *mut c_void,
        ) -> c_int;
        fn _Unwind_GetIP(context: *mut c_void) -> usize;
        fn _Unwind_GetCFA(context: *mut c_void) -> usize;
    }

    /// `_URC_NO_REASON` and `_URC_END_OF_STACK`.
    const CONTINUE: c_int = 0;
    const STOP: c_int = 5;

    struct Walk<'a> {
        frames: &'a mut [*mut c_void],
        /// Frames seen, the first (this module's own) included.
        seen: usize,
        found: usize,
        last: (usize, usize),
    }

    extern "C" fn step(context: *mut c_void, walk: *mut c_void) -> c_int {
        // SAFETY: `walk` is the `Walk` `backtrace` passed, alive for the whole walk.
        let walk = unsafe { &mut *walk.cast::<Walk>() };
        walk.seen += 1;
        if walk.seen == 1 {
            return CONTINUE; // `backtrace`'s own frame, as backtrace(3) skips its own.
        }
        // SAFETY: the unwinder's context for the frame being visited.
        let here = unsafe { (_Unwind_GetIP(context), _Unwind_GetCFA(context)) };
        // A frame that repeats the last one (a broken unwind table) would loop forever.
        if here.0 == 0 || here == walk.last || walk.found == walk.frames.len() {
            return STOP;
        }
        walk.last = here;
        walk.frames[walk.found] = here.0 as *mut c_void;
        walk.found += 1;
        CONTINUE
    }

    /// The calling thread's return addresses, innermost first (its caller's first), into
    /// `frames`; how many. Async-signal-safe once [`prepare`] has run.
    #[inline(never)]
    pub fn backtrace(frames: &mut [*mut c_void]) -> usize {
        let mut walk = Walk {
            frames,
            seen: 0,
            found: 0,
            last: (0, 0),
        };
        // SAFETY: `step` has the callback's signature and `walk` outlives the call.
        unsafe { _Unwind_Backtrace(step, (&raw mut walk).cast()) };
        walk.found
    }

    /// Readies [`backtrace`] for a signal handler: nothing to load.
    pub fn prepare() {}
}

#[cfg(target_arch = "arm")]
mod imp {
    use std::ffi::{c_int, c_void};

    extern "C" {
        // glibc's <execinfo.h>.
        #[link_name = "backtrace"]
        fn glibc_backtrace(buffer: *mut *mut c_void, size: c_int) -> c_int;
    }

    /// As on other targets; this frame is the first.
    pub fn backtrace(frames: &mut [*mut c_void]) -> usize {
        let size = c_int::try_from(frames.len()).unwrap_or(c_int::MAX);
        // SAFETY: `frames` has room for `size` addresses.
        unsafe { glibc_backtrace(frames.as_mut_ptr(), size) }.max(0) as usize
    }

    /// The first call loads the unwinder (libgcc_s), which allocates: done here, not in a
    /// handler.
    pub fn prepare() {
        let mut warm = [std::ptr::null_mut(); 4];
        backtrace(&mut warm);
    }
}

#[cfg(test)]
mod tests {
    #[inline(never)]
    fn inner(frames: &mut [*mut std::ffi::c_void]) -> usize {
        super::backtrace(frames)
    }

    #[test]
    fn the_callers_frames_come_first_and_the_walk_ends() {
        let mut frames = [std::ptr::null_mut(); 64];
        let found = inner(&mut frames);
        assert!(found > 3 && found <= 64, "{found}");
        // The first address is in `inner`, just after its call.
        let here = inner as *const () as usize;
        let first = frames[0] as usize;
        assert!(first > here && first < here + 256, "{first:#x} {here:#x}");
        assert!(frames[..found].iter().all(|f| !f.is_null()));
        // A short buffer is filled, never overrun.
        let mut two = [std::ptr::null_mut(); 2];
        assert_eq!(inner(&mut two), 2);
    }
}
