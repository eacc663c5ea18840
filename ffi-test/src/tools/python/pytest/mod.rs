//! pytest as the engine of Python suites (`pytest!("tests/py")`): pytest collects the registered
//! files or directories in a child of the test binary (conftest.py, fixtures, parametrization,
//! classes, marks and installed plugins all pytest's own), each collected node id is a test of
//! the binary, and each runs in its own child like every other test, pytest running that one
//! node there. `skip`/`skipif` marks make the test ignored; `xfail(strict=True)` expects a
//! failure (a pass is a stale expectation), a plain `xfail` does not count its result;
//! `pytest.skip()` at run time reports the test ignored with the reason; pytest's failure report
//! (assertion introspection included) is the test's failure. `ffi_test`'s decorators
//! (`expect_crash`, `expect_finding`, `expect_fail`, `ignore`) are read from the collected
//! functions. Nothing pytest passed over (a file that does not import, a class it does not
//! collect) vanishes: each is a test that fails saying why.

mod cache;
mod collect;
mod engine;
mod listing;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use pyo3::prelude::*;

use super::embedded::{ensure, traceback};
use super::leak;
use crate::registry::context::TestContext;
use crate::registry::outcome::Skipped;
use crate::registry::{Expect, TestEntry};
use listing::{Item, Listed};

pub use collect::as_collector;

/// A registration of `pytest!`.
pub struct PytestSuite {
    /// Files or directories, relative to the package root, as pytest takes them.
    pub paths: &'static [&'static str],
    /// The package root (`CARGO_MANIFEST_DIR` where the suite was registered): pytest's rootdir.
    pub root: &'static str,
    /// `file!()` of the registration.
    pub file: &'static str,
    /// Its line.
    pub line: u32,
}

inventory::collect!(PytestSuite);

// The registry is below this layer: it learns of these tests through a source it collects.
inventory::submit! { crate::registry::EntrySource(entries) }

/// What each test runs: its suite's root, or why it cannot run.
#[derive(Clone)]
struct Target {
    root: &'static str,
    refused: Option<String>,
}

fn table() -> &'static Mutex<HashMap<&'static str, Target>> {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, Target>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The tests of every registered suite.
fn entries() -> Vec<&'static TestEntry> {
    inventory::iter::<PytestSuite>
        .into_iter()
        .flat_map(suite_entries)
        .collect()
}

fn suite_entries(suite: &'static PytestSuite) -> Vec<&'static TestEntry> {
    let root = Path::new(suite.root);
    let site = format!("{}:{}", suite.file, suite.line);
    let cache = cache::Cached::new(root, suite.paths, &site);
    let records = match cache.read() {
        Some(records) => Ok(records),
        None => collect::in_child(root, suite.paths).inspect(|records| cache.write(records)),
    };
    let listed = records.and_then(|text| listing::decode(&text));
    let listed = match listed {
        Ok(listed) => listed,
        Err(why) => {
            return vec![failing(
                suite,
                &suite.paths.join(" "),
                format!(
                    "the Python tests of {} (registered at {site}) cannot be collected: {}",
                    suite.paths.join(", "),
                    why.trim_end()
                ),
            )]
        }
    };
    let mut out: Vec<&'static TestEntry> = listed.iter().map(|l| entry_of(suite, l)).collect();
    if out.is_empty() {
        out.push(failing(
            suite,
            &suite.paths.join(" "),
            format!(
                "pytest collected no tests from {} (registered at {site})",
                suite.paths.join(", ")
            ),
        ));
    }
    out
}

fn entry_of(suite: &'static PytestSuite, listed: &Listed) -> &'static TestEntry {
    match listed {
        Listed::Item(item) => test_entry(suite, item),
        Listed::Error { node, report } => failing(
            suite,
            node,
            format!("pytest could not collect `{node}`:\n{report}"),
        ),
        Listed::Skipped { node, reason } => skipped(suite, node, reason),
        Listed::Warning { node, message } => failing(
            suite,
            node,
            format!("pytest did not collect `{node}`: {message}"),
        ),
    }
}

fn test_entry(suite: &'static PytestSuite, item: &Item) -> &'static TestEntry {
    let name = leak(&item.node);
    let (expect, refused) = expectation(item);
    let ignore = match (&item.skip, &item.ignore, &item.xfail) {
        (Some(why), _, _) => Some(Some(leak(why))),
        (None, Some(why), _) => Some((!why.is_empty()).then(|| leak(why))),
        (None, None, Some(x)) if !x.run => {
            Some(Some(leak(&format!("xfail(run=False): {}", x.reason))))
        }
        _ => None,
    };
    register(name, suite, refused);
    super::found_test(
        name,
        (leak(&item.path), item.line),
        expect,
        ignore,
        run_current,
    )
}

/// The harness's expectation of `item`, or why it has none it can keep.
fn expectation(item: &Item) -> (Expect, Option<String>) {
    let place = format!("Python test `{}` ({}:{})", item.node, item.path, item.line);
    match (&item.expect, &item.xfail) {
        (Some(_), Some(_)) => (
            Expect::Pass,
            Some(format!(
                "{place} has both an xfail mark and an ffi_test expectation: keep one"
            )),
        ),
        (Some((kind, _)), None) if kind == "conflict" => (
            Expect::Pass,
            Some(format!(
                "{place} has two expectations (expect_fail, expect_crash, expect_finding): keep one"
            )),
        ),
        (Some((kind, arg)), None) => (
            match kind.as_str() {
                "crash" => Expect::Crash(leak(arg)),
                // Without a checker the bug is undefined behaviour: anything may happen.
                "finding" => Expect::Memory(leak(arg), &Expect::Random),
                _ => Expect::Fail,
            },
            None,
        ),
        (None, Some(x)) if x.strict => (Expect::Fail, None),
        // A plain xfail: pytest counts neither its failure nor its pass.
        (None, Some(_)) => (Expect::Random, None),
        (None, None) => (Expect::Pass, None),
    }
}

/// A test that fails with `why`: what pytest could not collect, or could not be asked.
fn failing(suite: &'static PytestSuite, name: &str, why: String) -> &'static TestEntry {
    let name = leak(name);
    register(name, suite, Some(why));
    super::found_test(
        name,
        (suite.file, suite.line),
        Expect::Pass,
        None,
        run_current,
    )
}

/// A module that skipped itself while collected: an ignored test with pytest's reason (run with
/// `--include-ignored`, pytest skips it again).
fn skipped(suite: &'static PytestSuite, node: &str, reason: &str) -> &'static TestEntry {
    let name = leak(node);
    register(name, suite, None);
    let why = leak(&format!("skipped while collected: {reason}"));
    super::found_test(name, (name, 1), Expect::Pass, Some(Some(why)), run_current)
}

fn register(name: &'static str, suite: &'static PytestSuite, refused: Option<String>) {
    let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
    table.insert(
        name,
        Target {
            root: suite.root,
            refused,
        },
    );
}

/// Imports pytest and the engine now, in a fork server whose tests inherit them, when this
/// binary has pytest suites (a missing pytest is each test's own error, when it asks).
pub fn warm() {
    if inventory::iter::<PytestSuite>.into_iter().next().is_some() {
        Python::attach(|py| {
            let _ = engine::module(py);
        });
    }
}

/// The body of every pytest test: pytest runs the running test's node id in this process.
fn run_current(ctx: &dyn TestContext) -> Result<(), String> {
    let name = ctx.entry().name;
    let target = table()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(name)
        .cloned()
        .ok_or_else(|| format!("`{name}` is not a pytest test of this binary"))?;
    if let Some(why) = target.refused {
        return Err(why);
    }
    ensure(ctx.config())?;
    // One pytest session at a time in a process: --in-process runs tests on threads.
    static ONE_SESSION: Mutex<()> = Mutex::new(());
    let _session = ONE_SESSION.lock().unwrap_or_else(|e| e.into_inner());
    let (kind, text) = Python::attach(|py| {
        engine::module(py)
            .and_then(|m| {
                m.getattr("run")?
                    .call1((target.root, name))?
                    .extract::<(String, String)>()
            })
            .map_err(|e| format!("ffi-test could not run pytest:\n{}", traceback(py, &e)))
    })?;
    match kind.as_str() {
        "pass" => Ok(()),
        "skip" => Err(Skipped::encode(&text)),
        _ => Err(text),
    }
}
