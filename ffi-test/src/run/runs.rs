//! The run's private directory for the files it shares with its children (batch plans, checker
//! logs, the manifest of compiled C; on Windows, each test's verdict file): created fresh by
//! mkdtemp(3) (off Unix, exclusively: `cside::make_private_dir`) under the system's temporary
//! directory, mode 0700, so nobody else can plant or read anything in it, and removed at the end
//! of the run. It does not depend on the C cache, so a cache that cannot be used never affects
//! tests without C.

use std::path::{Path, PathBuf};

pub struct RunsDir(PathBuf);

impl RunsDir {
    pub fn create() -> Result<RunsDir, String> {
        let template = std::env::temp_dir().join("ffi-test-run-XXXXXX");
        Ok(crate::cside::make_private_dir(&template).map(RunsDir)?)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

/// Makes `dir` again (mode 0700) if a test removed it: the tests after it still get their
/// plans and logs (a child whose manifest is gone with it locates its C itself). Made with
/// mkdir(2), which fails if anything is in its place.
#[cfg(unix)]
pub fn restore(dir: &Path) {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.as_os_str().is_empty() && std::fs::symlink_metadata(dir).is_err() {
        let _ = std::fs::DirBuilder::new().mode(0o700).create(dir);
    }
}

impl Drop for RunsDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
