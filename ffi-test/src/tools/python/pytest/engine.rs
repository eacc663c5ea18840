//! engine.py, ffi-test's side of pytest, as a module of the embedded interpreter (made once per
//! process).

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::tools::python::embedded::c_string;

const SOURCE: &str = include_str!("engine.py");

/// The engine module; importing it imports pytest.
pub fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    static MODULE: OnceLock<Py<PyModule>> = OnceLock::new();
    if let Some(m) = MODULE.get() {
        return Ok(m.bind(py).clone());
    }
    let m = PyModule::from_code(
        py,
        &c_string(SOURCE),
        c"ffi_test_pytest_engine.py",
        c"ffi_test_pytest_engine",
    )?;
    Ok(MODULE.get_or_init(|| m.unbind()).bind(py).clone())
}
