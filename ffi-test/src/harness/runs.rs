//! The run's private directory for the files it shares with its children (result files, checker
//! logs, the manifest of compiled C): created fresh by mkdtemp(3) under the system's temporary
//! directory, mode 0700, so nobody else can plant or read anything in it, and removed at the end
//! of the run. It does not depend on the C cache, so a cache that cannot be used never affects
//! tests without C.

use std::ffi::{CString, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

pub struct RunsDir(PathBuf);

impl RunsDir {
    pub fn create() -> Result<RunsDir, String> {
        let template = std::env::temp_dir().join("ffi-test-run-XXXXXX");
        let mut bytes = CString::new(template.as_os_str().as_bytes())
            .map_err(|_| format!("bad temporary directory {}", template.display()))?
            .into_bytes_with_nul();
        // SAFETY: `bytes` is a writable NUL-terminated template ending in XXXXXX, as mkdtemp(3)
        // requires; it replaces the X's in place.
        let made = unsafe { libc::mkdtemp(bytes.as_mut_ptr().cast()) };
        if made.is_null() {
            return Err(format!(
                "cannot create a private directory for this run under {}: {}",
                std::env::temp_dir().display(),
                std::io::Error::last_os_error()
            ));
        }
        bytes.pop();
        Ok(RunsDir(PathBuf::from(OsString::from_vec(bytes))))
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
