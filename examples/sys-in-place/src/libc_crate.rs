//! Real bindings of another crate: a few of the libc crate's types and functions, checked from
//! this crate's test build against the C library's headers (members listed, opaque types by
//! size and alignment).

use std::ffi::{c_char, c_int, c_void};

ffi_test::check_layout!(libc::timespec, "struct timespec", fields(tv_sec, tv_nsec));
ffi_test::check_layout!(libc::pollfd, "struct pollfd", fields(fd, events, revents));
ffi_test::check_layout!(libc::iovec, "struct iovec", fields(iov_base, iov_len));
ffi_test::check_layout!(libc::rlimit, "struct rlimit", fields(rlim_cur, rlim_max));
ffi_test::check_layout!(libc::sigset_t, "sigset_t", opaque);
ffi_test::check_layout!(libc::pthread_mutex_t, "pthread_mutex_t", opaque);

ffi_test::check_signatures!(libc {
    fn strlen(cs: *const c_char) -> libc::size_t;
    fn memcpy(dest: *mut c_void, src: *const c_void, n: libc::size_t) -> *mut c_void;
    fn poll(fds: *mut libc::pollfd, nfds: libc::nfds_t, timeout: c_int) -> c_int;
    fn clock_gettime(clk_id: libc::clockid_t, tp: *mut libc::timespec) -> c_int;
});

ffi_test::check_value!(libc::POLLIN, "POLLIN");
ffi_test::check_value!(libc::EINTR, "EINTR");
ffi_test::check_value!(libc::CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
