//! The whole of bindgen's output for libcurl's public headers, checked against the C compiler
//! from one line: no `skip`, no `expect`. Every item is checked or listed with the reason it
//! is not; the declarations of the headers that have no binding are listed too.

ffi_test::check_surface!(
    libcurl_sys_example,
    file = "src/bindings.rs",
    headers = [
        "curl/curl.h",
        "curl/system.h",
        "curl/easy.h",
        "curl/multi.h",
        "curl/urlapi.h",
        "curl/header.h",
        "curl/options.h",
        "curl/websockets.h",
        "curl/curlver.h"
    ],
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["curl"] }
