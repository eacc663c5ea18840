// Bindings read by tests/ui/check_surface_*.rs (as bindgen would write them).
#[repr(C)]
pub struct pair {
    pub a: ::std::os::raw::c_int,
    pub b: ::std::os::raw::c_int,
}
pub const LIMIT: u32 = 4;
#[repr(C)]
pub struct twice {
    pub a: ::std::os::raw::c_int,
}
extern "C" {
    pub fn twice(x: *mut twice);
}
