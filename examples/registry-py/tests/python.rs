//! registry_py's boundary under ffi-test: Rust tests with Python bodies (`py = ...`), and the
//! Python test files tests/test_registry.py and tests/test_properties.py (Hypothesis), every test in its own process with the
//! interpreter embedded and registry_py importable (no maturin). Planted bugs are expected to
//! be caught; tests/python.rs at the workspace root asserts their reports.

use ffi_test::ffi_test;
use ffi_test::python::pyo3::prelude::*;

#[ffi_test(py = r#"
import registry_py

def fill(n):
    r = registry_py.Registry()
    for i in range(n):
        r.register(i)
    return r
"#)]
fn registry__filled_by_a_python_body__then_rust_reads_the_count() -> Result<(), String> {
    let count: usize = ffi_test::python::with_body(|body| {
        body.getattr("fill")?
            .call1((7,))?
            .getattr("count")?
            .call0()?
            .extract()
    })?;
    assert_eq!(count, 7);
    Ok(())
}

#[ffi_test(py = r#"
import registry_py

def duplicate():
    r = registry_py.Registry()
    r.register(5)
    r.register(5)
"#)]
fn registry__duplicate_from_python__then_rust_sees_registry_error() -> Result<(), String> {
    let message = ffi_test::python::with_body(|body| {
        let err = body.getattr("duplicate")?.call0().unwrap_err();
        let py = body.py();
        let registry_error = py.import("registry_py")?.getattr("RegistryError")?;
        assert!(err.get_type(py).is(&registry_error), "{err}");
        Ok(err.value(py).to_string())
    })?;
    assert!(message.contains("already registered"), "{message}");
    Ok(())
}

/// A Python body whose thread never ends keeps its test waiting: the timeout's report shows
/// where every thread was, the native stacks and Python's.
#[ffi_test(
    py = r#"
import threading, time

def worker_waits():
    while True:
        time.sleep(0.05)

def start_and_join():
    worker = threading.Thread(target=worker_waits, name="py-worker", daemon=True)
    worker.start()
    worker.join()
"#,
    expect = fail,
    timeout = "1s"
)]
fn threads__python_thread_keeps_the_test_waiting__then_every_threads_place_reported(
) -> Result<(), ffi_test::python::PyFailure> {
    ffi_test::python::with_body(|body| body.getattr("start_and_join")?.call0().map(drop))
}

/// A Python body that raises fails its test with Python's traceback, pointing at this file.
#[ffi_test(
    py = r#"
def broken():
    raise ValueError("raised in the Python body")
"#,
    expect = fail
)]
fn python__body_raises__then_test_fails_with_traceback() -> Result<(), ffi_test::python::PyFailure>
{
    ffi_test::python::with_body(|body| body.getattr("broken")?.call0().map(drop))
}

// A body that patches `ffi_test` for the bodies after it (`--in-process` runs them in one
// interpreter): each body gets the module fresh, so the check below still fails as it must.
#[ffi_test(py = r#"
import ffi_test
ffi_test.assert_raises = lambda *args, **kwargs: None
"#)]
fn python__a_body_patches_assert_raises__then_later_bodies_are_unaffected(
) -> Result<(), ffi_test::python::PyFailure> {
    ffi_test::python::with_body(|_| Ok(()))
}

#[ffi_test(
    py = r#"
import ffi_test

def check():
    ffi_test.assert_raises(ValueError, lambda: None)
"#,
    expect = fail
)]
fn python__b_assert_raises_without_a_raise__then_fails() -> Result<(), ffi_test::python::PyFailure>
{
    ffi_test::python::with_body(|body| body.getattr("check")?.call0().map(drop))
}

ffi_test::python_modules!(registry_py::registry_py);
ffi_test::python_tests!("tests/test_registry.py");
ffi_test::python_tests!("tests/test_properties.py");
ffi_test::main!();
