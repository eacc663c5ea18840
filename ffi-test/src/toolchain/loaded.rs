//! Loaded C objects and the symbols tests resolve from them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};

use super::unit::Fragment;

/// One loaded shared object.
pub struct LoadedObject(Library);

/// A test's view of the object holding its C body: where it is and its symbol prefix.
#[derive(Clone)]
pub struct BoundLibrary {
    object: Arc<LoadedObject>,
    prefix: String,
}

/// Loads with every symbol resolved now, so an undefined reference (a library function that is
/// not linked) is an error here, not a crash in the middle of a test.
pub fn load(path: &Path) -> Result<Arc<LoadedObject>, String> {
    // SAFETY: the object was just built by us from the tests' C fragments; running its
    // initialisers (our stdio constructor and whatever the test authors' C defines) is the
    // intended effect of loading it.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }
        .map(|lib| Arc::new(LoadedObject(lib)))
        .map_err(|e| format!("the compiled C bodies could not be loaded: {e}"))
}

impl LoadedObject {
    /// Binds `fragment`'s test to this object, checking every declared function is defined.
    pub fn bind(self: &Arc<Self>, fragment: &Fragment) -> Result<BoundLibrary, String> {
        let bound = BoundLibrary {
            object: Arc::clone(self),
            prefix: fragment.symbol_prefix(),
        };
        let missing: Vec<&str> = fragment
            .c
            .symbols
            .iter()
            .copied()
            .filter(|s| bound.symbol(s).is_none())
            .collect();
        if missing.is_empty() {
            Ok(bound)
        } else {
            Err(format!(
                "the C body of test `{}` does not define {}, declared in the test's extern block \
                 (is it misspelled, `static`, or only declared?)",
                fragment.test,
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

impl BoundLibrary {
    /// The address of the fragment's function `name`, if defined.
    pub fn symbol(&self, name: &str) -> Option<*const ()> {
        let full = format!("{}{name}", self.prefix);
        // SAFETY: the symbol is only read as an address; its type is asserted by the caller.
        unsafe { self.object.0.get::<*const ()>(full.as_bytes()) }
            .ok()
            .map(|s| s.into_raw() as *const ())
    }
}

/// Every test's C binding (or why it has none), by test name.
#[derive(Default)]
pub struct Prepared(HashMap<&'static str, Result<BoundLibrary, String>>);

impl Prepared {
    pub fn insert(&mut self, test: &'static str, result: Result<BoundLibrary, String>) {
        self.0.insert(test, result);
    }

    /// Why `test` cannot run, if its C side failed.
    pub fn error(&self, test: &str) -> Option<&str> {
        self.0
            .get(test)
            .and_then(|r| r.as_ref().err())
            .map(String::as_str)
    }
}

static PREPARED: OnceLock<Prepared> = OnceLock::new();

/// Makes `prepared` the process's C bindings. Called once by the harness before tests run.
pub fn install(prepared: Prepared) {
    let _ = PREPARED.set(prepared);
}

/// Why `test`'s C side is unusable, if it is.
pub fn prepared_error(test: &str) -> Option<String> {
    PREPARED
        .get()
        .and_then(|p| p.error(test))
        .map(str::to_string)
}

/// The address of `symbol` in the C side of test `test`, or why there is none.
pub fn try_c_symbol(test: &str, symbol: &str) -> Result<*const (), String> {
    let prepared = PREPARED
        .get()
        .ok_or("the C side was not prepared (tests run under ffi_test::main!)")?;
    match prepared.0.get(test) {
        Some(Ok(bound)) => bound
            .symbol(symbol)
            .ok_or_else(|| format!("the C side of `{test}` does not define `{symbol}`")),
        Some(Err(e)) => Err(e.clone()),
        None => Err(format!("`{test}` has no compiled C side")),
    }
}

/// Used by generated code: the address of `symbol` in the C body of test `test`.
///
/// Panics with a clear message if there is none; the harness fails such a test before its body
/// runs, so this is reached only when a test fn is called outside the harness.
pub fn c_symbol(test: &str, symbol: &str) -> *const () {
    let Some(prepared) = PREPARED.get() else {
        panic!("ffi-test: the C body of `{test}` is not loaded: C-bodied tests run under ffi_test::main!")
    };
    match prepared.0.get(test) {
        Some(Ok(bound)) => bound.symbol(symbol).unwrap_or_else(|| {
            panic!("ffi-test: the C body of `{test}` does not define `{symbol}`")
        }),
        Some(Err(e)) => panic!("ffi-test: {e}"),
        None => panic!("ffi-test: `{test}` has no compiled C body"),
    }
}
