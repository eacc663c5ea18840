//! Python test files (`python_tests!("tests/test_x.py")`): each top-level `def test_<name>()`
//! is a test of the binary named `<name>`, run in its own child like every other test. The
//! functions are found by reading the file's syntax tree in a separate interpreter (nothing of
//! the file runs in the harness), with their expectations (`@ffi_test.expect_fail`,
//! `@ffi_test.expect_crash("SIGSEGV")`, `@ffi_test.expect_finding("heap-buffer-overflow")`,
//! `@ffi_test.ignore("why")`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use pyo3::prelude::*;
use pyo3::types::PyModule;

use super::embedded::{ensure, traceback};
use super::leak;
use crate::registry::context::TestContext;
use crate::registry::{Expect, TestEntry};

/// A registration of `python_tests!`.
pub struct PyTestFile {
    /// The file, relative to the package root.
    pub path: &'static str,
    /// The package root (`CARGO_MANIFEST_DIR` where the file was registered).
    pub root: &'static str,
    /// `file!()` of the registration.
    pub file: &'static str,
    /// Its line.
    pub line: u32,
}

inventory::collect!(PyTestFile);

/// Lists a file's tests: `test\tfunction\tline\texpectation\targument\tignored\tkind` per test
/// function (`ignored`: `-`, or `+` and the reason; `kind`: `def` or `async`; the expectation
/// `conflict` when two are given), or `error\tmessage` when the file is not valid Python.
const DISCOVER: &str = r#"import ast, sys
path = sys.argv[1]
try:
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
except (OSError, SyntaxError, ValueError) as e:
    print("error", str(e).replace("\t", " ").replace("\n", " "), sep="\t")
    sys.exit(0)
# Which names mean ffi_test's module and its decorators where each test is defined: a file's
# own function called expect_fail is not ffi_test's.
modules, names = set(), {}
def ours(d):
    call = d.func if isinstance(d, ast.Call) else d
    if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Name) and call.value.id in modules:
        return call.attr
    if isinstance(call, ast.Name):
        return names.get(call.id, "")
    return ""
for node in tree.body:
    if isinstance(node, ast.Import):
        for a in node.names:
            bound = a.asname or a.name.split(".")[0]
            modules.discard(bound); names.pop(bound, None)
            if a.name == "ffi_test":
                modules.add(bound)
        continue
    if isinstance(node, ast.ImportFrom):
        for a in node.names:
            bound = a.asname or a.name
            modules.discard(bound); names.pop(bound, None)
            if node.module == "ffi_test" and node.level == 0:
                names[bound] = a.name
        continue
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
        expect, arg, ignored = "pass", "", "-"
        for d in node.decorator_list:
            name = ours(d)
            args = [a.value for a in getattr(d, "args", []) if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            text = (args[0] if args else "").replace("\t", " ").replace("\n", " ")
            if name == "ignore":
                ignored = "+" + text
            elif name in ("expect_fail", "expect_crash", "expect_finding"):
                expect, arg = ("conflict", "") if expect != "pass" else (name, text)
        kind = "async" if isinstance(node, ast.AsyncFunctionDef) else "def"
        print("test", node.name, node.lineno, expect, arg, ignored, kind, sep="\t")
    # What a top-level statement binds hides an import of the same name (`def expect_fail`).
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        bound = {node.name}
    else:
        bound = {t.id for t in ast.walk(node) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)}
    for b in bound:
        modules.discard(b); names.pop(b, None)
"#;

/// What each Python test runs: file and function, by test name.
fn table() -> &'static Mutex<HashMap<&'static str, Target>> {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, Target>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

#[derive(Clone)]
struct Target {
    file: &'static PyTestFile,
    function: &'static str,
    /// Why the test cannot run (its name, an `async def`), found when it was listed.
    refused: Option<String>,
}

// The registry is below this layer: it learns of these tests through a source it collects.
inventory::submit! { crate::registry::EntrySource(entries) }

/// The tests of every registered file, as entries of the binary.
pub fn entries() -> Vec<&'static TestEntry> {
    let mut out = Vec::new();
    for file in inventory::iter::<PyTestFile> {
        out.extend(file_entries(file, Path::new(file.root)));
    }
    out
}

fn file_entries(file: &'static PyTestFile, root: &Path) -> Vec<&'static TestEntry> {
    let listed = super::interpreter::run(DISCOVER, &[file.path], root).and_then(|out| {
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    });
    let stem = Path::new(file.path)
        .file_stem()
        .map_or("python".into(), |s| s.to_string_lossy().into_owned());
    let listed = match listed {
        Ok(text) => text,
        Err(why) => return vec![unreadable(file, &stem, &why)],
    };
    let mut out = Vec::new();
    for line in listed.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        match cells.as_slice() {
            ["error", why] => out.push(unreadable(file, &stem, why)),
            ["test", function, line, expect, arg, ignored, kind] => out.push(test_entry(
                file,
                &Listed {
                    function,
                    line: line.parse().unwrap_or(0),
                    expect,
                    arg,
                    ignored,
                    kind,
                },
            )),
            _ => {}
        }
    }
    out
}

/// One test function as the listing gave it.
struct Listed<'a> {
    function: &'a str,
    line: u32,
    /// `pass`, `expect_fail`, `expect_crash`, `expect_finding` or `conflict`.
    expect: &'a str,
    /// The expectation's argument (a signal, a finding).
    arg: &'a str,
    /// `-`, or `+` and why it is ignored.
    ignored: &'a str,
    /// `def` or `async`.
    kind: &'a str,
}

fn test_entry(file: &'static PyTestFile, t: &Listed<'_>) -> &'static TestEntry {
    let function: &'static str = leak(t.function);
    let name = leak(function.trim_start_matches("test_"));
    let place = format!("Python test `{function}` ({}:{})", file.path, t.line);
    let refused = if t.kind == "async" {
        Some(format!(
            "{place} is an `async def`: ffi-test runs plain functions (call asyncio.run inside one)"
        ))
    } else if t.expect == "conflict" {
        Some(format!(
            "{place} has two expectations (expect_fail, expect_crash, expect_finding): keep one"
        ))
    } else {
        ffi_test_protocol::naming::check(name).err().map(|problem| {
            format!(
                "{place} does not follow the naming convention `subject__scenario__then_outcome`: {}.\n\
                 help: name it `def test_{}()`",
                problem.reason, problem.suggestion
            )
        })
    };
    let expect = match t.expect {
        "expect_fail" => Expect::Fail,
        "expect_crash" => Expect::Crash(leak(t.arg)),
        // Without a checker the bug is undefined behaviour: anything may happen.
        "expect_finding" => Expect::Memory(leak(t.arg), &Expect::Random),
        _ => Expect::Pass,
    };
    let ignore = t
        .ignored
        .strip_prefix('+')
        .map(|why| (!why.is_empty()).then(|| leak(why)));
    register(name, file, function, refused);
    entry(name, file.path, t.line, expect, ignore)
}

/// A file that cannot be listed: one failing test says why, so nothing is skipped silently.
fn unreadable(file: &'static PyTestFile, stem: &str, why: &str) -> &'static TestEntry {
    let name = leak(&format!(
        "{}__listed__then_has_tests",
        stem.trim_start_matches("test_")
    ));
    register(
        name,
        file,
        "",
        Some(format!(
            "the Python test file {} (registered at {}:{}) cannot be read: {}",
            file.path,
            file.file,
            file.line,
            why.trim_end()
        )),
    );
    entry(name, file.file, file.line, Expect::Pass, None)
}

/// The entry of a Python file's test, run by [`run_current`].
fn entry(
    name: &'static str,
    file: &'static str,
    line: u32,
    expect: Expect,
    ignore: Option<Option<&'static str>>,
) -> &'static TestEntry {
    super::found_test(name, (file, line), expect, ignore, run_current)
}

fn register(
    name: &'static str,
    file: &'static PyTestFile,
    function: &'static str,
    refused: Option<String>,
) {
    let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
    table.insert(
        name,
        Target {
            file,
            function,
            refused,
        },
    );
}

/// The body of every Python file test: the running test's function, called with no arguments.
fn run_current(ctx: &dyn TestContext) -> Result<(), String> {
    let entry = ctx.entry();
    let target = table()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(entry.name)
        .cloned()
        .ok_or_else(|| format!("`{}` is not a Python test of this binary", entry.name))?;
    if let Some(why) = target.refused {
        return Err(why);
    }
    ensure(ctx.config())?;
    Python::attach(|py| {
        let module = import(py, target.file)?;
        module.getattr(target.function)?.call0().map(drop)
    })
    .map_err(|e| Python::attach(|py| traceback(py, &e)))
}

/// The test file as a module (imported once per process), named after its stem.
fn import<'py>(py: Python<'py>, file: &PyTestFile) -> PyResult<Bound<'py, PyModule>> {
    let full = Path::new(file.root).join(file.path);
    let stem = full
        .file_stem()
        .map_or("test_module".into(), |s| s.to_string_lossy().into_owned());
    let sys = py.import("sys")?;
    // --in-process runs tests on threads: another may be importing the file right now (the
    // module is in sys.modules while its code runs, and that code lets go of the GIL). Its
    // module is taken once it is whole.
    while let Ok(m) = sys.getattr("modules")?.get_item(&stem) {
        match m.cast_into::<PyModule>() {
            Ok(m) if m.hasattr(LOADING)? => {
                py.detach(|| std::thread::sleep(std::time::Duration::from_millis(1)))
            }
            Ok(m) => return Ok(m),
            Err(_) => break,
        }
    }
    let util = py.import("importlib.util")?;
    let spec = util.call_method1("spec_from_file_location", (&stem, full.to_string_lossy()))?;
    let module = util.call_method1("module_from_spec", (&spec,))?;
    module.setattr(LOADING, true)?;
    sys.getattr("modules")?.set_item(&stem, &module)?;
    if let Err(e) = spec
        .getattr("loader")?
        .call_method1("exec_module", (&module,))
    {
        // A module that failed halfway is not what the next test (--in-process) imports.
        sys.getattr("modules")?.del_item(&stem)?;
        return Err(e);
    }
    module.delattr(LOADING)?;
    Ok(module.cast_into::<PyModule>()?)
}

/// The attribute a test file's module has while its code runs (see [`import`]).
const LOADING: &str = "__ffi_test_loading__";
