//! The run's private directory for the files it shares with its children (result files, checker
//! logs, the manifest of compiled C): created fresh by mkdtemp(3) under the system's temporary
//! directory, mode 0700, so nobody else can plant or read anything in it, and removed at the end
//! of the run. It does not depend on the C cache, so a cache that cannot be used never affects
//! tests without C.

use std::path::{Path, PathBuf};

pub struct RunsDir(PathBuf);

impl RunsDir {
    pub fn create() -> Result<RunsDir, String> {
        let template = std::env::temp_dir().join("ffi-test-run-XXXXXX");
        crate::toolchain::make_private_dir(&template).map(RunsDir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for RunsDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
