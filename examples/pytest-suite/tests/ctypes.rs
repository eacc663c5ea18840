//! A C library loaded from Python with ctypes (tests/ctypes): `ffi_test.library("vmsg")` finds
//! the library the build script builds, and `ffi_test.assert_prototypes` checks the argtypes and
//! restype the test sets against the prototypes in vmsg.h.

ffi_test::pytest!("tests/ctypes");
ffi_test::main! { headers: ["vmsg.h"], include_dirs: ["c"] }
