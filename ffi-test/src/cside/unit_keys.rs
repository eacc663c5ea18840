//! A unit's first cache key remembered by what determines its text: the test binary (its
//! fragments and configuration are static data in it), the groups in the unit, the compiler's
//! fingerprint and the flags, the directory the run starts in (the debug information's source
//! map) and the cache's own place (part of the first key: a moved cache serves no object
//! naming the old place). A warm run then finds its objects without writing the unit's text out and
//! hashing it: libpng's surface spent 9% of its warm run making the text of 649 checks, and
//! more hashing it.
//!
//! The binary is known by its path, size, modification time and inode: a rebuilt binary is
//! another, and its units are keyed from their text again. Only the first level is skipped:
//! the lookup still checks every header the unit read (`Cache::lookup`).

use std::path::Path;

use super::cache::{read_regular, write_atomically, Cache};
use super::hash::Hasher;
use super::unit::Fragment;

/// Where a unit's first key is remembered, if this binary can be identified.
pub fn memo(
    cache: &Cache,
    binary: Option<&str>,
    fingerprint: &str,
    flags: &[String],
    fragments: &[Fragment],
) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let mut h = Hasher::new();
    h.field(b"unit key 1")
        .field(cache.dir().as_os_str().as_encoded_bytes())
        .field(binary?.as_bytes())
        .field(fingerprint.as_bytes())
        .field(flags.join("\u{1f}").as_bytes())
        .field(cwd.as_os_str().as_encoded_bytes());
    for fragment in fragments {
        h.field(fragment.c.group.as_bytes());
    }
    Some(h.hex())
}

/// The first key remembered under `memo`.
pub fn recall(cache: &Cache, memo: &str) -> Option<String> {
    let kept = read_regular(&path(cache, memo))?;
    String::from_utf8(kept).ok()
}

/// Remembers `key1` under `memo` (best effort: a failure only means the next run hashes).
pub fn keep(cache: &Cache, memo: &str, key1: &str) {
    let _ = std::fs::create_dir(cache.path("units"));
    let _ = write_atomically(&path(cache, memo), key1.as_bytes());
}

fn path(cache: &Cache, memo: &str) -> std::path::PathBuf {
    Path::new(&cache.path("units")).join(memo)
}
