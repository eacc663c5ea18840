//! The whole of bindgen's output for zlib and glibc's TCP/IP headers, checked against the C
//! compiler: every struct (anonymous members, bit-fields), enum, alias, function, static and
//! constant; and the declarations of those headers that have no binding, listed.

ffi_test::check_surface!(
    zlib_sys_example,
    file = "src/bindings.rs",
    headers = ["zlib.h", "zconf.h", "netinet/ip.h", "netinet/tcp.h"],
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["z"] }
