//! The interpreter embedded in a test's process (through PyO3): started once per process, after
//! the modules the binary registered (`python_modules!`) are added to its table of built-in
//! modules, so `import mypkg._native` works without maturin.

use std::ffi::CString;
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::registry::config::Config;

/// A registration of `python_modules!`: adds the binary's `#[pymodule]`s to the interpreter's
/// table of built-in modules (before it starts).
pub struct ModuleInit(pub fn());

inventory::collect!(ModuleInit);

/// The source of the `ffi_test` Python module (the boundary assertions), the same file pip
/// installs for plain pytest (`ffi-test/python`).
const HELPERS: &str = include_str!("../../../python/ffi_test.py");

static STARTED: OnceLock<Result<(), String>> = OnceLock::new();

/// Whether the interpreter started in this process.
pub fn started() -> bool {
    matches!(STARTED.get(), Some(Ok(())))
}

/// Starts the interpreter in this process once: the registered modules first, then the
/// package root (`config`'s) on `sys.path` and the `ffi_test` module in `sys.modules`.
pub fn ensure(config: &Config) -> Result<(), String> {
    STARTED
        .get_or_init(|| {
            // `append_to_inittab!` panics once the interpreter runs, so
            // every registration comes before `initialize`, in this one place.
            for init in inventory::iter::<ModuleInit> {
                (init.0)();
            }
            Python::initialize();
            Python::attach(|py| setup(py, config).map_err(|e| traceback(py, &e)))
        })
        .clone()
}

fn setup(py: Python<'_>, config: &Config) -> PyResult<()> {
    // Every thread's Python stack to stderr (the test's output, shown with its report) on the
    // signal the process's crash handler raises at a fatal one (`run/crash.rs`): the native
    // stack is taken first, at the fault itself.
    let options = pyo3::types::PyDict::new(py);
    options.set_item("all_threads", true)?;
    options.set_item("chain", false)?;
    py.import("faulthandler")?.call_method(
        "register",
        (crate::tools::python_stack_signal(),),
        Some(&options),
    )?;
    let sys = py.import("sys")?;
    sys.getattr("path")?
        .call_method1("insert", (0, config.manifest_dir))?;
    // Hypothesis keeps its example database in `.hypothesis` of the working directory, the
    // user's package: beside the test binaries instead, where it lasts from run to run (its
    // point: a failing example is tried first next time), unless the user says where.
    if let Some(dir) = hypothesis_home() {
        py.import("os")?
            .getattr("environ")?
            .call_method1("setdefault", ("HYPOTHESIS_STORAGE_DIRECTORY", dir))?;
    }
    install_helpers(py)?;
    // Under a memory checker Hypothesis's timing would fail correct properties.
    if crate::tools::checkers::Checker::of_child().is_active() {
        sys.getattr("modules")?
            .get_item("ffi_test")?
            .call_method0("_relax_hypothesis")?;
    }
    Ok(())
}

/// Where Hypothesis keeps its database: `ffi-test-hypothesis` beside the `deps` directory of
/// the test binary (`target/debug/`).
fn hypothesis_home() -> Option<String> {
    let profile = super::profile_dir()?;
    Some(profile.join("ffi-test-hypothesis").display().to_string())
}

/// The blocks and bytes Rust's allocator holds (the harness's, installed by `main!`), for
/// `assert_no_leaks`: the Rust a `#[pymodule]` allocates is not Python's to count.
#[pyfunction]
fn _rust_allocations() -> (isize, isize) {
    crate::tools::faults::rust_allocations()
}

/// Puts a fresh `ffi_test` module in `sys.modules`.
pub fn install_helpers(py: Python<'_>) -> PyResult<()> {
    let helpers = PyModule::from_code(py, &c_string(HELPERS), c"ffi_test.py", c"ffi_test")?;
    helpers.add_function(wrap_pyfunction!(_rust_allocations, &helpers)?)?;
    helpers.add_function(wrap_pyfunction!(
        super::prototypes::_check_prototypes,
        &helpers
    )?)?;
    helpers.add_function(wrap_pyfunction!(
        super::prototypes::_library_path,
        &helpers
    )?)?;
    // Its pytest hooks (for plain pytest) stand aside: the harness judges the expectations.
    helpers.setattr("_IN_HARNESS", true)?;
    py.import("sys")?
        .getattr("modules")?
        .set_item("ffi_test", helpers)?;
    Ok(())
}

/// `text` as a C string (Python source has no NUL: one is replaced, so the error is Python's).
pub fn c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

/// A Python exception as Python prints it: the traceback, then the exception.
pub fn traceback(py: Python<'_>, err: &PyErr) -> String {
    // The traceback PyO3 fetched with the exception: the value's own `__traceback__` may hold
    // only the frame that raised it.
    let formatted = py.import("traceback").and_then(|tb| {
        tb.call_method1(
            "format_exception",
            (err.get_type(py), err.value(py), err.traceback(py)),
        )?
        .extract::<Vec<String>>()
    });
    match formatted {
        Ok(lines) => lines.concat().trim_end().to_string(),
        Err(_) => err.to_string(),
    }
}
