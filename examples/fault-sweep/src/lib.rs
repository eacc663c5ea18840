//! Bindings to the store in csrc/ (linked by each test target: the planted or the fixed build).

use std::ffi::{c_char, c_int};

/// An opaque store.
#[repr(C)]
pub struct Store {
    _private: [u8; 0],
}

/// The store's API, without the library (each test target links one build of it).
pub mod sys {
    use super::*;
    extern "C" {
        pub fn store_open(name: *const c_char) -> *mut Store;
        pub fn store_add(s: *mut Store, key: *const c_char, value: c_int) -> c_int;
        pub fn store_len(s: *const Store) -> usize;
        pub fn store_close(s: *mut Store);
        pub fn store_load(s: *mut Store, fd: c_int) -> std::ffi::c_long;
        pub fn store_save(s: *const Store, fd: c_int) -> c_int;
        pub fn three_allocations() -> c_int;
    }
}

/// Opens a store, adds `n` entries and closes it: `Err` when the C reports running out of
/// memory (a failure handled cleanly), whatever the C does otherwise.
pub fn open_add_close(n: usize) -> Result<usize, String> {
    // SAFETY: a NUL-terminated name; the store is closed on every path below.
    let s = unsafe { sys::store_open(c"inventory".as_ptr()) };
    if s.is_null() {
        return Err("store_open: out of memory".into());
    }
    for i in 0..n {
        let key = std::ffi::CString::new(format!("key-{i}")).unwrap();
        // SAFETY: a live store and a NUL-terminated key, copied by the store.
        if unsafe { sys::store_add(s, key.as_ptr(), i as c_int) } != 0 {
            // SAFETY: the store is live and closed once.
            unsafe { sys::store_close(s) };
            return Err(format!("store_add {i}: out of memory"));
        }
    }
    // SAFETY: the store is live.
    let len = unsafe { sys::store_len(s) };
    // SAFETY: the store is live; closed once, after its last use.
    unsafe { sys::store_close(s) };
    Ok(len)
}

/// Loads `text` (lines `key=value`) into a new store through C's `store_load`, reading from a
/// file written by Rust: the entries loaded, or `Err` when C reports an error.
pub fn load(text: &str) -> Result<usize, String> {
    use std::os::fd::AsRawFd;
    let file = scratch_file("load");
    std::fs::write(&file, text).map_err(|e| e.to_string())?;
    let input = std::fs::File::open(&file).map_err(|e| e.to_string())?;
    let s = open("loaded")?;
    // SAFETY: a live store and an open descriptor, both alive for the call.
    let added = unsafe { sys::store_load(s, input.as_raw_fd()) };
    // SAFETY: the store is live.
    let len = unsafe { sys::store_len(s) };
    // SAFETY: the store is live; closed once, after its last use.
    unsafe { sys::store_close(s) };
    let _ = std::fs::remove_file(&file);
    match added {
        -1 => Err("store_load failed".into()),
        _ => Ok(len),
    }
}

/// Saves a store of `n` entries through C's `store_save` to a file, and returns what the file
/// holds (read by Rust), or `Err` when C reports an error.
pub fn save(n: usize) -> Result<String, String> {
    use std::os::fd::AsRawFd;
    let file = scratch_file("save");
    let output = std::fs::File::create(&file).map_err(|e| e.to_string())?;
    let s = open("saved")?;
    let mut result = Ok(());
    for i in 0..n {
        let key = std::ffi::CString::new(format!("key-{i}")).unwrap();
        // SAFETY: a live store and a NUL-terminated key, copied by the store.
        if unsafe { sys::store_add(s, key.as_ptr(), i as c_int) } != 0 {
            result = Err(format!("store_add {i}: out of memory"));
            break;
        }
    }
    // SAFETY: a live store and an open descriptor.
    if result.is_ok() && unsafe { sys::store_save(s, output.as_raw_fd()) } != 0 {
        result = Err("store_save failed".into());
    }
    // SAFETY: the store is live; closed once, after its last use.
    unsafe { sys::store_close(s) };
    drop(output);
    let saved = std::fs::read_to_string(&file).map_err(|e| e.to_string());
    let _ = std::fs::remove_file(&file);
    result.and(saved)
}

/// The lines `save(n)` writes.
pub fn saved_lines(n: usize) -> String {
    (0..n).map(|i| format!("key-{i}={i}\n")).collect()
}

fn open(name: &str) -> Result<*mut Store, String> {
    let name = std::ffi::CString::new(name).unwrap();
    // SAFETY: a NUL-terminated name, copied by the store.
    let s = unsafe { sys::store_open(name.as_ptr()) };
    if s.is_null() {
        return Err("store_open: out of memory".into());
    }
    Ok(s)
}

/// A file of this process's own in the temporary directory.
fn scratch_file(what: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("fault-sweep-{what}-{}", std::process::id()))
}

/// Reads `fd` to its end through `libc::read`, as a -sys crate's safe wrapper does: an
/// interrupted read is retried, an error returned. (Rust code calling libc directly is code
/// under test for a sweep; std's own I/O is not.)
pub fn read_to_end(fd: c_int) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 64];
    loop {
        // SAFETY: `buf` is writable for its whole length.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        match n {
            0 => return Ok(out),
            n if n > 0 => out.extend_from_slice(&buf[..n as usize]),
            _ => {
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
}

/// A file holding `text`, opened for reading (removed once open: the descriptor keeps it).
pub fn file_holding(text: &str) -> std::io::Result<std::fs::File> {
    let path = scratch_file("text");
    std::fs::write(&path, text)?;
    let file = std::fs::File::open(&path);
    let _ = std::fs::remove_file(&path);
    file
}

/// `open_add_close(6)` as the sweeps judge it: six entries, or running out of memory reported
/// (an answer the caller handles; only a crash is a bug).
pub fn six_entries_or_an_error() -> Result<(), String> {
    match open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

/// Three lines loaded through `load`: all three, or the error.
pub fn three_entries_loaded() -> Result<(), String> {
    match load("apples=3\npears=5\nplums=7\n")? {
        3 => Ok(()),
        n => Err(format!("loaded {n} of 3 entries")),
    }
}

/// Three entries saved through `save`: the file holds every line, or the error.
pub fn three_lines_saved() -> Result<(), String> {
    let saved = save(3)?;
    match saved == saved_lines(3) {
        true => Ok(()),
        false => Err(format!("the file holds {saved:?}")),
    }
}
