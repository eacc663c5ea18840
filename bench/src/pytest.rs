//! Issue 31's row: a parametrized test of 100 cases (examples/pytest-suite/tests/many) under the
//! harness, pytest running each case in its own process, against plain pytest running the same
//! file in one process after `maturin develop` (into a virtual environment made once, not
//! timed). Warm: the collection is kept beside the test binary after the first run.

use std::path::Path;
use std::process::Command;

use crate::measure::measure;
use crate::report::{Goal, Row};
use crate::{test_command, Bench};

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let example = b.repo.join("examples/pytest-suite");
    let exe = b.build_workspace_test("pytest-suite", "many");
    // The first run collects and keeps the collection: the row is the warm run.
    let _ = test_command(&exe, &[]).current_dir(&example).output();
    let ours = measure(
        b.runs,
        || {},
        || {
            let mut cmd = test_command(&exe, &[]);
            cmd.current_dir(&example);
            cmd
        },
    );
    let plain = plain_pytest(b, &example).map(|python| {
        measure(
            b.runs,
            || {},
            || {
                let mut cmd = Command::new(&python);
                cmd.args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/many"])
                    .current_dir(&example);
                cmd
            },
        )
    });
    rows.push(
        Row::new(
            "j. pytest suite",
            "ffi-test `pytest!`, 100 parametrized cases, each its own process",
            ours,
        )
        .against(
            "plain pytest of the same file (one process)",
            plain,
            Goal::Report,
        ),
    );
}

/// The interpreter of a virtual environment where `maturin develop` installed the example's
/// module, or why there is none.
fn plain_pytest(b: &Bench, example: &Path) -> Result<std::path::PathBuf, String> {
    let venv = b.root.join("pytest-venv");
    let run = |cmd: &mut Command, what: &str| -> Result<String, String> {
        let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{what} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let python = run(
        Command::new("python3").args(["-c", "import sys; print(sys.executable, end='')"]),
        "python3",
    )?;
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new(&python)
            .args(["-m", "venv", "--system-site-packages"])
            .arg(&venv),
        "python3 -m venv",
    )?;
    let path = format!(
        "{}:{}",
        venv.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    run(
        Command::new(&python)
            .args(["-m", "maturin", "develop", "--release", "-q"])
            .current_dir(example)
            .env("VIRTUAL_ENV", &venv)
            .env("PATH", &path)
            .env("CARGO_TARGET_DIR", b.target.join("maturin")),
        "maturin develop",
    )?;
    Ok(venv.join("bin/python"))
}
