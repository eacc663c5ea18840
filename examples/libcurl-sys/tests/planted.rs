//! A copy of `src/bindings.rs` with thirteen bugs planted (`tests/planted/bugs.json`, applied by
//! `scripts/plant_bugs.py`, which also takes out bindgen's own layout assertions, as in bindings
//! generated with `--no-layout-tests` or kept by hand): three callback typedefs
//! (`curl_write_callback`'s `size`, `curl_read_callback` missing its last parameter,
//! `curl_progress_callback`'s `dltotal` as `f32`), three fields removed (`curl_slist.next`,
//! `curl_sockaddr.protocol` from the middle, `curl_waitfd.revents` into tail padding), two
//! fields' types (`curl_blob.flags`, `curl_waitfd.events`), a field that shifts the rest
//! (`curl_ws_frame.offset`), three parameters (`curl_multi_wait`, `curl_url_set`,
//! `curl_global_init`) and a constified enum's constant (`CURLOPT_URL`). Each is expected to
//! fail, so the suite passes while proving they are caught; run with `--ignore-expectations` to
//! see the reports (tests/real_libraries.rs asserts them).

mod planted {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("planted/bindings.rs");
}

ffi_test::check_surface!(
    planted,
    file = "tests/planted/bindings.rs",
    item(fn curl_write_callback, expect = fail),
    item(fn curl_read_callback, expect = fail),
    item(fn curl_progress_callback, expect = fail),
    item(curl_slist, expect = fail),
    item(curl_blob, expect = fail),
    item(curl_waitfd, expect = fail),
    item(curl_multi_wait, expect = fail),
    item(curl_url_set, expect = fail),
    item(CURLoption_CURLOPT_URL, expect = fail),
    item(curl_ws_frame, expect = fail),
    item(curl_global_init, expect = fail),
    item(curl_sockaddr, expect = fail),
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["curl"] }
