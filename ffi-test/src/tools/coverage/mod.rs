//! `--coverage DIR`: the C the tests reach. C bodies are compiled with `--coverage` (their own
//! cache entries, each keeping its notes file), and so is the library under test when the user
//! builds it with `CFLAGS=--coverage`; every test's child writes its counts under its own
//! prefix (`GCOV_PREFIX`), so each count is attributed to the test that made it. After the run
//! the counts are read with `gcov` and written as an lcov tracefile (one `TN:` section per
//! test), a list of which tests reached each line, and an HTML report (lcov's `genhtml` when
//! installed), with a per-file summary printed.

mod collect;
mod write;

use std::path::{Path, PathBuf};

pub use collect::Lines;

/// The child's variable: coverage is on (its C is compiled with [`compile_flags`]).
pub const VAR: &str = "FFI_TEST_COVERAGE";

/// The C compiler's flags for counted code: counts kept exact under threads.
pub fn compile_flags() -> Vec<String> {
    vec!["--coverage".into(), "-fprofile-update=atomic".into()]
}

/// Whether this process compiles its C for coverage (a child of a `--coverage` run).
pub fn in_child() -> bool {
    std::env::var_os(VAR).is_some()
}

/// Where the counts of the child running `test` go: one directory per test under the run's.
pub fn prefix(runs_dir: &Path, test: &str) -> PathBuf {
    let safe: String = test
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    runs_dir.join("coverage").join(safe)
}

/// The lines of the C bodies the binary's tests wrote: a unit also holds the checks' generated
/// C, whose `#line`s point at the Rust lines of their attributes, and which is not the code
/// under test.
pub struct Bodies(pub Vec<(&'static str, u32, u32)>);

impl Bodies {
    /// The C bodies of hand-written tests (`#[ffi_test(c = ..)]`): file, first and last line.
    pub fn of(entries: &[&'static crate::registry::TestEntry]) -> Bodies {
        Bodies(
            entries
                .iter()
                .filter(|e| e.kind == crate::registry::TestKind::Test)
                .filter_map(|e| e.c.as_ref())
                .map(|c| (c.file, c.line, c.line + c.source.lines().count() as u32))
                .collect(),
        )
    }

    /// Whether a counted line is the code under test: a line of a C body, or of any C source
    /// that is not a Rust file (the library's).
    fn keeps(&self, file: &str, line: u32) -> bool {
        if !file.ends_with(".rs") {
            return !file.starts_with('<');
        }
        self.0.iter().any(|(f, first, last)| {
            (file == *f || file.ends_with(&format!("/{f}"))) && (*first..=*last).contains(&line)
        })
    }
}

/// Reads every test's counts and writes the reports into `out`: the summary to print.
pub fn report(runs_dir: &Path, out: &Path, bodies: &Bodies) -> Result<String, String> {
    let cache = crate::cside::cache::Cache::open(Some(runs_dir))?;
    let mut lines = collect::collect(&runs_dir.join("coverage"), cache.dir())?;
    for (file, file_lines) in lines.iter_mut() {
        file_lines.retain(|line, _| bodies.keeps(file, *line));
    }
    lines.retain(|_, file_lines| !file_lines.is_empty());
    write::all(&lines, out)
}
