//! `qengine`: a small PyO3 module, the kind a PyO3 user tests with pytest: plain functions, a
//! Rust `Err` mapped to a Python exception, a panic, a class with `Drop`, a call that releases
//! the GIL, a numpy array read through the buffer protocol. `planted_*` functions are bugs the
//! suite's expectations name (tests/py).

use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Engines alive on the Rust side (each `Drop` counts down).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// An accumulator owned by Python.
#[pyclass(weakref)]
pub struct Engine {
    total: i64,
}

#[pymethods]
impl Engine {
    #[new]
    fn new() -> Self {
        LIVE.fetch_add(1, Ordering::SeqCst);
        Engine { total: 0 }
    }

    fn add(&mut self, n: i64) -> i64 {
        self.total += n;
        self.total
    }

    #[getter]
    fn total(&self) -> i64 {
        self.total
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Engines not yet dropped.
#[pyfunction]
fn live_engines() -> usize {
    LIVE.load(Ordering::SeqCst)
}

/// Adler-32 of `data`.
#[pyfunction]
fn checksum(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// `a / b`; dividing by zero is a ValueError.
#[pyfunction]
fn divide(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(PyValueError::new_err("division by zero"));
    }
    Ok(a / b)
}

/// Panics: PyO3 turns it into a PanicException.
#[pyfunction]
fn explode() {
    panic!("exploded on purpose");
}

/// The sum of a numpy array (or any buffer) of float64, read in place.
#[pyfunction]
fn sum_array(py: Python<'_>, array: PyBuffer<f64>) -> PyResult<f64> {
    let values = array.to_vec(py)?;
    Ok(values.iter().sum())
}

/// Counts to `n` with the GIL released.
#[pyfunction]
fn spin(py: Python<'_>, n: u64) -> u64 {
    py.detach(|| (0..n).fold(0u64, |acc, i| std::hint::black_box(acc.wrapping_add(i))))
}

/// Planted: reads through a null pointer when `n` is 13 (one case of a parametrization
/// crashes; the others must still run and pass).
#[pyfunction]
fn planted_square_unless_13(n: i64) -> i64 {
    if n == 13 {
        // SAFETY: none; this is the planted bug. A volatile read of address 0 is a SIGSEGV on
        // every target the suite runs on, which the suite expects.
        return unsafe { std::ptr::read_volatile(std::ptr::null::<i64>()) };
    }
    n * n
}

/// Planted: the checksum of a copy of `data` it never frees (a Rust heap leak no Python
/// count sees; a memory checker reports it with this function's name).
#[pyfunction]
fn planted_leaky_checksum(data: &[u8]) -> u32 {
    let copy = data.to_vec();
    let sum = checksum(&copy);
    std::mem::forget(copy);
    sum
}

/// Planted: a Python object of `size` bytes whose reference it never releases (the count never
/// reaches zero, so CPython never frees it; a memory checker reports the memory CPython
/// allocated for it with this function's name, below CPython's own frames).
#[pyfunction]
fn planted_leaked_reference(py: Python<'_>, size: usize) -> usize {
    let bytes = pyo3::types::PyBytes::new(py, &vec![7u8; size]);
    let len = bytes.as_bytes().len();
    std::mem::forget(bytes);
    len
}

/// A view of `array` (numpy's `view()`): the same memory, handed back.
#[pyfunction]
fn view_of<'py>(array: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    array.call_method0("view")
}

/// Planted: hands back a copy of `array` where a view was meant.
#[pyfunction]
fn planted_view_as_copy<'py>(array: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    array.call_method0("copy")
}

/// Planted: keeps every array it is given (a Python list of them grows each call).
#[pyfunction]
fn planted_keep_array(array: Bound<'_, PyAny>) {
    static KEPT: std::sync::Mutex<Vec<Py<PyAny>>> = std::sync::Mutex::new(Vec::new());
    KEPT.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(array.unbind());
}

/// The module.
#[pymodule]
pub fn qengine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(live_engines, m)?)?;
    m.add_function(wrap_pyfunction!(checksum, m)?)?;
    m.add_function(wrap_pyfunction!(divide, m)?)?;
    m.add_function(wrap_pyfunction!(explode, m)?)?;
    m.add_function(wrap_pyfunction!(sum_array, m)?)?;
    m.add_function(wrap_pyfunction!(spin, m)?)?;
    m.add_function(wrap_pyfunction!(planted_square_unless_13, m)?)?;
    m.add_function(wrap_pyfunction!(planted_leaky_checksum, m)?)?;
    m.add_function(wrap_pyfunction!(planted_leaked_reference, m)?)?;
    m.add_function(wrap_pyfunction!(view_of, m)?)?;
    m.add_function(wrap_pyfunction!(planted_view_as_copy, m)?)?;
    m.add_function(wrap_pyfunction!(planted_keep_array, m)?)?;
    Ok(())
}
