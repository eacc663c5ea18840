// A type deeper than check_surface! reads (it overflowed rustc's stack before the bound).
extern "C" {
    pub static deep: *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut *mut ::std::os::raw::c_int;
}
