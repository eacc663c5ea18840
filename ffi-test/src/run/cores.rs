//! `--keep-core DIR`: a crashing test's core file kept in `DIR/<test>/`, and its report saying
//! how to open it. The kernel writes a core where `kernel.core_pattern` says: a file name is
//! taken in the crashing process's directory, which a test process's crash handler moves to
//! first (`crash.rs`); a pattern that hands cores to a program (systemd-coredump, apport) or
//! names a directory of its own cannot be redirected from here, and the flag is refused,
//! saying where the cores go instead.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The directory `test`'s core is kept in under `--keep-core DIR`.
pub fn dir_of(dir: &Path, test: &OsStr) -> PathBuf {
    dir.join(test)
}

/// Whether cores can be kept in this run, and `dir` made (absolute); or why not.
pub fn ready(dir: &Path, isolated: bool, checker: bool) -> Result<PathBuf, String> {
    if !isolated {
        return Err(
            "--in-process runs the tests in the harness itself: no test process to keep a core of"
                .into(),
        );
    }
    if checker {
        return Err("a memory checker handles faults itself (ASan writes no core unless told; valgrind's cores are of its own)".into());
    }
    if let Some(runner) = super::runner::runner() {
        return Err(format!(
            "the target runner {runner:?} writes cores of its own (qemu-user: `qemu_<program>_<time>.core` where it runs)"
        ));
    }
    let pattern = std::fs::read_to_string("/proc/sys/kernel/core_pattern")
        .map_err(|e| format!("cannot read kernel.core_pattern: {e}"))?;
    check_pattern(pattern.trim())?;
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit(2) filling a valid rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) } == 0 && limit.rlim_max == 0 {
        return Err("the hard limit on core files is 0 (`ulimit -Hc`): raise it where the tests are started".into());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    dir.canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// Whether `pattern` (`kernel.core_pattern`) writes a core in the crashing process's directory.
fn check_pattern(pattern: &str) -> Result<(), String> {
    if let Some(program) = pattern.strip_prefix('|') {
        let program = program.split_whitespace().next().unwrap_or(program);
        return Err(format!(
            "this machine hands core dumps to `{program}` (kernel.core_pattern is {pattern:?}), not to a directory: read them with it (`coredumpctl` for systemd-coredump), or set kernel.core_pattern to a file name such as `core`"
        ));
    }
    if pattern.starts_with('/') {
        return Err(format!(
            "this machine writes core dumps to {pattern:?} (kernel.core_pattern): look there, or set kernel.core_pattern to a file name such as `core`"
        ));
    }
    Ok(())
}

/// Removes what an earlier run kept for a test, so that a core found after it is its own.
pub fn clear(dir: &Path) {
    for core in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if is_core(&core.path()) {
            let _ = std::fs::remove_file(core.path());
        }
    }
}

/// In a test process about to run (told by its parent): core dumps on, up to the hard limit,
/// and the crash handler told to move to `dir`.
pub fn enable(dir: &Path) {
    let _ = std::fs::create_dir_all(dir);
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit(2) with a valid rlimit.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
    }
    super::crash::keep_core_in(dir);
}

/// The core file the kernel wrote in `dir`, if it wrote one.
pub fn kept(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| is_core(p))
}

fn is_core(path: &Path) -> bool {
    path.is_file()
        && path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("core"))
}

#[cfg(test)]
mod tests {
    use super::check_pattern;

    #[test]
    fn only_a_file_name_pattern_keeps_cores_here() {
        assert!(check_pattern("core").is_ok());
        assert!(check_pattern("core.%p").is_ok());
        let piped = check_pattern("|/lib/systemd/systemd-coredump %P %u").unwrap_err();
        assert!(
            piped.contains("hands core dumps to `/lib/systemd/systemd-coredump`"),
            "{piped}"
        );
        let elsewhere = check_pattern("/var/crash/core.%e").unwrap_err();
        assert!(
            elsewhere.contains("writes core dumps to \"/var/crash/core.%e\""),
            "{elsewhere}"
        );
    }
}
