//! Collection by pytest in a child of the test binary (the binary embeds the interpreter with
//! its `#[pymodule]`s, which a plain `python3` does not have), never in the harness: a test
//! module's import runs user code, which may crash or hang.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pyo3::prelude::*;

use super::engine;
use crate::registry::config::Config;
use crate::tools::python::embedded::{ensure, traceback};

/// Set in the collecting child: `<parent pid>\t<records file>\t<root>\t<path>\t<path>...`.
const COLLECT_VAR: &str = "FFI_TEST_PYTEST_COLLECT";

/// The exit status of a collecting child whose interpreter has no pytest (its message on
/// stderr).
const NO_PYTEST: i32 = 3;

/// How long collection may take: imports that hang end the run's listing with a reason.
const LIMIT: Duration = Duration::from_secs(120);

/// Collects `paths` under `root` in a child of this binary: the records engine.py wrote, or
/// why there are none (pytest not installed: how to install it; the child failed or hung: its
/// status and output).
pub fn in_child(root: &Path, paths: &[&str]) -> Result<String, String> {
    let dir = crate::tools::python::WorkDir::new("pytest")
        .map_err(|e| format!("cannot make a directory for pytest's collection: {e}"))?;
    run_collector(&dir.0, root, paths)
}

fn run_collector(dir: &Path, root: &Path, paths: &[&str]) -> Result<String, String> {
    let records = dir.join("records.tsv");
    let log = dir.join("output.txt");
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this test binary: {e}"))?;
    let mut spec = vec![
        std::process::id().to_string(),
        records.display().to_string(),
        root.display().to_string(),
    ];
    spec.extend(paths.iter().map(|p| p.to_string()));
    let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(exe);
    cmd.env(COLLECT_VAR, spec.join("\t"))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    let mut child = crate::os::reaper::spawn(&mut cmd)
        .map_err(|e| format!("cannot start pytest's collection: {e}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < LIMIT => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    crate::os::reaper::reaped(child.id());
    let output =
        crate::os::untrusted::read_text(&log, crate::os::untrusted::LOG_CAP).unwrap_or_default();
    match status {
        None => Err(format!(
            "pytest's collection did not finish in {}s (a test module's import waits?); its output:\n{output}",
            LIMIT.as_secs()
        )),
        Some(s) if s.code() == Some(NO_PYTEST) => Err(output.trim().into()),
        Some(s) if s.success() => {
            crate::os::untrusted::read_text(&records, 64 << 20).map_err(|e| {
                format!("pytest's collection left no records ({e}); its output:\n{output}")
            })
        }
        Some(s) => Err(format!(
            "pytest's collection failed ({s}); its output:\n{output}"
        )),
    }
}

/// In a collecting child (started by [`in_child`]): collects, writes the records and returns the
/// exit status. `None` in any other process.
pub fn as_collector(config: &Config) -> Option<i32> {
    let spec = std::env::var(COLLECT_VAR).ok()?;
    let mut cells = spec.split('\t');
    let parent: u32 = cells.next()?.parse().ok()?;
    // A process that only inherited the variable (a test starting this binary) is not ours.
    if std::os::unix::process::parent_id() != parent {
        return None;
    }
    // Safe to change the environment here: called first thing in main, before any thread starts.
    std::env::remove_var(COLLECT_VAR);
    let records = cells.next()?.to_string();
    let root = cells.next()?.to_string();
    let paths: Vec<String> = cells.map(str::to_string).collect();
    if let Err(why) = ensure(config) {
        eprintln!("{why}");
        return Some(1);
    }
    Some(Python::attach(|py| {
        if let Err(e) = py.import("pytest") {
            let missing = e.is_instance_of::<pyo3::exceptions::PyModuleNotFoundError>(py)
                && e.value(py)
                    .getattr("name")
                    .and_then(|n| n.extract::<String>())
                    .is_ok_and(|n| n == "pytest");
            if missing {
                eprintln!("{}", missing_pytest(py));
                return NO_PYTEST;
            }
            eprintln!("pytest cannot be imported:\n{}", traceback(py, &e));
            return 1;
        }
        let collected = engine::module(py).and_then(|m| {
            m.getattr("collect")?
                .call1((root, paths, records))?
                .extract::<i32>()
        });
        match collected {
            // pytest's own codes: 0 collected, 1 or 2 (interrupted by) errors, which the records
            // carry, 5 nothing collected.
            Ok(0..=2 | 5) => 0,
            Ok(code) => {
                eprintln!("pytest ended its collection with exit code {code}");
                1
            }
            Err(e) => {
                eprintln!("{}", traceback(py, &e));
                1
            }
        }
    }))
}

/// How to install pytest for the interpreter this binary embeds.
fn missing_pytest(py: Python<'_>) -> String {
    let where_ = py.import("sys").and_then(|sys| {
        let version: (u8, u8) = sys
            .getattr("version_info")?
            .extract::<(u8, u8, u8, String, u8)>()
            .map(|v| (v.0, v.1))?;
        let prefix: String = sys.getattr("base_prefix")?.extract()?;
        Ok((version, prefix))
    });
    match where_ {
        Ok(((major, minor), prefix)) => format!(
            "pytest is not installed for the Python this test binary embeds (Python {major}.{minor} in {prefix}): \
             install it there with `python{major}.{minor} -m pip install pytest` (Debian's own Python: `apt install python3-pytest`)"
        ),
        Err(_) => "pytest is not installed for the Python this test binary embeds: install it with `python3 -m pip install pytest`".into(),
    }
}
