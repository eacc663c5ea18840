//! Real libraries from Debian, bindgen's output as generated, checked whole from one
//! `check_surface!` line each (examples/libpng-sys, libcurl-sys, sqlite3-sys): the first run is
//! green with no `skip` and no `expect`, every item not checked listed with its reason; and the
//! planted copies' bugs are each caught with the item and the field or parameter named.

use ffi_test_suite::{failure_of, run, test_binary, tests_with_outcome, TempDir};

#[test]
fn the_surface_report_tells_a_failure_expected_from_a_pass() {
    let dir = TempDir::new("planted-report");
    let report = dir.path().join("planted.json");
    let out = run(
        &test_binary("libpng-sys-example", "planted"),
        &["--surface-report", report.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", out.both());
    let json = std::fs::read_to_string(&report).unwrap();
    assert!(json.contains("\"test\": \"png_rw_ptr__function_type__then_matches_c\", \"outcome\": \"failed_as_expected\""), "{json}");
    assert!(
        json.contains("\"test\": \"png_rw_ptr__layout__then_matches_c\", \"outcome\": \"passed\""),
        "{json}"
    );
}

/// The surface line of a run's summary.
fn summary_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|l| l.trim_start().starts_with("surface "))
        .unwrap_or_default()
        .trim()
}

#[test]
fn libpng_and_libcurl_first_runs_are_green_with_handles_listed() {
    let png = run(&test_binary("libpng-sys-example", "surface"), &[]);
    assert!(png.status.success(), "{}", png.both());
    assert!(tests_with_outcome(&png.stdout, "FAILED").is_empty());
    assert_eq!(
        summary_line(&png.stdout),
        "surface libpng_sys_example (src/bindings.rs): 636 items, 627 checked (0 failed), 9 not checked"
    );
    for needle in [
        // typedef void _IO_lock_t, and typedefs of structs C never defines: listed, not sized.
        "not checked: type _IO_lock_t: a handle (`void` in C): C gives it no size",
        "not checked: type png_struct: a handle (`png_struct_def`, opaque: declared but never defined in C)",
        "not checked: type png_info: a handle (`png_info_def`, opaque",
    ] {
        assert!(png.stdout.contains(needle), "{needle}\n{}", png.stdout);
    }
    // jmp_buf *png_set_longjmp_fn(..): a pointer to an array type, read by C's grammar.
    // A function-pointer typedef: its function type compared, parameter by parameter.
    for test in [
        "png_set_longjmp_fn__signature__then_matches_c",
        "png_rw_ptr__function_type__then_matches_c",
    ] {
        assert!(tests_with_outcome(&png.stdout, "ok").contains(&test.to_string()));
    }

    let curl = run(&test_binary("libcurl-sys-example", "surface"), &[]);
    assert!(curl.status.success(), "{}", curl.both());
    assert_eq!(
        summary_line(&curl.stdout),
        "surface libcurl_sys_example (src/bindings.rs): 1288 items, 1273 checked (0 failed), 15 not checked"
    );
    for needle in [
        "not checked: type CURL: a handle (`void` in C)",
        "not checked: type CURLM: a handle (`void` in C)",
        "not checked: type CURLSH: a handle (`void` in C)",
        "not checked: type CURLU: a handle (`Curl_URL`, opaque",
    ] {
        assert!(curl.stdout.contains(needle), "{needle}\n{}", curl.stdout);
    }
}

#[test]
fn sqlite_nested_records_are_checked_under_their_own_tags() {
    let out = run(&test_binary("sqlite3-sys-example", "surface"), &[]);
    assert!(out.status.success(), "{}", out.both());
    let passed = tests_with_outcome(&out.stdout, "ok");
    for test in [
        "sqlite3_index_info_sqlite3_index_constraint__layout__then_matches_c",
        "sqlite3_index_info_sqlite3_index_orderby__layout__then_matches_c",
        "sqlite3_io_methods_x_read__function_type__then_matches_c",
    ] {
        assert!(passed.contains(&test.to_string()), "{test}\n{}", out.stdout);
    }
    // C's `struct sqlite3_index_constraint` is bound by bindgen's nested name.
    assert!(!out
        .stdout
        .contains("unbound: type sqlite3_index_constraint"));
}

/// Runs `package`'s planted suite with expectations ignored: the failing tests, and each
/// report.
fn planted(package: &str) -> (Vec<String>, String) {
    let binary = test_binary(package, "planted");
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
    let out = run(&binary, &["--ignore-expectations"]);
    (tests_with_outcome(&out.stdout, "FAILED"), out.stdout)
}

/// Asserts that exactly the tests of `reports` fail in `package`'s planted suite, each report
/// containing its text.
fn assert_planted(package: &str, reports: &[(&str, &str)]) {
    let (failed, stdout) = planted(package);
    let mut expected: Vec<String> = reports.iter().map(|(t, _)| t.to_string()).collect();
    expected.sort();
    assert_eq!(failed, expected, "{stdout}");
    assert_reports(&stdout, reports);
}

fn assert_reports(stdout: &str, reports: &[(&str, &str)]) {
    for (test, needle) in reports {
        let report = failure_of(stdout, test).unwrap_or_else(|| panic!("{test} did not fail"));
        assert!(report.contains(needle), "{test}: {needle}\n{report}");
    }
}

#[test]
fn bugs_planted_in_libpng_bindings_are_each_caught_with_what_is_wrong() {
    assert_planted(
        "libpng-sys-example",
        &[
        ("png_rw_ptr__function_type__then_matches_c", "function type of `png_rw_ptr` does not match C `void (*)(png_structp, png_bytep, size_t)`:\n  parameter 3 (`arg3`): Rust `u32` (4 bytes, unsigned int), C `size_t` (8 bytes, unsigned int)"),
        ("png_malloc_ptr__function_type__then_matches_c", "parameter 2 (`arg2`): Rust `u32` (4 bytes, unsigned int), C `png_alloc_size_t` (8 bytes, unsigned int)"),
        ("png_user_chunk_ptr__function_type__then_matches_c", "function type of `png_user_chunk_ptr` does not match C `int (*)(png_structp, png_unknown_chunkp)`:\n  return: Rust `()` (nothing), C `int` (4 bytes, signed int)"),
        ("png_time_struct__layout__then_matches_c", "year     0 / 1 / unsigned int   0 / 2 / unsigned int"),
        ("png_time__layout__then_matches_c", "(size)   6                      8"),
        ("png_text_struct__layout__then_matches_c", "text_length  24 / 4 / unsigned int  24 / 8 / unsigned int"),
        ("png_image__layout__then_matches_c", "message  36 / 60 / array of 60 x signed int (1 byte)  36 / 64 / array of 64 x signed int (1 byte)"),
        ("png_get_image_width__signature__then_matches_c", "return: Rust `u64` (8 bytes, unsigned int), C `png_uint_32` (4 bytes, unsigned int)"),
        ("png_set_crc_action__signature__then_matches_c", "parameter 3 (`ancil_action`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)"),
        ("png_sig_cmp__signature__then_matches_c", "parameter 2 (`start`): Rust `u32` (4 bytes, unsigned int), C `size_t` (8 bytes, unsigned int)"),
        ("png_color_type_rgb__value__then_matches_c", "Rust: integer 3\n     C: integer 2"),
        // A field removed into tail padding: nothing moves, only C's member list names it.
        ("png_row_info_struct__layout__then_matches_c", "1 disagreement\n  field        Rust offset/size/kind  C offset/size/kind\n  pixel_depth  (no such field)        19 / 1 / `png_byte`"),
        // A field removed from the middle: named, beside the field it shifted.
        ("png_color_struct__layout__then_matches_c", "  blue    1 / 1 / unsigned int   2 / 1 / unsigned int\n  green   (no such field)        1 / 1 / `png_byte`"),
        ("png_color__layout__then_matches_c", "(size)  2                      3"),
        ],
    );
}

#[test]
fn bugs_planted_in_libcurl_bindings_are_each_caught_with_what_is_wrong() {
    assert_planted(
        "libcurl-sys-example",
        &[
        ("curl_write_callback__function_type__then_matches_c", "function type of `curl_write_callback` does not match C `size_t (*)(char *, size_t, size_t, void *)`:\n  parameter 2 (`size`): Rust `u32` (4 bytes, unsigned int), C `size_t` (8 bytes, unsigned int)"),
        ("curl_read_callback__function_type__then_matches_c", "C takes 4 parameters, Rust declares 3"),
        ("curl_progress_callback__function_type__then_matches_c", "parameter 2 (`dltotal`): Rust `f32` (4 bytes, float), C `double` (8 bytes, float)"),
        ("curl_slist__layout__then_matches_c", "(size)  8                      16\n  next    (no such field)        8 / 8 / `struct curl_slist *`"),
        ("curl_sockaddr__layout__then_matches_c", "protocol  (no such field)                  8 / 4 / `int`"),
        ("curl_blob__layout__then_matches_c", "flags  16 / 4 / signed int    16 / 4 / unsigned int"),
        ("curl_waitfd__layout__then_matches_c", "events   4 / 2 / unsigned int   4 / 2 / signed int\n  revents  (no such field)        6 / 2 / `short int`"),
        ("curl_ws_frame__layout__then_matches_c", "offset  8 / 4 / signed int     8 / 8 / signed int"),
        ("curl_multi_wait__signature__then_matches_c", "parameter 4 (`timeout_ms`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)"),
        ("curl_url_set__signature__then_matches_c", "parameter 4 (`flags`): Rust `u64` (8 bytes, unsigned int), C `unsigned int` (4 bytes, unsigned int)"),
        ("curl_global_init__signature__then_matches_c", "parameter 1 (`flags`): Rust `::std::os::raw::c_int` (4 bytes, signed int), C `long int` (8 bytes, signed int)"),
        ("curloption_curlopt_url__value__then_matches_c", "constant `CURLoption_CURLOPT_URL` does not match C `CURLOPT_URL`:\n  Rust: integer 10003\n     C: integer 10002"),
        ],
    );
}

#[test]
fn function_pointer_members_and_parameters_and_a_nested_record_are_caught_in_sqlite() {
    let (failed, stdout) = planted("sqlite3-sys-example");
    assert_reports(
        &stdout,
        &[
            ("sqlite3_io_methods_x_read__function_type__then_matches_c", "function type of `sqlite3_io_methods.xRead` does not match C `int (*)(sqlite3_file *, void *, int, sqlite3_int64)`:\n  parameter 3 (`iAmt`): Rust `usize` (8 bytes, unsigned int), C `int` (4 bytes, signed int)"),
            ("sqlite3_index_info_sqlite3_index_constraint__layout__then_matches_c", "op     4 / 1 / signed int     4 / 1 / unsigned int"),
            ("sqlite3_exec_callback__function_type__then_matches_c", "function type of parameter 3 of `sqlite3_exec` does not match C `int (*)(void *, int, char **, char **)`:\n  parameter 2 (`arg2`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)"),
        ],
    );
    // The three planted bugs and the twelve functions Debian's library does not export.
    assert_eq!(failed.len(), 15, "{stdout}");
}

/// libcurl deprecates items its own bindings bind: a cold run compiles several units that read
/// curl.h, and the user is shown one line for the header, counting them all (over every unit:
/// how many units there are depends on the machine), not the compiler's hundreds of lines nor
/// a line per unit.
#[test]
fn a_librarys_own_warnings_are_one_line_per_header_per_run() {
    let cache = TempDir::new("curl-warnings");
    let out = ffi_test_suite::run_with_env(
        &test_binary("libcurl-sys-example", "surface"),
        &[],
        &[("FFI_TEST_CACHE_DIR", cache.path().to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", out.both());
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("curl.h"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    assert!(
        lines[0].starts_with("ffi-test: ")
            && lines[0].contains("C compiler warnings caused by /usr/include/")
            && lines[0]
                .contains("/curl/curl.h, a header you did not write (-Wdeprecated-declarations: ")
            && lines[0].ends_with("); FFI_TEST_C_WARNINGS=all shows them"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("warning:"), "{}", out.stderr);
}
