//! `#[ffi_test(py = r#"..."#)]`: the test's Python body, run as a module of its own in the
//! test's process before the Rust body; the Rust body reaches it through [`with_body`].

use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyModule;

use super::embedded::{c_string, ensure, traceback};
use crate::registry::context::TestContext;
use crate::registry::{PyFragment, TestEntry};

/// A Python exception as Python prints it (traceback, then the exception), or why the body
/// could not be reached: the error of [`with_body`]. Its `Debug` is the text itself, so a test
/// returning it shows the traceback as Python would; `?` turns it into a `String` too.
pub struct PyFailure(pub String);

impl std::fmt::Debug for PyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for PyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PyFailure {}

impl From<PyFailure> for String {
    fn from(failure: PyFailure) -> String {
        failure.0
    }
}

/// Runs `f` with the running test's Python body (a module, executed once per process), the
/// interpreter attached. A Python exception, raised in the body or in `f`, is the error, as
/// Python prints it (traceback lines point at the Rust file, on the attribute's lines).
///
/// ```no_run
/// use ffi_test::ffi_test;
/// use ffi_test::python::pyo3::prelude::*;
///
/// #[ffi_test(py = r#"
/// def double(x):
///     return 2 * x
/// "#)]
/// fn python__doubles_21__then_42() -> Result<(), ffi_test::python::PyFailure> {
///     let n: i64 = ffi_test::python::with_body(|body| body.getattr("double")?.call1((21,))?.extract())?;
///     assert_eq!(n, 42);
///     Ok(())
/// }
/// # ffi_test::main!();
/// ```
pub fn with_body<R>(
    f: impl for<'py> FnOnce(&Bound<'py, PyModule>) -> PyResult<R>,
) -> Result<R, PyFailure> {
    crate::registry::context::with_current(|ctx| {
        let ctx = ctx.ok_or_else(|| {
            PyFailure(
                "ffi_test::python::with_body is called from the body of an #[ffi_test]".into(),
            )
        })?;
        run_with_body(ctx, f)
    })
}

fn run_with_body<R>(
    ctx: &dyn TestContext,
    f: impl for<'py> FnOnce(&Bound<'py, PyModule>) -> PyResult<R>,
) -> Result<R, PyFailure> {
    let entry = ctx.entry();
    let fragment = entry.py.ok_or_else(|| {
        PyFailure(format!(
            "test `{}` has no Python body: add `py = r#\"...\"#` to its #[ffi_test]",
            entry.name
        ))
    })?;
    ensure(ctx.config()).map_err(PyFailure)?;
    Python::attach(|py| {
        let module = module(py, entry, &fragment).map_err(|e| PyFailure(traceback(py, &e)))?;
        f(&module).map_err(|e| PyFailure(traceback(py, &e)))
    })
}

/// Runs the body of the test `ctx` is for (if it has one), so an error in it fails the test
/// even when the Rust body never asks for it.
pub fn prepare(ctx: &dyn TestContext) -> Result<(), String> {
    let entry = ctx.entry();
    let Some(fragment) = entry.py else {
        return Ok(());
    };
    ensure(ctx.config())?;
    Python::attach(|py| {
        module(py, entry, &fragment)
            .map(drop)
            .map_err(|e| format!("the test's Python body failed:\n{}", traceback(py, &e)))
    })
}

/// The body's module, executed on first use.
fn module<'py>(
    py: Python<'py>,
    entry: &'static TestEntry,
    fragment: &PyFragment,
) -> PyResult<Bound<'py, PyModule>> {
    static MODULES: Mutex<Option<HashMap<&'static str, Py<PyModule>>>> = Mutex::new(None);
    let mut modules = MODULES.lock().unwrap_or_else(|e| e.into_inner());
    let modules = modules.get_or_insert_with(HashMap::new);
    if let Some(m) = modules.get(entry.name) {
        return Ok(m.bind(py).clone());
    }
    if !modules.is_empty() {
        // Another test's body ran in this interpreter (`--in-process`): whatever it changed in
        // `ffi_test` (a patched `assert_raises`) is not this test's.
        super::embedded::install_helpers(py)?;
    }
    // Blank lines before the text keep Python's line numbers the Rust file's.
    let code = format!(
        "{}{}",
        "\n".repeat(fragment.line.saturating_sub(1) as usize),
        dedent(fragment.source)
    );
    let name = format!("ffi_test_body_{}", entry.name);
    let m = PyModule::from_code(
        py,
        &c_string(&code),
        &c_string(fragment.file),
        &c_string(&name),
    )?;
    modules.insert(entry.name, m.clone().unbind());
    Ok(m)
}

/// `text` without the indentation its non-blank lines share (a body written inside a Rust
/// attribute is indented with the Rust code).
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn dedent_keeps_lines_and_relative_indentation() {
        assert_eq!(
            super::dedent("\n    def f():\n        return 1\n\n    x = f()\n"),
            "\ndef f():\n    return 1\n\nx = f()"
        );
    }
}
