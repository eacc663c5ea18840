// A bindings file whose link names try to paste C into the generated unit: the one that is
// not a C name is listed as not checked, and nothing of it reaches C.

use std::ffi::c_int;

extern "C" {
    pub fn abs(x: c_int) -> c_int;
    #[link_name = "labs\n#error injected by a link_name"]
    pub fn labs_injected(x: c_int) -> c_int;
    #[link_name = "cfgetispeed@GLIBC_2.2.5"]
    pub fn versioned_cfgetispeed(t: *const u8) -> u32;
}
