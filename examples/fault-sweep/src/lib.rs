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
