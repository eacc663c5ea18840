//! Whether a cache directory may be trusted: the objects in it are loaded and run, so anyone who
//! can write there can run code as the user running the tests.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// `Ok` if `dir` is owned by this user, not writable by group or others, and every directory
/// above it is either not writable by others or sticky (like /tmp); else why not, and what to do.
pub fn check_dir(dir: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(dir).map_err(|e| {
        format!(
            "cannot inspect the C cache directory {}: {e}",
            dir.display()
        )
    })?;
    // SAFETY: geteuid(2) cannot fail.
    let me = unsafe { libc::geteuid() };
    let fix = "use a directory of your own that only you can write (FFI_TEST_CACHE_DIR, or unset it to use \
               target/<profile>/ffi-test-cache), or fix its owner and mode (chmod go-w)";
    if meta.uid() != me {
        return Err(format!(
            "refusing the C cache directory {}: it is owned by {} (mode {:o}), not by the user running the \
             tests ({}); objects in it would be loaded and run as you. {fix}",
            dir.display(),
            user(meta.uid()),
            meta.mode() & 0o7777,
            user(me)
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(format!(
            "refusing the C cache directory {}: it is writable by {} (owner {}, mode {:o}), so others could \
             replace the objects it holds, which are loaded and run as you. {fix}",
            dir.display(),
            if meta.mode() & 0o002 != 0 { "others" } else { "its group" },
            user(meta.uid()),
            meta.mode() & 0o7777
        ));
    }
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for ancestor in canonical.ancestors().skip(1) {
        let Ok(meta) = std::fs::metadata(ancestor) else {
            continue;
        };
        if meta.mode() & 0o002 != 0 && meta.mode() & 0o1000 == 0 {
            return Err(format!(
                "refusing the C cache directory {}: the directory {} above it is writable by others and not \
                 sticky (owner {}, mode {:o}), so others could move the cache away and put their own in its \
                 place. {fix}",
                dir.display(),
                ancestor.display(),
                user(meta.uid()),
                meta.mode() & 0o7777
            ));
        }
    }
    Ok(())
}

/// `name (uid N)`, or `uid N` when the name cannot be found.
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
