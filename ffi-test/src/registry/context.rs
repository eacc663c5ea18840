//! What a running test reaches of its run: handed to its `run` function by the layer that runs
//! it (`run/`), so that a check asks its context, not a process-wide global, for the binary's
//! configuration and its own C side.
//!
//! A user's `#[ffi_test]` body takes no argument, so the context is also the current one of the
//! thread running the body, for as long as it runs ([`scoped`]): the C functions an `extern`
//! block binds to the test's C body are resolved through it, and so are a Python body's helpers.

use std::cell::Cell;
use std::path::PathBuf;

use super::config::Config;
use super::TestEntry;

/// The run as one test sees it. Implemented by `run/` over the C side it prepared; the
/// registry, the lowest layer but the operating system's, only names it.
pub trait TestContext {
    /// The entry being run, under the name this run gives it (a duplicate generated check is
    /// renamed, and its C side follows the new name).
    fn entry(&self) -> &'static TestEntry;
    /// The binary's configuration (`ffi_test::main!`).
    fn config(&self) -> &Config;
    /// The address of `symbol` defined by the C of test `test` (its fragment's prefixed name),
    /// or why there is none: the running test's own, or another's whose C it reuses (a
    /// round-trip reruns its type's layout check first).
    fn c_symbol_in(&self, test: &str, symbol: &str) -> Result<*const (), String>;
    /// The object file holding the C of test `test` and the prefix of its symbols there (for
    /// what is read from the object's debug information).
    fn c_object_in(&self, test: &str) -> Result<(PathBuf, String), String>;
    /// Where `name` resolves as seen from the test's C object: the object, then the libraries
    /// it links; `None` if nowhere there or the test has no usable C side.
    fn c_exported(&self, name: &str) -> Option<*const ()>;
    /// The address of `symbol` defined by the running test's own C.
    fn c_symbol(&self, symbol: &str) -> Result<*const (), String> {
        self.c_symbol_in(self.entry().name, symbol)
    }
}

thread_local! {
    /// The context of the test whose body this thread runs (inside [`scoped`]). Only the
    /// address: the context lives on the runner's stack, which outlives every read (see
    /// [`scoped`]).
    static CURRENT: Cell<Option<*const (dyn TestContext + 'static)>> = const { Cell::new(None) };
}

/// Runs `f` with `context` as this thread's current test context; the one before is current
/// again afterwards, also when `f` unwinds.
pub fn scoped<T>(context: &dyn TestContext, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<*const (dyn TestContext + 'static)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    // SAFETY: only the lifetime is erased. The pointer is read only through `with_current`,
    // which hands out a borrow limited to its closure, and only while this call is on the stack:
    // `Restore` puts the previous value back before `context`'s borrow ends, on return or unwind.
    let erased: *const (dyn TestContext + 'static) = unsafe {
        std::mem::transmute::<*const (dyn TestContext + '_), *const (dyn TestContext + 'static)>(
            context,
        )
    };
    let _restore = Restore(CURRENT.with(|c| c.replace(Some(erased))));
    f()
}

/// Calls `f` with this thread's current test context, if a test's body is running on it.
pub fn with_current<T>(f: impl FnOnce(Option<&dyn TestContext>) -> T) -> T {
    match CURRENT.with(Cell::get) {
        // SAFETY: set by `scoped`, which is still on this thread's stack (it clears the value
        // before returning), so the context it borrowed is alive; the borrow given to `f` does
        // not outlive this call.
        Some(pointer) => f(Some(unsafe { &*pointer })),
        None => f(None),
    }
}

/// The address of `symbol` in the C body of the test this thread runs: what an `#[ffi_test]`'s
/// `extern` block is bound to. Panics with a clear message where there is none (the harness
/// fails such a test before its body runs, so this is reached only when a test fn is called
/// outside the harness).
pub fn c_symbol(symbol: &str) -> *const () {
    with_current(|c| match c {
        Some(c) => c.c_symbol(symbol),
        None => Err(format!(
            "`{symbol}` is the C body's, reached only when the harness runs the test (the test \
             fn was called directly)"
        )),
    })
    .unwrap_or_else(|e| panic!("ffi-test: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str);
    impl TestContext for Fake {
        fn entry(&self) -> &'static TestEntry {
            unreachable!()
        }
        fn config(&self) -> &Config {
            &Config::EMPTY
        }
        fn c_symbol_in(&self, _: &str, symbol: &str) -> Result<*const (), String> {
            Err(format!("{}: {symbol}", self.0))
        }
        fn c_object_in(&self, _: &str) -> Result<(PathBuf, String), String> {
            Err(String::new())
        }
        fn c_exported(&self, _: &str) -> Option<*const ()> {
            None
        }
    }

    fn current_says() -> Option<String> {
        with_current(|c| c.map(|c| c.c_symbol_in("t", "f").unwrap_err()))
    }

    #[test]
    fn scopes_nest_and_end_also_on_unwind() {
        assert_eq!(current_says(), None);
        scoped(&Fake("outer"), || {
            assert_eq!(current_says().as_deref(), Some("outer: f"));
            scoped(&Fake("inner"), || {
                assert_eq!(current_says().as_deref(), Some("inner: f"))
            });
            assert_eq!(current_says().as_deref(), Some("outer: f"));
            let unwound = std::panic::catch_unwind(|| scoped(&Fake("panics"), || panic!("x")));
            assert!(unwound.is_err());
            assert_eq!(current_says().as_deref(), Some("outer: f"));
        });
        assert_eq!(current_says(), None);
    }
}
