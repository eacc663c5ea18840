// The bindings file of `check_surface!`'s documentation example (as a -sys crate or bindgen
// would write it).
#[repr(C)]
pub struct div_t {
    pub quot: ::std::ffi::c_int,
    pub rem: ::std::ffi::c_int,
}
extern "C" {
    pub fn abs(x: ::std::ffi::c_int) -> ::std::ffi::c_int;
}
pub const EXIT_FAILURE: u32 = 1;
