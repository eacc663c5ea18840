//! Whether a cache directory may be trusted: the objects in it are loaded and run, so anyone who
//! can write there can run code as the user running the tests.

#[cfg(unix)]
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::error::{Action, FileError, Untrusted};

/// Refused: the rules below are Unix owners and modes; Windows ACLs are not read yet, and an
/// object nobody checked is never loaded.
#[cfg(not(unix))]
pub fn check_dir(dir: &Path) -> Result<(), FileError> {
    Err(FileError::UntrustedDir {
        dir: dir.to_path_buf(),
        reason: Untrusted::NoRules,
    })
}

/// As [`check_dir`], for an object about to be loaded.
#[cfg(not(unix))]
pub fn check_object(path: &Path) -> Result<(), FileError> {
    check_dir(path.parent().unwrap_or(path))
}

/// `Ok` if `dir` is owned by this user, not writable by group or others, every directory above
/// it is owned by this user or root and writable by nobody else unless sticky (like /tmp), and
/// no link on its path is someone else's; else why not, and what to do.
#[cfg(unix)]
pub fn check_dir(dir: &Path) -> Result<(), FileError> {
    let meta = std::fs::metadata(dir).map_err(FileError::io(Action::InspectCacheDir, dir))?;
    // SAFETY: geteuid(2) cannot fail.
    let me = unsafe { libc::geteuid() };
    let refuse = |reason| {
        Err(FileError::UntrustedDir {
            dir: dir.to_path_buf(),
            reason,
        })
    };
    if meta.uid() != me {
        return refuse(Untrusted::NotYours {
            owner: user(meta.uid()),
            mode: meta.mode() & 0o7777,
            me: user(me),
        });
    }
    if meta.mode() & 0o022 != 0 {
        return refuse(Untrusted::Writable {
            by: if meta.mode() & 0o002 != 0 {
                "others"
            } else {
                "its group"
            },
            owner: user(meta.uid()),
            mode: meta.mode() & 0o7777,
        });
    }
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for ancestor in canonical.ancestors().skip(1) {
        let Ok(meta) = std::fs::metadata(ancestor) else {
            continue;
        };
        if let Some(why) = unsafe_parent(meta.uid(), meta.mode(), me) {
            return refuse(Untrusted::Parent {
                parent: ancestor.to_path_buf(),
                why,
                owner: user(meta.uid()),
                mode: meta.mode() & 0o7777,
            });
        }
    }
    // A link on the way there is followed by every later access: one owned by someone else
    // could be pointed elsewhere after this check.
    let mut prefix = std::path::PathBuf::new();
    for part in dir.components() {
        prefix.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&prefix) else {
            continue;
        };
        if meta.file_type().is_symlink() && meta.uid() != me && meta.uid() != 0 {
            return refuse(Untrusted::Link {
                link: prefix,
                owner: user(meta.uid()),
            });
        }
    }
    Ok(())
}

/// Why a directory above the cache, owned by `uid` with `mode`, lets someone other than `me`
/// (or root) replace what is below it; `None` when it does not.
#[cfg(unix)]
fn unsafe_parent(uid: u32, mode: u32, me: u32) -> Option<&'static str> {
    let trusted_owner = uid == me || uid == 0;
    let sticky = mode & 0o1000 != 0;
    if !trusted_owner {
        return Some("is owned by another user");
    }
    if mode & 0o022 != 0 && !sticky {
        return Some(if mode & 0o002 != 0 {
            "is writable by others and not sticky"
        } else {
            "is writable by its group and not sticky"
        });
    }
    None
}

/// `Ok` if the object at `path`, about to be loaded and run, is a regular file of this user's
/// that nobody else can write, in a directory that passes [`check_dir`]: checked again right
/// before loading, whatever was checked when the cache was opened.
#[cfg(unix)]
pub fn check_object(path: &Path) -> Result<(), FileError> {
    let meta = std::fs::symlink_metadata(path).map_err(FileError::io(Action::Inspect, path))?;
    // SAFETY: geteuid(2) cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.file_type().is_file() || meta.uid() != me || meta.mode() & 0o022 != 0 {
        return Err(FileError::UntrustedObject {
            path: path.to_path_buf(),
            owner: user(meta.uid()),
            mode: meta.mode() & 0o7777,
        });
    }
    match path.parent() {
        Some(dir) if !sound_without_links(dir, me) => check_dir(dir),
        _ => Ok(()),
    }
}

/// The fast form of [`check_dir`], run for every object a test process loads: one `lstat` per
/// component of an absolute path with no link on it. `false` means "ask `check_dir`" (for a
/// path with a link, or one that fails, which `check_dir` then explains).
#[cfg(unix)]
fn sound_without_links(dir: &Path, me: u32) -> bool {
    if !dir.is_absolute() {
        return false;
    }
    let mut prefix = std::path::PathBuf::new();
    let mut components = dir.components().peekable();
    while let Some(part) = components.next() {
        prefix.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&prefix) else {
            return false;
        };
        if meta.file_type().is_symlink() {
            return false;
        }
        let last = components.peek().is_none();
        let sound = if last {
            meta.uid() == me && meta.mode() & 0o022 == 0
        } else {
            unsafe_parent(meta.uid(), meta.mode(), me).is_none()
        };
        if !sound {
            return false;
        }
    }
    true
}

/// `name (uid N)`, or `uid N` when the name cannot be found.
#[cfg(unix)]
fn user(uid: u32) -> String {
    let mut buffer = vec![0 as libc::c_char; 4096];
    // SAFETY: zeroed passwd is valid for getpwuid_r(3) to fill.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r(3) with valid buffers of the stated sizes; `found` is set to `&entry`
    // or null.
    let r = unsafe {
        libc::getpwuid_r(
            uid,
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut found,
        )
    };
    if r != 0 || found.is_null() {
        return format!("uid {uid}");
    }
    // SAFETY: on success pw_name points at a NUL-terminated string inside `buffer`.
    let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
    format!("{} (uid {uid})", name.to_string_lossy())
}

#[cfg(all(test, unix))]
mod tests {
    use super::unsafe_parent;

    #[test]
    fn parents_others_control_are_told_apart() {
        let (me, other) = (1000, 1001);
        assert_eq!(unsafe_parent(0, 0o41777, me), None, "/tmp");
        assert_eq!(unsafe_parent(me, 0o40755, me), None);
        assert_eq!(unsafe_parent(0, 0o40755, me), None);
        assert_eq!(
            unsafe_parent(other, 0o40755, me),
            Some("is owned by another user")
        );
        assert_eq!(
            unsafe_parent(other, 0o41777, me),
            Some("is owned by another user")
        );
        assert_eq!(
            unsafe_parent(me, 0o40775, me),
            Some("is writable by its group and not sticky")
        );
        assert_eq!(
            unsafe_parent(0, 0o40777, me),
            Some("is writable by others and not sticky")
        );
    }
}
