//! The object cache under the cargo target directory.
//!
//! A unit's key has two levels: `key1` hashes everything known before compiling (unit text,
//! compiler identity, flags); the compile's dependency output, stored as `<key1>.deps`, names the
//! headers it read, and `key2` adds their current contents. So a header edit always changes
//! `key2` and forces a rebuild. Results (an object or the compiler's diagnostics) are stored
//! under `key2`, written under a temporary name and renamed, and built under a per-`key1` file
//! lock so concurrent test processes compile a unit once.

use std::fs::{self, File};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::compiler::{read_deps, Compiler};
use super::hash::Hasher;

/// What building a unit gave.
pub enum Built {
    Object(PathBuf),
    /// The compiler's diagnostics.
    Failed(String),
}

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache directory: `$FFI_TEST_CACHE_DIR`, else `ffi-test-cache` beside the `deps`
    /// directory holding this test binary (i.e. `target/<profile>/ffi-test-cache`).
    pub fn open() -> Result<Cache, String> {
        let dir = match std::env::var_os("FFI_TEST_CACHE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => {
                let exe = std::env::current_exe()
                    .map_err(|e| format!("cannot locate the test binary: {e}"))?;
                let parent = exe.parent().unwrap_or(Path::new("."));
                let base = if parent.file_name().is_some_and(|n| n == "deps") {
                    parent.parent().unwrap_or(parent)
                } else {
                    parent
                };
                base.join("ffi-test-cache")
            }
        };
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| format!("cannot create the C cache directory {}: {e}", dir.display()))?;
        Ok(Cache { dir })
    }

    /// A subdirectory for other per-run files (e.g. child results), created if needed.
    pub fn subdir(&self, name: &str) -> Result<PathBuf, String> {
        let dir = self.dir.join(name);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(dir)
    }

    /// The cache directory itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Builds `text` into a shared object, or returns the cached result. On a miss, `prelude`
    /// (if any) is run and its text put in front: it depends only on headers, which the second
    /// key level covers, so a cached object is never stale.
    pub fn build(
        &self,
        compiler: &Compiler,
        fingerprint: &str,
        text: &str,
        extra_flags: &[String],
        prelude: Option<&dyn Fn() -> Result<String, String>>,
    ) -> Built {
        let key1 = Hasher::new()
            .field(fingerprint.as_bytes())
            .field(text.as_bytes())
            .hex();
        let _lock = match Lock::acquire(&self.path(&format!("{key1}.lock"))) {
            Ok(lock) => lock,
            Err(e) => return Built::Failed(e),
        };
        let source = self.path(&format!("{key1}.c"));
        if let Some(found) = self.lookup(&key1, &source) {
            return found;
        }
        let full_text = match prelude.map(|make| make()) {
            None => text.to_string(),
            Some(Ok(prelude)) => format!("{prelude}\n{text}"),
            Some(Err(e)) => return Built::Failed(e),
        };
        if let Err(e) = write_atomically(&source, full_text.as_bytes()) {
            return Built::Failed(e);
        }
        let pid = std::process::id();
        let tmp_object = self.path(&format!("{key1}.{pid}.so.tmp"));
        let tmp_deps = self.path(&format!("{key1}.{pid}.d.tmp"));
        let out = compiler.compile_shared(&source, &tmp_object, &tmp_deps, extra_flags);
        let deps: Vec<PathBuf> = read_deps(&tmp_deps)
            .into_iter()
            .filter(|d| d != &source)
            .collect();
        let _ = fs::remove_file(&tmp_deps);
        let deps_text: String = deps.iter().map(|d| format!("{}\n", d.display())).collect();
        let key2 = full_key(&key1, &deps);
        let _ = write_atomically(&self.path(&format!("{key1}.deps")), deps_text.as_bytes());
        if out.success {
            let object = self.path(&format!("{key2}.so"));
            if let Err(e) = fs::rename(&tmp_object, &object) {
                return Built::Failed(format!("cannot store {}: {e}", object.display()));
            }
            // Never write while holding the lock: a reader of this process's output may be
            // waiting on another process that waits on the lock.
            drop(_lock);
            print_warnings(&out.diagnostics);
            Built::Object(object)
        } else {
            let _ = fs::remove_file(&tmp_object);
            let _ = write_atomically(
                &self.path(&format!("{key2}.err")),
                out.diagnostics.as_bytes(),
            );
            Built::Failed(out.diagnostics)
        }
    }

    fn lookup(&self, key1: &str, source: &Path) -> Option<Built> {
        let deps_text = fs::read_to_string(self.path(&format!("{key1}.deps"))).ok()?;
        if !source.exists() {
            return None;
        }
        let deps: Vec<PathBuf> = deps_text.lines().map(PathBuf::from).collect();
        let key2 = full_key(key1, &deps);
        let object = self.path(&format!("{key2}.so"));
        if object.exists() {
            return Some(Built::Object(object));
        }
        let diagnostics = fs::read_to_string(self.path(&format!("{key2}.err"))).ok()?;
        Some(Built::Failed(diagnostics))
    }
}

/// The compiler's warnings for a unit that compiled, shown once (on the compile, not on cache
/// hits), at most 40 lines of them.
fn print_warnings(diagnostics: &str) {
    const MAX_LINES: usize = 40;
    let lines: Vec<&str> = diagnostics.lines().collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    let shown = lines[..lines.len().min(MAX_LINES)].join("\n");
    let more = lines.len().saturating_sub(MAX_LINES);
    let more = if more > 0 {
        format!("\n... {more} more lines")
    } else {
        String::new()
    };
    eprintln!("ffi-test: C compiler warnings:\n{shown}{more}");
}

/// `key1` plus the path and current contents of every header the compile read.
fn full_key(key1: &str, deps: &[PathBuf]) -> String {
    let mut h = Hasher::new();
    h.field(key1.as_bytes());
    for dep in deps {
        h.field(dep.as_os_str().as_encoded_bytes());
        match fs::read(dep) {
            Ok(bytes) => h.field(&bytes),
            Err(_) => h.field(b"\0<missing>"),
        };
    }
    h.hex()
}

/// Writes under a temporary name in the same directory, then renames over `path`, so a reader
/// sees either the old file or the whole new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    let result = File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}

/// An exclusive advisory lock, released when dropped (the file is closed).
struct Lock(File);

impl Lock {
    fn acquire(path: &Path) -> Result<Lock, String> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| format!("cannot open lock {}: {e}", path.display()))?;
        loop {
            // SAFETY: flock(2) on a descriptor owned by `file`, which outlives the call.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                return Ok(Lock(file));
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(format!("cannot lock {}: {err}", path.display()));
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // SAFETY: unlocks the descriptor still owned by `self.0` (closing it would also unlock).
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}
