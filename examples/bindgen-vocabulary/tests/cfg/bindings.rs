// Bindings of csrc/vocabulary.h as a hand-written -sys crate with per-target items might write
// them: items and fields under #[cfg] are checked where they are compiled in, and listed as not
// compiled in elsewhere.

use std::ffi::c_int;

#[cfg(target_os = "linux")]
#[repr(C)]
pub struct point {
    pub x: c_int,
    pub y: c_int,
}

// Never compiled in (not this target): wrong on purpose, and never checked.
#[cfg(target_os = "windows")]
#[repr(C)]
pub struct point {
    pub x: i64,
}

#[repr(C)]
pub struct segment {
    pub from: point,
    pub to: point,
    #[cfg(target_os = "linux")]
    pub width: u8,
    // Never compiled in: a field C does not have.
    #[cfg(target_os = "windows")]
    pub depth: u64,
}

#[cfg(unix)]
extern "C" {
    pub fn vocab_sum(s: *const segment) -> c_int;
    #[cfg(target_os = "windows")]
    pub fn vocab_missing_everywhere() -> c_int;
}

#[cfg(target_os = "windows")]
pub const VOCAB_LIMIT: u32 = 1;
#[cfg(not(target_os = "windows"))]
pub const VOCAB_LIMIT: u32 = 64;
