//! Failing cases kept for the next runs, as proptest keeps them: a test expected to pass that
//! fails has its case's seed written to `proptest-regressions/<its source file>.txt` in its
//! package (proptest's own format and place, for a file under `src/`), and every later run
//! tries the kept cases of that file first. A test expected to fail or crash keeps nothing: a
//! known finding is not a regression. `FFI_TEST_REGRESSIONS=off` keeps and reads none.

use std::path::{Component, Path, PathBuf};

use proptest::test_runner::{FailurePersistence, FileFailurePersistence};

use crate::registry::Expect;

/// Where a test is written: its package's directory and its file, as `file!()` says it
/// (relative to the workspace's root when the package is a workspace member).
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// `env!("CARGO_MANIFEST_DIR")` of the test's package.
    pub manifest_dir: &'static str,
    /// `file!()` where the test is written.
    pub file: &'static str,
}

/// The variable that turns kept cases off (`off`).
pub const REGRESSIONS_VAR: &str = "FFI_TEST_REGRESSIONS";

/// The file of kept cases of tests written in `source`.
pub fn path(source: &Source) -> PathBuf {
    let package = Path::new(source.manifest_dir);
    let parts: Vec<Component> = Path::new(source.file).components().collect();
    // `file!()` of a workspace member starts with the member's path: the longest start of it
    // that the package's directory ends with is dropped.
    let inside = (0..=parts.len())
        .rev()
        .find(|&k| package.ends_with(parts[..k].iter().collect::<PathBuf>()))
        .unwrap_or(0);
    let mut inside = &parts[inside..];
    // proptest's place for a file under `src/`: `proptest-regressions/foo/bar.txt`.
    if inside.first() == Some(&Component::Normal("src".as_ref())) {
        inside = &inside[1..];
    }
    let mut file: PathBuf = inside.iter().collect();
    file.set_extension("txt");
    package.join("proptest-regressions").join(file)
}

/// The file the running test keeps its failing cases in: `source`'s when the test is expected
/// to pass and the run keeps cases; none otherwise (and outside a test, as in unit tests).
pub(super) fn kept_in(source: Option<&Source>) -> Option<PathBuf> {
    let source = source?;
    if std::env::var_os(REGRESSIONS_VAR).is_some_and(|v| v == "off") {
        return None;
    }
    let expected_to_pass = crate::registry::context::with_current(|ctx| {
        ctx.is_some_and(|ctx| matches!(ctx.entry().expect, Expect::Pass))
    });
    expected_to_pass.then(|| path(source))
}

/// proptest's persistence in `file`.
pub(crate) fn persistence(file: &Path) -> Box<dyn FailurePersistence> {
    // proptest's `Direct` takes a `&'static str`: one small leak per test that keeps cases.
    let file: &'static str = Box::leak(file.to_string_lossy().into_owned().into());
    Box::new(FileFailurePersistence::Direct(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_members_file_is_kept_in_its_package() {
        let member = Source {
            manifest_dir: "/work/ws/examples/libc-macros",
            file: "examples/libc-macros/tests/planted.rs",
        };
        assert_eq!(
            path(&member),
            Path::new("/work/ws/examples/libc-macros/proptest-regressions/tests/planted.txt")
        );
        let alone = Source {
            manifest_dir: "/work/crate",
            file: "src/lib.rs",
        };
        assert_eq!(
            path(&alone),
            Path::new("/work/crate/proptest-regressions/lib.txt")
        );
    }
}
