//! A crash inside a library without debug information (Debian's zlib): `inflateEnd` handed a
//! pointer to no stream reads through it. The crash report names the library's function by
//! its symbol and offset, and the caller's line here; run with `--ignore-expectations` to see
//! it (tests/isolation.rs checks it).

use ffi_test::ffi_test;

#[ffi_test(expect = crash("SIGSEGV"))]
fn zlib__inflate_end_of_a_bad_pointer__then_crash_in_libz_reported() {
    // SAFETY: not safe: the point of the test is the crash inside zlib.
    unsafe { zlib_sys_example::inflateEnd(16 as zlib_sys_example::z_streamp) };
}

ffi_test::main!();
