//! Raw declarations of `csrc/registry.h`, as a -sys crate would have them.

use std::ffi::{c_char, c_int, c_void};

pub const REGISTRY_MAX: usize = 64;

pub const REGISTRY_OK: c_int = 0;
pub const REGISTRY_ERR_NULL: c_int = -1;
pub const REGISTRY_ERR_DUPLICATE: c_int = -2;
pub const REGISTRY_ERR_FULL: c_int = -3;
pub const REGISTRY_ERR_CALLBACK: c_int = -4;

/// `registry_status`: the status codes (also given as the constants above).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum registry_status {
    Ok = 0,
    ErrNull = -1,
    ErrDuplicate = -2,
    ErrFull = -3,
    ErrCallback = -4,
}

/// Opaque `registry_t`.
#[repr(C)]
pub struct registry_t {
    _private: [u8; 0],
}

#[repr(C)]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct registry_stats {
    pub registered: u32,
    pub rejected: u32,
    pub checksum: u64,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct registry_config {
    pub capacity: u32,
    pub strict: bool,
    pub name: [c_char; 16],
    pub on_register: registry_event_fn,
    pub user: *mut c_void,
}

pub type registry_event_fn = Option<unsafe extern "C" fn(id: u32, user: *mut c_void) -> c_int>;
pub type registry_destroy_hook = Option<unsafe extern "C" fn(user: *mut c_void)>;

extern "C" {
    pub fn registry_config_default(out: *mut registry_config);
    pub fn registry_create() -> *mut registry_t;
    pub fn registry_destroy(r: *mut registry_t);
    pub fn registry_register(r: *mut registry_t, id: u32) -> c_int;
    pub fn registry_count(r: *const registry_t) -> usize;
    pub fn registry_stats_get(r: *const registry_t, out: *mut registry_stats) -> c_int;
    pub fn registry_set_callback(
        r: *mut registry_t,
        cb: registry_event_fn,
        user: *mut c_void,
    ) -> c_int;
    pub fn registry_set_destroy_hook(
        r: *mut registry_t,
        hook: registry_destroy_hook,
        user: *mut c_void,
    ) -> c_int;
    pub fn registry_last_error() -> *const c_char;
    pub fn buffer_xor(data: *const u8, len: usize, key: u8, out: *mut u8, cap: usize) -> i64;
    pub fn buffer_checksum(data: *const u8, len: usize) -> u32;
}
