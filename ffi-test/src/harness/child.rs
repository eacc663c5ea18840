//! The child side of process isolation: run exactly one test in this process, write its result
//! to the file the parent named, and exit.

use std::io::Write;
use std::path::PathBuf;

use crate::registry::{self, TestEntry};
use crate::Config;

pub const TEST_VAR: &str = "FFI_TEST_CHILD_TEST";
pub const RESULT_VAR: &str = "FFI_TEST_CHILD_RESULT";
pub const PARENT_VAR: &str = "FFI_TEST_CHILD_OF";
/// Where the parent wrote what it located (see `toolchain::write_manifest`).
pub const MANIFEST_VAR: &str = "FFI_TEST_CHILD_MANIFEST";

/// The test and result file, when this process is a child started by our own parent. The parent
/// pid must match, so a process that merely inherited the variables (a test spawning another
/// test binary, say) is never mistaken for a child; and they are removed from the environment
/// so this child's own children do not see them.
pub fn invocation() -> Option<(String, PathBuf)> {
    let test = std::env::var(TEST_VAR).ok()?;
    let result = std::env::var_os(RESULT_VAR)?;
    let parent: u32 = std::env::var(PARENT_VAR).ok()?.parse().ok()?;
    if std::os::unix::process::parent_id() != parent {
        return None;
    }
    // Safe to change the environment here: called first thing in main, before any thread starts.
    std::env::remove_var(TEST_VAR);
    std::env::remove_var(RESULT_VAR);
    std::env::remove_var(PARENT_VAR);
    // MANIFEST_VAR stays until the C side is loaded (read in `prepare_c`).
    Some((test, PathBuf::from(result)))
}

/// Runs `test` and exits: 0 when it passed, 101 when it failed (message in the result file).
pub fn run(config: &Config, test: &str, result_file: PathBuf) -> ! {
    disable_core_dumps();
    let outcome = match find(test) {
        Ok(entry) => {
            if entry.c.is_some() {
                crate::toolchain::install(prepare_c(config));
            }
            match entry.c_side_failure() {
                Some(error) => Err(error),
                None => crate::outcome::run_in_process(entry),
            }
        }
        Err(e) => Err(e),
    };
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    let (text, code) = match &outcome {
        Ok(()) => ("ok\n".to_string(), 0),
        Err(message) => (format!("failed\n{message}"), 101),
    };
    if let Err(e) = std::fs::write(&result_file, text) {
        eprintln!(
            "ffi-test: cannot write the result file {}: {e}",
            result_file.display()
        );
    }
    std::process::exit(code)
}

/// The C side: from the parent's manifest when there is one (no compiler, no hashing), else
/// located here (under nextest, where this process is nextest's, not our parent's).
fn prepare_c(config: &Config) -> crate::toolchain::Prepared {
    let entries = super::entries_with_c();
    let from_parent = std::env::var_os(MANIFEST_VAR).and_then(|path| {
        crate::toolchain::read_manifest(std::path::Path::new(&path), &entries).ok()
    });
    match from_parent {
        Some(located) => crate::toolchain::load(&entries, &located),
        None => crate::toolchain::prepare(
            config,
            &entries,
            &super::checker::Checker::of_child().compile_flags(),
        ),
    }
}

fn find(test: &str) -> Result<&'static TestEntry, String> {
    registry::collect()?
        .into_iter()
        .find(|e| e.name == test)
        .ok_or_else(|| format!("ffi-test: no test named `{test}` in this binary"))
}

fn disable_core_dumps() {
    let limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit(2) with a valid, fully initialised rlimit.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &limit) };
}
