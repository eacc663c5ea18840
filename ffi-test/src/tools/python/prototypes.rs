//! `ffi_test.assert_prototypes(lib)`: the `argtypes` and `restype` Python sets on a ctypes
//! library's functions, compared with the C prototypes in the headers of the test binary's
//! `main!`, as a Rust declaration's signature is (`checks::signature`): each parameter's and the
//! return's size and kind, the parameter count. The classic bug, a pointer returned through
//! ctypes' default `int` restype, is found without calling the function. And
//! `ffi_test.library("vmsg")`: the shared library a crate builds, found by name.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use pyo3::prelude::*;
use pyo3::types::PyModule;

use super::embedded::c_string;
use super::leak;
use crate::checks::kind::Kind;
use crate::checks::signature::{compare_facts_by, Pointee, RustSignature, RustType};
use crate::cside::compiler::Compiler;
use crate::registry::config::Config;
use ffi_test_protocol::signature::FACTS_LEN;

/// One function as Python passed it: its name, `restype`, `argtypes`.
type Declared<'py> = (String, Bound<'py, PyAny>, Bound<'py, PyAny>);

/// What each function's declaration gets wrong, one report per function that disagrees with C.
#[pyfunction]
pub fn _check_prototypes(py: Python<'_>, functions: Vec<Declared<'_>>) -> PyResult<Vec<String>> {
    let mut problems = Vec::new();
    let mut signatures = Vec::new();
    for (name, restype, argtypes) in &functions {
        if argtypes.is_none() {
            problems.push(format!(
                "`{name}`: argtypes is not set, so ctypes converts each argument by its Python \
                 value (an int as a C int, whatever C takes): set it to the prototype's parameter types"
            ));
            continue;
        }
        let ret = if restype.is_none() {
            RustType {
                text: "None",
                ..RustType::unit()
            }
        } else {
            ctypes_type(py, restype)?
        };
        let params: Vec<(&'static str, RustType)> = argtypes
            .try_iter()?
            .enumerate()
            .map(|(i, t)| Ok((leak(&format!("#{}", i + 1)), ctypes_type(py, &t?)?)))
            .collect::<PyResult<_>>()?;
        signatures.push(RustSignature {
            name: leak(name),
            params: kept(params),
            ret,
            // ctypes' CDLL calls with the C convention (WinDLL, stdcall, is Windows's).
            variadic: false,
            convention: ffi_test_protocol::signature::CDECL,
        });
    }
    if signatures.is_empty() {
        return Ok(problems);
    }
    let facts = py
        .detach(|| c_facts(&signatures))
        .map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
    for (signature, (c, text, types)) in signatures.iter().zip(facts) {
        if let Err(report) = compare_facts_by("ctypes", signature, &c, &text, &types, None) {
            problems.push(report.trim_end().to_string());
        }
    }
    Ok(problems)
}

/// A ctypes type's size and kind, classified by the protocol's classifier (the mirrors' own).
fn ctypes_type(py: Python<'_>, t: &Bound<'_, PyAny>) -> PyResult<RustType> {
    static KINDS: OnceLock<Py<PyModule>> = OnceLock::new();
    let kinds = match KINDS.get() {
        Some(m) => m.bind(py).clone(),
        None => {
            let source = ffi_test_protocol::python::ctypes_kind_source();
            let m = PyModule::from_code(
                py,
                &c_string(&source),
                c"ffi_test_ctypes_kinds.py",
                c"ffi_test_ctypes_kinds",
            )?;
            KINDS.get_or_init(|| m.unbind()).bind(py).clone()
        }
    };
    let name: String = t
        .getattr("__name__")
        .and_then(|n| n.extract())
        .unwrap_or_else(|_| t.to_string());
    let ctypes = py.import("ctypes")?;
    let (size, code) = match ctypes.call_method1("sizeof", (t,)) {
        Ok(size) => (
            size.extract::<usize>()?,
            kinds.call_method1("kind", (t,))?.extract::<u64>()?,
        ),
        // A Python callable as restype: ctypes calls it with the int result.
        Err(_) => (0, ffi_test_protocol::kind::OTHER),
    };
    Ok(RustType {
        text: leak(&name),
        size,
        kind: Kind::from_rust(code),
        // A ctypes `POINTER(T)`'s target is not read yet.
        pointee: Pointee::Unknown,
    })
}

/// A parameter list kept for the process: the check's signatures borrow it for good, and a
/// leak checker must not see it as the test's leak.
fn kept(params: Vec<(&'static str, RustType)>) -> &'static [(&'static str, RustType)] {
    static KEPT: Mutex<Vec<&'static [(&'static str, RustType)]>> = Mutex::new(Vec::new());
    let params: &'static [(&'static str, RustType)] = Box::leak(params.into_boxed_slice());
    KEPT.lock().unwrap_or_else(|e| e.into_inner()).push(params);
    params
}

/// The C facts of every function: compiled with the prototypes' macros into an object of the
/// check's own, loaded here (the test's process) and read.
fn c_facts(signatures: &[RustSignature]) -> Result<Vec<(Vec<u64>, String, String)>, String> {
    crate::registry::context::with_current(|ctx| {
        let ctx = ctx.ok_or("ffi_test.assert_prototypes is called from a test the harness runs")?;
        compile_and_read(ctx.config(), signatures)
    })
}

fn compile_and_read(
    config: &Config,
    signatures: &[RustSignature],
) -> Result<Vec<(Vec<u64>, String, String)>, String> {
    let work = super::WorkDir::new("prototypes")?;
    let toolchain = crate::cside::Toolchain::native(config);
    let cache = toolchain.cache().ok();
    let compiler =
        Compiler::detect(&toolchain, cache.as_ref().map(|c| c.dir())).map_err(|e| e.to_string())?;
    let unit = crate::cside::unit::headers_only(config, &[]);
    let names: BTreeSet<&str> = signatures.iter().map(|s| s.name).collect();
    let prelude =
        crate::cside::prototypes::prelude(&compiler, &unit, ("", &names), &work.0, &names)?;
    let mut source =
        format!("{unit}{prelude}\n#pragma GCC diagnostic ignored \"-Wunused-value\"\n");
    for (i, s) in signatures.iter().enumerate() {
        let name = s.name;
        let _ = write!(
            source,
            "FFI_TEST_C_LINKAGE void ffi_test_ctypes_facts_{i}(unsigned long long *out) {{ FFI_TEST_SIG_FACTS_{name}(out); }}\n\
             FFI_TEST_C_LINKAGE const char *ffi_test_ctypes_text_{i}(void) {{ return FFI_TEST_SIG_TEXT_{name}; }}\n\
             FFI_TEST_C_LINKAGE const char *ffi_test_ctypes_types_{i}(void) {{ return FFI_TEST_SIG_PARAMS_{name}; }}\n"
        );
    }
    let (c_file, object) = (work.0.join("prototypes.c"), work.0.join("prototypes.so"));
    std::fs::write(&c_file, &source).map_err(|e| format!("cannot write {c_file:?}: {e}"))?;
    let out = compiler.compile_shared(&c_file, &object, &work.0.join("prototypes.d"), &[]);
    if !out.success {
        return Err(format!(
            "the C prototypes could not be compiled with the test binary's headers:\n{}",
            out.diagnostics.trim_end()
        ));
    }
    let loaded = crate::cside::load_own_object(&object)?;
    let symbol = |name: String| {
        loaded
            .symbol(&name)
            .ok_or_else(|| format!("the compiled prototypes have no `{name}`"))
    };
    let text = |name: String| -> Result<String, String> {
        let f = symbol(name)?;
        // SAFETY: generated above as `const char *f(void)`, returning a string literal.
        let f = unsafe {
            std::mem::transmute::<*const (), unsafe extern "C" fn() -> *const std::ffi::c_char>(f)
        };
        // SAFETY: a NUL-terminated string literal of the loaded object, which stays loaded.
        Ok(unsafe { std::ffi::CStr::from_ptr(f()) }
            .to_string_lossy()
            .into_owned())
    };
    (0..signatures.len())
        .map(|i| {
            let f = symbol(format!("ffi_test_ctypes_facts_{i}"))?;
            // SAFETY: generated above as `void f(unsigned long long *)`, writing at most
            // FACTS_LEN values.
            let f = unsafe { std::mem::transmute::<*const (), unsafe extern "C" fn(*mut u64)>(f) };
            let mut facts = vec![0u64; FACTS_LEN];
            // SAFETY: `facts` has room for every value written.
            unsafe { f(facts.as_mut_ptr()) };
            Ok((
                facts,
                text(format!("ffi_test_ctypes_text_{i}"))?,
                text(format!("ffi_test_ctypes_types_{i}"))?,
            ))
        })
        .collect()
}

/// The path of `lib<name>.so` as the crate builds or links it: the `lib_dirs` of `main!`, the
/// profile's directory and its `deps/` (a cdylib), then each build script's `out/` (newest
/// first). Every place looked is in the error.
#[pyfunction]
pub fn _library_path(name: String) -> PyResult<String> {
    let file = format!("lib{name}.so");
    let mut places: Vec<PathBuf> = crate::registry::context::with_current(|ctx| {
        ctx.map(|ctx| {
            let root = Path::new(ctx.config().manifest_dir);
            ctx.config().lib_dirs.iter().map(|d| root.join(d)).collect()
        })
        .unwrap_or_default()
    });
    if let Some(profile) = super::profile_dir() {
        places.push(profile.clone());
        places.push(profile.join("deps"));
        let mut outs: Vec<(std::time::SystemTime, PathBuf)> =
            std::fs::read_dir(profile.join("build"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path().join("out"))
                .filter(|out| out.join(&file).is_file())
                .map(|out| {
                    (
                        std::fs::metadata(out.join(&file))
                            .and_then(|m| m.modified())
                            .unwrap_or(std::time::UNIX_EPOCH),
                        out,
                    )
                })
                .collect();
        outs.sort();
        places.extend(outs.into_iter().rev().map(|(_, out)| out));
        places.push(profile.join("build/*/out"));
    }
    places
        .iter()
        .map(|dir| dir.join(&file))
        .find(|path| path.is_file())
        .map(|path| path.display().to_string())
        .ok_or_else(|| {
            let looked: Vec<String> = places
                .iter()
                .map(|p| format!("  {}", p.display()))
                .collect();
            pyo3::exceptions::PyFileNotFoundError::new_err(format!(
                "no {file} where the crate builds or links libraries; looked in:\n{}",
                looked.join("\n")
            ))
        })
}
