//! Python beside C and Rust (the `python` feature): Python test bodies and test files run by
//! the harness in an interpreter embedded in each test's child (PyO3), the crate's own
//! `#[pymodule]`s importable there, boundary assertions (the `ffi_test` Python module), and
//! ctypes mirrors of C types checked against the C compiler.

mod body;
pub(crate) mod ctypes;
mod embedded;
pub(crate) mod files;
pub(crate) mod fork;
mod interpreter;
mod mirror;
mod prototypes;
pub(crate) mod pytest;

use std::collections::BTreeSet;
use std::sync::Mutex;

pub use body::{with_body, PyFailure};
pub use pyo3;

#[doc(hidden)]
pub use body::prepare as __prepare;
#[doc(hidden)]
pub use embedded::ModuleInit as __ModuleInit;
#[doc(hidden)]
pub use files::PyTestFile as __PyTestFile;
#[doc(hidden)]
pub use pytest::PytestSuite as __PytestSuite;

/// Whether this binary runs Python in its tests (asked for each child a checker starts: known
/// once per process).
pub(crate) fn embeds() -> bool {
    static EMBEDS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *EMBEDS.get_or_init(|| {
        inventory::iter::<embedded::ModuleInit>
            .into_iter()
            .next()
            .is_some()
            || inventory::iter::<files::PyTestFile>
                .into_iter()
                .next()
                .is_some()
            || inventory::iter::<pytest::PytestSuite>
                .into_iter()
                .next()
                .is_some()
            || crate::registry::collect().is_ok_and(|all| all.iter().any(|e| e.py.is_some()))
    })
}

/// Starts the interpreter in this process now (a fork server's, whose tests inherit it); an
/// error is each test's own when it asks again.
pub(crate) fn start(config: &crate::registry::config::Config) {
    if embedded::ensure(config).is_ok() {
        pytest::warm();
    }
}

/// Names made from what Python printed live as long as the process (a test's child, or the
/// harness with its registry), each made once and kept reachable from here (an interner, a
/// cache): a mirror dropped after its check would otherwise leave its names unreachable, which
/// LeakSanitizer and valgrind report as the test's leaks.
fn leak(text: &str) -> &'static str {
    static KEPT: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = kept.get(text) {
        return name;
    }
    let name: &'static str = Box::leak(text.to_string().into_boxed_str());
    kept.insert(name);
    name
}

/// A test found at run time (a Python file's function, a pytest node id) as an entry of the
/// binary, run by `run`; made once and held by the registry for the process.
fn found_test(
    name: &'static str,
    (file, line): (&'static str, u32),
    expect: crate::registry::Expect,
    ignore: Option<Option<&'static str>>,
    run: fn(&dyn crate::registry::context::TestContext) -> Result<(), String>,
) -> &'static crate::registry::TestEntry {
    Box::leak(Box::new(crate::registry::TestEntry {
        name,
        module_path: "",
        file,
        line,
        kind: crate::registry::TestKind::Test,
        ignore,
        should_panic: None,
        c: None,
        timeout: None,
        expect,
        faults: &[],
        run,
        py: None,
    }))
}

/// A directory of one check's own (made by mkdtemp(3), mode 0700), removed when it ends.
struct WorkDir(std::path::PathBuf);

impl WorkDir {
    /// A new directory named for `purpose` in the system's temporary directory.
    fn new(purpose: &str) -> Result<WorkDir, String> {
        let template = std::env::temp_dir().join(format!("ffi-test-{purpose}-XXXXXX"));
        crate::cside::make_private_dir(&template)
            .map(WorkDir)
            .map_err(|e| e.to_string())
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The profile's directory of the target directory (`target/debug/`), the test binary's
/// `deps/` directory's parent: where what lasts from run to run is kept beside the binaries.
fn profile_dir() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.to_path_buf())
}
