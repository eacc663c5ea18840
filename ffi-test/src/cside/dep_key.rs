//! What keys one file a unit's compile or link read: its contents (headers, the user's own
//! static libraries and objects: `digest`) or its identity (shared libraries, the system's
//! toolchain files), and, for what the compiler read, which include directories hold a file
//! of the same name (its last one, two and three path components), so a header that appears
//! earlier in the search path changes the key.
//!
//! Asked once per process for a list of files and an include path: a surface's shards and its
//! census each look the same headers up, each against every include directory (libpng's 67
//! headers, 5 lookups: 10% of a warm run asked again each time). A header changed while a
//! process runs is seen by the next process, as every key is made when a run starts.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::hash::Hasher;

/// What keys the files `deps`, read through the cache `dir`, along the include path `search`:
/// a hash of each one's path and key.
pub fn of_all(dir: &Path, deps: &[PathBuf], search: &[PathBuf]) -> String {
    // Shards are looked up on parallel threads: the first computes, the others wait for it.
    type Known = HashMap<String, Arc<OnceLock<String>>>;
    static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();
    let mut asked = Hasher::new();
    for path in deps.iter().chain([PathBuf::new()].iter()).chain(search) {
        asked.field(path.as_os_str().as_encoded_bytes());
    }
    let slot = KNOWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(asked.hex())
        .or_default()
        .clone();
    slot.get_or_init(|| {
        let mut h = Hasher::new();
        for dep in deps {
            h.field(dep.as_os_str().as_encoded_bytes());
            h.field(&of(dir, dep, search));
        }
        h.hex()
    })
    .clone()
}

/// What keys `dep`: its contents or identity, then whether each include directory holds a
/// file of the same name.
fn of(dir: &Path, dep: &Path, search: &[PathBuf]) -> Vec<u8> {
    let mut key = contents_or_identity(dir, dep);
    // Shadowing through the include path concerns what the compiler read: the linker
    // searches other directories, so its inputs are not asked about.
    if !is_linker_input(dep) {
        let parts: Vec<_> = dep.components().collect();
        for n in 1..=3.min(parts.len()) {
            let tail: PathBuf = parts[parts.len() - n..].iter().collect();
            key.extend(search.iter().map(|dir| u8::from(dir.join(&tail).exists())));
        }
    }
    key
}

/// What keys a dependency. By content (its hash, remembered in the cache `dir` by the file's
/// identity: `digest`): headers, and the static libraries and objects of the user's own build,
/// copied into the object. By identity (device, inode, size, modification time), which costs
/// no read: shared libraries, loaded rather than copied, and the system's own toolchain files
/// (crt objects, libgcc.a, libc_nonshared.a), megabytes on every lookup.
fn contents_or_identity(dir: &Path, dep: &Path) -> Vec<u8> {
    if by_identity(dep) {
        // Through a link (a library's .so -> .so.1.2): the identity of what it points to.
        if let Ok(m) = fs::metadata(dep) {
            return super::cache::identity_of(&m);
        }
    }
    super::digest::contents(dir, dep)
}

/// Whether a dependency is keyed by its identity rather than its content (see
/// `contents_or_identity`): a shared library or a file of the system's own directories.
fn by_identity(path: &Path) -> bool {
    let path = without_parent_steps(path);
    let system = ["/usr/lib", "/lib", "/usr/local/lib"]
        .iter()
        .any(|dir| path.starts_with(dir));
    !file_name(&path).ends_with(".h") && (is_shared_object(&path) || system)
}

/// `path` with its `..` steps resolved by its text: clang's driver names the system's files
/// from its own directory (`/usr/bin/../lib/gcc/…/libgcc.a`), and read as a user's file that is
/// 3 MB hashed on every cache lookup. By the text, not the file system (a `realpath` per file
/// per lookup): the answer only chooses between keying a file by its identity or by its
/// content, and a file's identity changes with any write to it either way.
fn without_parent_steps(path: &Path) -> std::borrow::Cow<'_, Path> {
    use std::path::Component;
    if !path.components().any(|c| c == Component::ParentDir) {
        return path.into();
    }
    let mut lexical = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    lexical.into()
}

/// A shared library (`libz.so`, `libc.so.6`).
fn is_shared_object(path: &Path) -> bool {
    let name = file_name(path);
    name.ends_with(".so") || name.contains(".so.")
}

/// What the linker reads rather than the compiler: libraries and objects.
fn is_linker_input(path: &Path) -> bool {
    let name = file_name(path);
    is_shared_object(path) || name.ends_with(".a") || name.ends_with(".o")
}

fn file_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{by_identity, is_linker_input};
    use std::path::Path;

    #[test]
    fn shared_and_system_files_are_keyed_by_identity_the_users_by_content() {
        for system in [
            "/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib/gcc/x86_64-linux-gnu/12/libgcc.a",
            "/home/me/build/libfoo.so",
            // As clang names it.
            "/usr/bin/../lib/gcc/x86_64-linux-gnu/12/libgcc.a",
            "/nonexistent/bin/../../usr/lib/gcc/crtbeginS.o",
        ] {
            assert!(by_identity(Path::new(system)), "{system}");
        }
        for own in [
            "/home/me/build/libfoo.a",
            "/home/me/build/x.o",
            "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h",
            "/usr/include/zlib.h",
            "/usr/lib/../../home/me/build/libfoo.a",
        ] {
            assert!(!by_identity(Path::new(own)), "{own}");
        }
        assert!(is_linker_input(Path::new("/home/me/build/libfoo.a")));
        assert!(is_linker_input(Path::new(
            "/lib/x86_64-linux-gnu/libc.so.6"
        )));
        assert!(!is_linker_input(Path::new("/usr/include/zlib.h")));
    }
}
