//! The object cache under the cargo target directory.
//!
//! A unit's key has two levels: `key1` hashes everything known before compiling (unit text,
//! compiler identity, flags); the compile's dependency output, stored as `<key1>.deps`, names the
//! headers it read, and `key2` adds their current contents and, for each of them, which of the
//! configuration's include directories hold a header of the same name (so a header that appears
//! earlier in the search path, shadowing the one used, changes the key). Results (an object or
//! the compiler's diagnostics) are stored under `key2`, built in a private directory and renamed
//! into place, under a per-`key1` file lock so concurrent test processes compile a unit once.
//!
//! What the cache trusts: only a directory owned by this user, not writable by group or others,
//! with no path component writable by others unless it is sticky (`Cache::open` refuses anything
//! else and says why). Inside it nothing is followed: files are created with
//! `O_EXCL|O_NOFOLLOW`, read with `O_NOFOLLOW`, and an entry that is not a regular file is a miss.
//! A compiler that was killed or timed out leaves nothing behind. A cache that cannot be written
//! is replaced, for the run, by a private temporary one (with a warning).

use std::fs::{self, File};
use std::io::Write;
#[cfg(unix)]
use std::os::fd::AsRawFd;
#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::compiler::{read_deps, Compiler};
use super::error::{Action, FileError};
use super::hash::Hasher;
use super::members;

/// What building a unit gave.
pub enum Built {
    /// The object, and the compiler's warnings when it was compiled now (empty on a cache hit):
    /// the caller shows those of all the units it builds at once (`warnings::shown`).
    Object(PathBuf, String),
    /// The compiler's diagnostics.
    Failed(String),
}

/// Makes the text put in front of a unit on a cache miss, given a private directory to work in.
pub type Prelude<'a> = &'a dyn Fn(&Path) -> Result<String, String>;

/// The C cache of this user: compiled units keyed by everything that went into them.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache directory: `$FFI_TEST_CACHE_DIR`, else `ffi-test-cache` beside the `deps`
    /// directory holding this test binary (i.e. `target/<profile>/ffi-test-cache`). Refused if
    /// it is not safe to trust; replaced by a private one in `fallback` (the run's private
    /// directory, if the caller has one) if it cannot be written.
    pub fn open(fallback: Option<&Path>) -> Result<Cache, FileError> {
        let dir = match std::env::var_os("FFI_TEST_CACHE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => default_dir()?,
        };
        let created = private_dirs().recursive(true).create(&dir);
        if created.is_ok() {
            super::trust::check_dir(&dir)?;
            if writable(&dir) {
                return Ok(Cache { dir });
            }
        }
        let why = match created {
            Err(e) => e.to_string(),
            Ok(()) => "it is not writable".to_string(),
        };
        let Some(scratch) = fallback else {
            return Err(FileError::CacheUnusable { dir, why });
        };
        static WARNED: std::sync::Once = std::sync::Once::new();
        let private = scratch.join("cache");
        WARNED.call_once(|| {
            eprintln!(
                "ffi-test: warning: cannot use the C cache directory {} ({why}); this run compiles into a \
                 private temporary cache instead ({}), removed at the end",
                dir.display(),
                private.display()
            )
        });
        private_dirs()
            .create(&private)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Ok(()),
                _ => Err(e),
            })
            .map_err(FileError::io(Action::Create, &private))?;
        Ok(Cache { dir: private })
    }

    /// The cache directory itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the entry `name` is (or would be) kept.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// A fresh private directory in the cache (mkdtemp), removed when dropped: where the
    /// compiler writes, so nothing it writes can be redirected by a planted link.
    pub fn scratch(&self) -> Result<Scratch, FileError> {
        Scratch::create(&self.dir)
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
        prelude: Option<Prelude>,
    ) -> Built {
        let key1 = self.key1(fingerprint, text);
        let lock = match Lock::acquire(&self.path(&format!("{key1}.lock"))) {
            Ok(lock) => lock,
            Err(e) => return Built::Failed(e.into()),
        };
        let search = compiler.search_dirs();
        if let Some(found) = self.lookup(&key1, &search) {
            return found;
        }
        let scratch = match self.scratch() {
            Ok(scratch) => scratch,
            Err(e) => return Built::Failed(e.into()),
        };
        let full_text = match prelude.map(|make| make(scratch.path())) {
            None => text.to_string(),
            Some(Ok(prelude)) => format!("{prelude}\n{text}"),
            Some(Err(e)) => return Built::Failed(e),
        };
        let source = self.path(&format!("{key1}.c"));
        if let Err(e) = write_atomically(&source, full_text.as_bytes()) {
            return Built::Failed(e.into());
        }
        let object = scratch.path().join("unit.so");
        let deps_file = scratch.path().join("unit.d");
        // A unit compiled for coverage keeps its notes under its key, where `--coverage` finds
        // them for the counts its children write (`unit.so-KEY.gcda`).
        let mut flags = extra_flags.to_vec();
        if flags.iter().any(|f| f == "--coverage") {
            flags.push(format!(
                "-fprofile-note={}",
                self.path(&format!("{key1}.gcno")).display()
            ));
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        flags.extend(super::unit::source_root_map(text, &cwd));
        // C's member lists of checked records come from the debug information.
        let probes = ffi_test_protocol::members::has_probe(&full_text);
        if probes {
            flags.push("-g".into());
        }
        let out = compiler.compile_shared(&source, &object, &deps_file, &flags);
        if let Some(why) = out.not_cacheable {
            return Built::Failed(why);
        }
        let mut deps: Vec<PathBuf> = read_deps(&deps_file)
            .into_iter()
            .filter(|d| d != &source)
            .collect();
        // (The compiler's own temporary object is listed too, and gone by now.)
        for dep in read_deps(&super::compiler::link_deps_path(&deps_file)) {
            if dep != source && dep.exists() && !deps.contains(&dep) {
                deps.push(dep);
            }
        }
        let deps_text: String = deps.iter().map(|d| format!("{}\n", d.display())).collect();
        let key2 = full_key(self.dir(), &key1, &deps, &search);
        let _ = write_atomically(&self.path(&format!("{key1}.deps")), deps_text.as_bytes());
        if out.success {
            let stored = self.path(&format!("{key2}.so"));
            // The table first: an object in the cache always has its table beside it.
            if probes {
                if let Err(e) = write_members(&object, &stored) {
                    return Built::Failed(e);
                }
            }
            if let Err(e) = fs::rename(&object, &stored) {
                return Built::Failed(format!("cannot store {}: {e}", stored.display()));
            }
            let Some(recorded) = identity(&stored) else {
                return Built::Failed("the stored object is gone".to_string());
            };
            if let Err(e) = write_atomically(&identity_path(&stored), &recorded) {
                return Built::Failed(e.into());
            }
            // Never write while holding the lock: a reader of this process's output may be
            // waiting on another process that waits on the lock.
            drop(lock);
            Built::Object(stored, out.diagnostics)
        } else {
            let _ = write_atomically(
                &self.path(&format!("{key2}.err")),
                out.diagnostics.as_bytes(),
            );
            Built::Failed(out.diagnostics)
        }
    }

    /// The first level of `text`'s key: everything known before compiling it.
    pub fn key1(&self, fingerprint: &str, text: &str) -> String {
        // Where the debug information says the fragments' files are (see `source_root_map`).
        let cwd = std::env::current_dir().unwrap_or_default();
        let root_map = super::unit::source_root_map(text, &cwd);
        // The directory too: an object records where its source was (coverage notes, debug
        // information), so a cache moved elsewhere (a target directory moved or copied) must not
        // hand out objects naming the old place.
        Hasher::new()
            .field(fingerprint.as_bytes())
            .field(text.as_bytes())
            .field(self.dir().as_os_str().as_encoded_bytes())
            .field(root_map.as_deref().unwrap_or("").as_bytes())
            .hex()
    }

    /// What is kept under `key1`, if its headers still hash to a stored result.
    pub fn lookup(&self, key1: &str, search: &[PathBuf]) -> Option<Built> {
        let deps_text =
            String::from_utf8(read_regular(&self.path(&format!("{key1}.deps")))?).ok()?;
        if !is_regular(&self.path(&format!("{key1}.c"))) {
            return None;
        }
        let deps: Vec<PathBuf> = deps_text.lines().map(PathBuf::from).collect();
        let key2 = full_key(self.dir(), key1, &deps, search);
        let object = self.path(&format!("{key2}.so"));
        if is_regular(&object) {
            // An object changed since it was stored (truncated by a full disk, replaced) is a
            // miss: built again, never handed to the loader.
            let recorded = read_regular(&identity_path(&object))?;
            return (identity(&object) == Some(recorded))
                .then(|| Built::Object(object, String::new()));
        }
        let diagnostics = read_regular(&self.path(&format!("{key2}.err")))?;
        Some(Built::Failed(
            String::from_utf8_lossy(&diagnostics).into_owned(),
        ))
    }
}

impl Cache {
    /// What `make` computes from the C compiler's reading of some files, kept under `kind` and
    /// `key1` (everything `make` is given) like an object: the files it read are stored beside
    /// `key1`, and the result under the key their current contents make (`full_key`), so a
    /// changed header, or a header of the same name earlier in `search`, is a miss. `make`
    /// returns the result and the files it read.
    pub fn remembered(
        &self,
        kind: &str,
        key1: &str,
        search: &[PathBuf],
        make: impl FnOnce() -> Result<(Vec<u8>, Vec<PathBuf>), String>,
    ) -> Result<Vec<u8>, String> {
        let deps_path = self.path(&format!("{key1}.{kind}-deps"));
        let kept = read_regular(&deps_path)
            .and_then(|text| String::from_utf8(text).ok())
            .and_then(|text| {
                let deps: Vec<PathBuf> = text.lines().map(PathBuf::from).collect();
                read_regular(&self.path(&format!(
                    "{}.{kind}",
                    full_key(self.dir(), key1, &deps, search)
                )))
            });
        if let Some(kept) = kept {
            return Ok(kept);
        }
        let (result, deps) = make()?;
        let key2 = full_key(self.dir(), key1, &deps, search);
        let deps_text: String = deps.iter().map(|d| format!("{}\n", d.display())).collect();
        // The result first: deps that name a result always find it.
        write_atomically(&self.path(&format!("{key2}.{kind}")), &result)?;
        write_atomically(&deps_path, deps_text.as_bytes())?;
        Ok(result)
    }
}

/// Where the identity of a stored object is kept.
fn identity_path(object: &Path) -> PathBuf {
    let mut name = object.as_os_str().to_owned();
    name.push(".id");
    PathBuf::from(name)
}

/// A file's identity: device, inode, size, modification time. Any write to it, truncation, or
/// replacement changes it.
fn identity(path: &Path) -> Option<Vec<u8>> {
    fs::symlink_metadata(path).ok().map(|m| identity_of(&m))
}

#[cfg(unix)]
pub(crate) fn identity_of(m: &fs::Metadata) -> Vec<u8> {
    let modified = m.mtime() * 1_000_000_000 + m.mtime_nsec();
    format!("{} {} {} {modified}", m.dev(), m.ino(), m.len()).into_bytes()
}

/// Off Unix, size and modification time (no device or inode to read).
#[cfg(not(unix))]
pub(crate) fn identity_of(m: &fs::Metadata) -> Vec<u8> {
    format!("{} {:?}", m.len(), m.modified().ok()).into_bytes()
}

/// Directories only this user can enter (mode 0700 on Unix).
fn private_dirs() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    builder.mode(0o700);
    builder
}

/// Files opened never through a link, never blocking on a FIFO, created mode 0600 (on Unix).
fn private_files() -> fs::OpenOptions {
    let mut options = File::options();
    #[cfg(unix)]
    options
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .mode(0o600);
    options
}

/// Reads the member lists of the object built at `built` and keeps them beside `stored`.
fn write_members(built: &Path, stored: &Path) -> Result<(), String> {
    let data = fs::read(built).map_err(FileError::io(Action::Read, built))?;
    let table = members::read_object(&data)
        .map_err(|e| format!("C's member lists could not be read from the object: {e}"))?;
    let table = members::encode(&table);
    Ok(write_atomically(
        &members::sidecar(stored),
        table.as_bytes(),
    )?)
}

fn default_dir() -> Result<PathBuf, FileError> {
    beside_binary("ffi-test-cache")
}

/// `name` beside the `deps` directory holding this test binary (`target/<profile>/name`), or
/// beside the binary when it is elsewhere.
pub fn beside_binary(name: &str) -> Result<PathBuf, FileError> {
    let exe = std::env::current_exe().map_err(FileError::NoBinary)?;
    let parent = exe.parent().unwrap_or(Path::new("."));
    let base = if parent.file_name().is_some_and(|n| n == "deps") {
        parent.parent().unwrap_or(parent)
    } else {
        parent
    };
    Ok(base.join(name))
}

#[cfg(not(unix))]
fn writable(dir: &Path) -> bool {
    fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

#[cfg(unix)]
fn writable(dir: &Path) -> bool {
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: access(2) with a valid NUL-terminated path.
    unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// Whether `path` is a regular file owned by this user (a link, even to one, is not).
#[cfg(unix)]
pub fn is_regular(path: &Path) -> bool {
    // SAFETY: geteuid(2) cannot fail.
    let me = unsafe { libc::geteuid() };
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file() && m.uid() == me)
}

/// Off Unix, whether `path` is a regular file (owners are not read: see `trust.rs`).
#[cfg(not(unix))]
pub fn is_regular(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// The contents of a regular file in the cache (never through a link, never a FIFO or device,
/// at most `ENTRY_CAP` bytes); `None` is a miss.
pub fn read_regular(path: &Path) -> Option<Vec<u8>> {
    crate::os::untrusted::read(path, crate::os::untrusted::ENTRY_CAP).ok()
}

/// `key1` plus, for every header the compile read and every file the linker read, its path
/// and what keys it (`dep_key`): its contents or identity, and the headers that would shadow
/// it along the include path `search`.
fn full_key(dir: &Path, key1: &str, deps: &[PathBuf], search: &[PathBuf]) -> String {
    let mut h = Hasher::new();
    h.field(key1.as_bytes());
    h.field(super::dep_key::of_all(dir, deps, search).as_bytes());
    h.hex()
}

/// Creates `path` with `bytes`, failing if anything (a file, a link) is already there.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    private_files()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(FileError::io(Action::Write, path))
}

/// Writes under a fresh temporary name in the same directory (created exclusively, never
/// through a link), then renames over `path`, so a reader sees either the old file or the whole
/// new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("{}-{n}.tmp", std::process::id()));
    let result = create_new(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path).map_err(FileError::io(Action::Write, path)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new directory made by mkdtemp(3) from `template` (ending in `XXXXXX`): mode 0700, created
/// exclusively, so nobody else can have put anything in it.
#[cfg(unix)]
pub fn make_private_dir(template: &Path) -> Result<PathBuf, FileError> {
    use std::os::unix::ffi::OsStringExt;
    let mut bytes = std::ffi::CString::new(template.as_os_str().as_encoded_bytes())
        .map_err(|_| FileError::BadName(template.to_path_buf()))?
        .into_bytes_with_nul();
    // SAFETY: `bytes` is a writable NUL-terminated template ending in XXXXXX, as mkdtemp(3)
    // requires; it replaces the X's in place.
    if unsafe { libc::mkdtemp(bytes.as_mut_ptr().cast()) }.is_null() {
        let error = std::io::Error::last_os_error();
        return Err(FileError::io(Action::CreatePrivateDir, template)(error));
    }
    bytes.pop();
    Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

/// Off Unix, the template's X's replaced by the process id and a counter, the directory created
/// exclusively (an existing one is an error, never reused).
#[cfg(not(unix))]
pub fn make_private_dir(template: &Path) -> Result<PathBuf, FileError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let text = template.to_string_lossy();
    let stem = text.strip_suffix("XXXXXX").unwrap_or(&text);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = PathBuf::from(format!("{stem}{}-{n}", std::process::id()));
    private_dirs()
        .create(&dir)
        .map_err(FileError::io(Action::CreatePrivateDir, template))?;
    Ok(dir)
}

/// A private directory made by mkdtemp(3), removed with its contents when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn create(parent: &Path) -> Result<Scratch, FileError> {
        make_private_dir(&parent.join("build-XXXXXX")).map(Scratch)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// An exclusive advisory lock, released when dropped (the file is closed).
pub struct Lock(File);

impl Lock {
    /// Takes the lock at `path` (made if missing, never through a link or a FIFO), waiting for
    /// whoever holds it.
    pub fn acquire(path: &Path) -> Result<Lock, FileError> {
        // A FIFO in the lock's place must not block the open.
        let file = private_files()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(FileError::io(Action::OpenLock, path))?;
        if !file.metadata().is_ok_and(|m| m.file_type().is_file()) {
            return Err(FileError::LockNotAFile(path.to_path_buf()));
        }
        #[cfg(not(unix))]
        return Err(FileError::io(Action::Lock, path)(std::io::Error::other(
            "locks are taken on Unix only (docs/PLATFORMS.md)",
        )));
        #[cfg(unix)]
        loop {
            // SAFETY: flock(2) on a descriptor owned by `file`, which outlives the call.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                return Ok(Lock(file));
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(FileError::io(Action::Lock, path)(err));
            }
        }
    }
}

impl Drop for Lock {
    #[cfg(unix)]
    fn drop(&mut self) {
        // SAFETY: unlocks the descriptor still owned by `self.0` (closing it would also unlock).
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }

    #[cfg(not(unix))]
    fn drop(&mut self) {}
}
