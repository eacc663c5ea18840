//! Finding the Python interpreter and running one of ffi-test's own scripts in it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The interpreter: `$FFI_TEST_PYTHON`, else `python3` on the `PATH`.
pub fn program() -> String {
    std::env::var("FFI_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs `script` (`python3 -c`) with `args`, in `dir`, to its end. In a test's child (the
/// ctypes check, which imports the user's module) the test's timeout bounds it: the harness
/// kills the test's process group, this interpreter included. Listing a test file (in the
/// harness too) only parses it, and is not bounded.
pub fn run(script: &str, args: &[&str], dir: &Path) -> Result<Output, String> {
    let program = program();
    crate::os::reaper::output(
        Command::new(&program)
        .arg("-c")
        .arg(script)
        .args(args)
        .current_dir(dir)
        // The mirrors' module must not leave bytecode in the user's tree.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        // This interpreter is ffi-test's own tool, not code under test: a test's checker or
        // fault injector (preloaded into the test's process) is not passed on to it.
        .env_remove("LD_PRELOAD")
        .env_remove("QEMU_SET_ENV")
        .env_remove("VALGRIND_OPTS")
        .stdin(Stdio::null()),
    )
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "no Python interpreter found (`{program}`): install python3, or name one with FFI_TEST_PYTHON"
            ),
            _ => format!("cannot run the Python interpreter `{program}`: {e}"),
        })
}
