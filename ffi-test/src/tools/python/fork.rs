//! A fork of a process whose interpreter runs (a fork server's): CPython's own steps around
//! `fork()` (its import lock and `os.register_at_fork` callbacks before, its threading state
//! after), with its lock held across the fork, as `os.fork()` takes them.

use pyo3::ffi;

/// Taken before a fork; ended once on each side of it.
pub struct Fork(Option<ffi::PyGILState_STATE>);

/// Prepares the interpreter for a fork, if it runs in this process.
pub fn before() -> Fork {
    if !super::embedded::started() {
        return Fork(None);
    }
    // SAFETY: the interpreter is initialised (it started in this process); PyGILState_Ensure
    // takes its lock for this thread, and PyOS_BeforeFork is called with it held, as the C API
    // asks.
    unsafe {
        let gil = ffi::PyGILState_Ensure();
        ffi::PyOS_BeforeFork();
        Fork(Some(gil))
    }
}

impl Fork {
    /// In the process that forked.
    pub fn parent(self) {
        if let Some(gil) = self.0 {
            // SAFETY: after a fork prepared by `before`, its lock still held, in the parent.
            unsafe {
                ffi::PyOS_AfterFork_Parent();
                ffi::PyGILState_Release(gil);
            }
        }
    }

    /// In the new process.
    pub fn child(self) {
        if let Some(gil) = self.0 {
            // SAFETY: after a fork prepared by `before`, its lock held (the forking thread is
            // this process's only thread), in the child.
            unsafe {
                ffi::PyOS_AfterFork_Child();
                ffi::PyGILState_Release(gil);
            }
        }
    }
}
