//! A header's contents, as the cache key takes them: hashed, and the hash remembered in the
//! cache by the file's identity, so a run whose headers did not change reads none of them.
//!
//! Every lookup keys a unit by the contents of every header it read (libpng's unit: 67 files,
//! some 400 KiB), hashed in the user's unoptimised build: 12% of a real surface's warm run.
//! The hash is kept under `digests/` with the identity it was made from (device, inode, size,
//! modification and change times to the nanosecond); any write to the file changes its change
//! time, so a kept hash whose identity still matches is the file's. A file changed in the
//! last two seconds is hashed but not remembered (as ccache does): a file system whose
//! timestamps are coarse could see two writes within one tick.
//!
//! Within a process, hashes are also kept in memory by identity.

use std::collections::HashMap;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::hash::Hasher;

/// How recent a change keeps a hash from being remembered.
const SETTLED: i64 = 2;

/// The hash of `path`'s contents (a marker of its absence if it cannot be read), remembered in
/// `cache_dir`.
pub fn contents(cache_dir: &Path, path: &Path) -> Vec<u8> {
    let Ok(meta) = fs::metadata(path) else {
        return b"\0<missing>".to_vec();
    };
    let identity = identity(&meta);
    type Known = HashMap<PathBuf, (String, Vec<u8>)>;
    static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    if let Some((seen, hash)) = known.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
        if *seen == identity {
            return hash.clone();
        }
    }
    let hash = kept_or_read(cache_dir, path, &meta, &identity);
    known
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.to_path_buf(), (identity, hash.clone()));
    hash
}

/// The hash kept in `cache_dir` for `path` if its identity still matches, else made now.
fn kept_or_read(cache_dir: &Path, path: &Path, meta: &fs::Metadata, identity: &str) -> Vec<u8> {
    let kept = cache_dir.join("digests").join(
        Hasher::new()
            .field(path.as_os_str().as_encoded_bytes())
            .hex(),
    );
    if let Some(text) = super::cache::read_regular(&kept) {
        if let Some(hash) = text.strip_prefix(identity.as_bytes()) {
            return hash.to_vec();
        }
    }
    let Ok(bytes) = fs::read(path) else {
        return b"\0<missing>".to_vec();
    };
    let hash = Hasher::new().field(&bytes).hex().into_bytes();
    if settled(meta) {
        let _ = fs::create_dir(cache_dir.join("digests"));
        let _ = super::cache::write_atomically(&kept, &[identity.as_bytes(), &hash].concat());
    }
    hash
}

/// Device, inode, size, modification and change times, ending in a newline.
#[cfg(unix)]
fn identity(m: &fs::Metadata) -> String {
    format!(
        "{} {} {} {}.{} {}.{}\n",
        m.dev(),
        m.ino(),
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec()
    )
}

/// Whether the file's last change is old enough for its identity to tell later writes apart.
#[cfg(unix)]
fn settled(m: &fs::Metadata) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    now - m.mtime().max(m.ctime()) > SETTLED
}

/// Off Unix, size and modification time: a file has no change time there, so this identity
/// serves within one process and a hash is never kept across runs ([`settled`]).
#[cfg(not(unix))]
fn identity(m: &fs::Metadata) -> String {
    format!("{} {:?}\n", m.len(), m.modified().ok())
}

#[cfg(not(unix))]
fn settled(_: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::contents;

    #[test]
    fn a_kept_hash_serves_until_the_file_changes() {
        let dir = std::env::temp_dir().join(format!("ffi-test-digest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let header = dir.join("a.h");
        std::fs::write(&header, "int a;").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&header)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // The change time is now: hashed, not remembered.
        let first = contents(&dir, &header);
        assert!(!dir.join("digests").exists());
        // Same contents, same hash; another file's contents, another.
        std::fs::write(dir.join("b.h"), "int a;").unwrap();
        assert_eq!(contents(&dir, &dir.join("b.h")), first);
        std::fs::write(&header, "int b;").unwrap();
        assert_ne!(contents(&dir, &header), first);
        assert_eq!(contents(&dir, &dir.join("missing.h")), b"\0<missing>");
        // A settled file (the system's headers are): remembered, and served from what is kept.
        let settled = std::path::Path::new("/usr/include/stdio.h");
        let hash = contents(&dir, settled);
        let kept: Vec<_> = std::fs::read_dir(dir.join("digests")).unwrap().collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(contents(&dir, settled), hash);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
