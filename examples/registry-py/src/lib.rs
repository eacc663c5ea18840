//! `registry_py`: the registry example's C library as a Python module, through its safe Rust
//! wrapper (C -> Rust -> Python). Besides the correct bindings it has planted boundary bugs,
//! each named `planted_*`, that ffi-test's Python checks must catch (tests/test_registry.py,
//! tests/python.rs).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};

create_exception!(
    registry_py,
    RegistryError,
    PyException,
    "A registry call failed in C."
);

/// Registries alive on the Rust side (each `Drop` counts down).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// Registries a planted bug keeps alive by mistake.
static KEPT: Mutex<Vec<Py<Registry>>> = Mutex::new(Vec::new());

/// The C registry, owned by Python.
#[pyclass(weakref)]
pub struct Registry {
    inner: registry::Registry,
}

impl Drop for Registry {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

fn error(e: registry::Error) -> PyErr {
    RegistryError::new_err(e.to_string())
}

#[pymethods]
impl Registry {
    #[new]
    fn new() -> PyResult<Registry> {
        let inner = registry::Registry::new()
            .ok_or_else(|| PyRuntimeError::new_err("registry_create failed"))?;
        LIVE.fetch_add(1, Ordering::SeqCst);
        Ok(Registry { inner })
    }

    /// Registers `id`; a duplicate raises RegistryError.
    fn register(&self, id: u32) -> PyResult<()> {
        self.inner.register(id).map_err(error)
    }

    /// Planted: the C error mapped to RuntimeError instead of the declared RegistryError.
    fn planted_register_wrong_exception(&self, id: u32) -> PyResult<()> {
        self.inner
            .register(id)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    fn count(&self) -> usize {
        self.inner.count()
    }

    /// Calls `callback(id)` (a Python callable) from C after each registration.
    fn on_register(&mut self, callback: Py<PyAny>) -> PyResult<()> {
        self.inner
            .on_register(move |id| {
                Python::attach(|py| {
                    callback
                        .call1(py, (id,))
                        .map(drop)
                        .map_err(|e| e.to_string())
                })
            })
            .map_err(error)
    }

    /// Planted: every registry built here is also kept in a global list, so Python's last
    /// reference never frees it.
    #[staticmethod]
    fn planted_new_kept(py: Python<'_>) -> PyResult<Py<Registry>> {
        let registry = Py::new(py, Registry::new()?)?;
        KEPT.lock().unwrap().push(registry.clone_ref(py));
        Ok(registry)
    }
}

/// Registries alive on the Rust side.
#[pyfunction]
fn live_registries() -> usize {
    LIVE.load(Ordering::SeqCst)
}

#[pyfunction]
fn echo_int(v: i128) -> i128 {
    v
}

#[pyfunction]
fn echo_float(v: f64) -> f64 {
    v
}

/// Planted: the value goes through f32 on its way.
#[pyfunction]
fn planted_echo_float_through_f32(v: f64) -> f64 {
    v as f32 as f64
}

#[pyfunction]
fn echo_str(v: String) -> String {
    v
}

#[pyfunction]
fn echo_bytes<'py>(py: Python<'py>, v: Vec<u8>) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &v)
}

/// Planted: the string crosses as a C string, which ends at its first NUL.
#[pyfunction]
fn planted_echo_str_through_c_string(v: String) -> String {
    let c = std::ffi::CString::new(v.split('\0').next().unwrap_or_default()).unwrap_or_default();
    c.to_string_lossy().into_owned()
}

/// A Python value as Rust holds it (what a binding converts to cross into C and back).
enum Value {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Dict(Vec<(String, Value)>),
}

/// `obj` as a [`Value`]; `bool_first`: `bool` is tested before `int` (it is a subclass of it).
fn value_of(obj: &Bound<'_, PyAny>, bool_first: bool) -> PyResult<Value> {
    use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
    Ok(if obj.is_none() {
        Value::None
    } else if bool_first && obj.is_instance_of::<PyBool>() {
        Value::Bool(obj.extract()?)
    } else if obj.is_instance_of::<PyInt>() {
        Value::Int(obj.extract()?)
    } else if obj.is_instance_of::<PyBool>() {
        Value::Bool(obj.extract()?)
    } else if obj.is_instance_of::<PyFloat>() {
        Value::Float(obj.extract()?)
    } else if obj.is_instance_of::<PyString>() {
        Value::Str(obj.extract()?)
    } else if let Ok(bytes) = obj.cast::<PyBytes>() {
        Value::Bytes(bytes.as_bytes().to_vec())
    } else if let Ok(list) = obj.cast::<PyList>() {
        Value::List(
            list.iter()
                .map(|v| value_of(&v, bool_first))
                .collect::<PyResult<_>>()?,
        )
    } else if let Ok(dict) = obj.cast::<PyDict>() {
        let mut items = Vec::new();
        for (k, v) in dict.iter() {
            items.push((k.extract()?, value_of(&v, bool_first)?));
        }
        Value::Dict(items)
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "no Value for {}",
            obj.get_type().name()?
        )));
    })
}

fn py_of<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::types::{PyDict, PyList};
    Ok(match value {
        Value::None => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Str(s) => s.into_pyobject(py)?.into_any(),
        Value::Bytes(b) => PyBytes::new(py, b).into_any(),
        Value::List(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(py_of(py, item)?)?;
            }
            list.into_any()
        }
        Value::Dict(items) => {
            let dict = PyDict::new(py);
            for (k, v) in items {
                dict.set_item(k, py_of(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Any value through Rust's [`Value`] and back.
#[pyfunction]
fn echo_value<'py>(v: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    py_of(v.py(), &value_of(v, true)?)
}

/// Planted: `int` tested before `bool`, so `True` crosses as the integer 1.
#[pyfunction]
fn planted_echo_value_int_before_bool<'py>(v: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    py_of(v.py(), &value_of(v, false)?)
}

/// Panics in Rust: the panic must reach Python as PanicException.
#[pyfunction]
fn panics() {
    panic!("registry_py panicked on purpose");
}

/// XORs `data` with `key` `rounds` times in C, with the GIL released.
#[pyfunction]
fn xor_rounds<'py>(
    py: Python<'py>,
    data: Vec<u8>,
    key: u8,
    rounds: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py.detach(|| xor_many(&data, key, rounds)).map_err(error)?;
    Ok(PyBytes::new(py, &out))
}

/// Planted: the same work with the GIL held throughout.
#[pyfunction]
fn planted_xor_rounds_holding_gil<'py>(
    py: Python<'py>,
    data: Vec<u8>,
    key: u8,
    rounds: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = xor_many(&data, key, rounds).map_err(error)?;
    Ok(PyBytes::new(py, &out))
}

fn xor_many(data: &[u8], key: u8, rounds: u32) -> Result<Vec<u8>, registry::Error> {
    let mut a = data.to_vec();
    let mut b = vec![0; data.len()];
    for _ in 0..rounds {
        registry::xor_into(&a, key, &mut b)?;
        std::mem::swap(&mut a, &mut b);
    }
    Ok(a)
}

/// Planted: tells C the output buffer has room for the whole input when it has half: C writes
/// past the end of a heap buffer (a memory checker's finding; undefined behaviour without one).
#[pyfunction]
fn planted_xor_into_half_a_buffer(data: Vec<u8>, key: u8) -> usize {
    let mut out = vec![0u8; data.len() / 2];
    // SAFETY: none: `cap` is wrong on purpose (the overflow the checkers must find).
    let n = unsafe {
        registry::sys::buffer_xor(data.as_ptr(), data.len(), key, out.as_mut_ptr(), data.len())
    };
    n as usize
}

/// Calls C's checksum on a NULL buffer: C dereferences it (a segfault reached from Python).
#[pyfunction]
fn planted_checksum_of_null() -> u32 {
    // SAFETY: none: C reads 16 bytes at NULL, on purpose (the crash the harness must contain).
    unsafe { registry::sys::buffer_checksum(std::ptr::null(), 16) }
}

#[pymodule]
pub fn registry_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Registry>()?;
    m.add("RegistryError", m.py().get_type::<RegistryError>())?;
    m.add_function(wrap_pyfunction!(live_registries, m)?)?;
    m.add_function(wrap_pyfunction!(planted_forget_a_vec, m)?)?;
    m.add_function(wrap_pyfunction!(planted_keep_a_reference, m)?)?;
    m.add_function(wrap_pyfunction!(same_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(planted_copied_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(echo_int, m)?)?;
    m.add_function(wrap_pyfunction!(echo_float, m)?)?;
    m.add_function(wrap_pyfunction!(planted_echo_float_through_f32, m)?)?;
    m.add_function(wrap_pyfunction!(echo_str, m)?)?;
    m.add_function(wrap_pyfunction!(echo_value, m)?)?;
    m.add_function(wrap_pyfunction!(planted_echo_value_int_before_bool, m)?)?;
    m.add_function(wrap_pyfunction!(echo_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(planted_echo_str_through_c_string, m)?)?;
    m.add_function(wrap_pyfunction!(panics, m)?)?;
    m.add_function(wrap_pyfunction!(xor_rounds, m)?)?;
    m.add_function(wrap_pyfunction!(planted_xor_rounds_holding_gil, m)?)?;
    m.add_function(wrap_pyfunction!(planted_checksum_of_null, m)?)?;
    m.add_function(wrap_pyfunction!(planted_xor_into_half_a_buffer, m)?)?;
    Ok(())
}

/// Planted: each call forgets a Vec, which Python's counts never see.
#[pyfunction]
fn planted_forget_a_vec() {
    std::mem::forget(vec![0u8; 64]);
}

/// Planted: each call keeps a reference to its argument and never gives it back.
#[pyfunction]
fn planted_keep_a_reference(v: &Bound<'_, PyAny>) {
    std::mem::forget(v.clone().unbind());
}

/// Hands the buffer back as it came (Python then shares its memory with the caller's).
#[pyfunction]
fn same_buffer<'py>(v: &Bound<'py, PyByteArray>) -> Bound<'py, PyByteArray> {
    v.clone()
}

/// Planted: said to hand the buffer back, it copies it.
#[pyfunction]
fn planted_copied_buffer<'py>(v: &Bound<'py, PyByteArray>) -> Bound<'py, PyByteArray> {
    PyByteArray::new(v.py(), &v.to_vec())
}
