//! Real libraries from Debian, bindgen's output as generated, checked whole from one
//! `check_surface!` line each (examples/libpng-sys, libcurl-sys, sqlite3-sys, libyaml-sys, and the C++
//! library tinyxml2-sys): the first run is green with no `skip` and no `expect`, every item not
//! checked listed with its reason; and the planted copies' bugs are each caught with the item
//! and the field or parameter named.

use ffi_test_suite::{failure_of, run, run_with_env, test_binary, tests_with_outcome, TempDir};

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
    planted_with(package, &[])
}

/// As [`planted`], the suite run with `env`.
fn planted_with(package: &str, env: &[(&str, &str)]) -> (Vec<String>, String) {
    let binary = test_binary(package, "planted");
    let expected = run_with_env(&binary, &[], env);
    assert!(expected.status.success(), "{}", expected.both());
    let out = run_with_env(&binary, &["--ignore-expectations"], env);
    (tests_with_outcome(&out.stdout, "FAILED"), out.stdout)
}

/// Asserts that exactly the tests of `reports` fail in `package`'s planted suite, each report
/// containing its text.
fn assert_planted(package: &str, reports: &[(&str, &str)]) {
    assert_planted_with(package, &[], reports)
}

/// As [`assert_planted`], the suite run with `env`.
fn assert_planted_with(package: &str, env: &[(&str, &str)], reports: &[(&str, &str)]) {
    let (failed, stdout) = planted_with(package, env);
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

/// libyaml: typedefs of function types (`typedef int yaml_read_handler_t(void *data, ..)`, used
/// as `yaml_read_handler_t *`, which bindgen binds as a nullable function pointer) and enum
/// typedefs bound by re-export (`pub use self::yaml_break_e as yaml_break_t;`). A new user's
/// first run was red on correct bindings: the function types "not a pointer to a function",
/// their layouts "array" of size 1, and with `unbound = "deny"` the 11 re-exported typedefs
/// unbound. Now green with every declaration bound, each function type compared parameter by
/// parameter, each re-export checked as the typedef it binds.
#[test]
fn libyaml_function_typedefs_and_reexported_enum_typedefs_are_checked() {
    let yaml = run(&test_binary("libyaml-sys-example", "surface"), &[]);
    assert!(yaml.status.success(), "{}", yaml.both());
    assert_eq!(
        summary_line(&yaml.stdout),
        "surface libyaml_sys_example (src/bindings.rs): 275 items, 224 checked (0 failed), 51 not checked"
    );
    assert!(
        yaml.stdout
            .contains("0 C declarations of yaml.h with no binding"),
        "{}",
        yaml.stdout
    );
    let passed = tests_with_outcome(&yaml.stdout, "ok");
    for test in [
        "yaml_read_handler_t__function_type__then_matches_c",
        "yaml_read_handler_t__layout__then_matches_c",
        "yaml_write_handler_t__function_type__then_matches_c",
        "yaml_break_t__layout__then_matches_c",
    ] {
        assert!(
            passed.contains(&test.to_string()),
            "{test}\n{}",
            yaml.stdout
        );
    }
    assert_planted(
        "libyaml-sys-example",
        &[
        ("yaml_read_handler_t__function_type__then_matches_c", "function type of `yaml_read_handler_t` does not match C `int (*)(void *, unsigned char *, size_t, size_t *)`:\n  parameter 3 (`size`): Rust `u32` (4 bytes, unsigned int), C `size_t` (8 bytes, unsigned int)"),
        ("yaml_error_type_e__layout__then_matches_c", "(size)   2                      4"),
        ("yaml_error_type_t__layout__then_matches_c", "layout of `yaml_error_type_t` does not match C `yaml_error_type_t`: 2 disagreements"),
        ("yaml_parser_s__layout__then_matches_c", "error  0 / 2 / unsigned int   0 / 4 / unsigned int"),
        ("yaml_emitter_s__layout__then_matches_c", "error  0 / 2 / unsigned int   0 / 4 / unsigned int"),
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

/// The C++ compilers a C++ surface is checked with: GCC (its declarations read through
/// clang++'s AST) and clang++ itself.
const CXX_COLUMNS: [&[(&str, &str)]; 2] = [&[("CXX", "g++")], &[("CXX", "clang++")]];

#[test]
fn tinyxml2s_cpp_bindings_first_run_is_green_under_gcc_and_clang() {
    for env in CXX_COLUMNS {
        let out = run_with_env(&test_binary("tinyxml2-sys-example", "surface"), &[], env);
        assert!(out.status.success(), "{env:?}\n{}", out.both());
        assert_eq!(
            summary_line(&out.stdout),
            "surface tinyxml2_sys_example (src/bindings.rs): 270 items, 252 checked (0 failed), 18 not checked",
            "{env:?}"
        );
        let passed = tests_with_outcome(&out.stdout, "ok");
        for test in [
            // A method through its mangled name, `this` first; a constructor bound through its
            // base-object symbol (`C2`, an abstract class's); a static data member.
            "root_tinyxml2_xmlnode_insert_end_child__signature__then_matches_c",
            "root_tinyxml2_xmlnode_xmlnode__signature__then_matches_c",
            "root_tinyxml2_xmlutil_write_bool_true__static__then_matches_c",
            // A class with a vtable and a base class; template instances as opaque blobs.
            "root_tinyxml2_xmltext__layout__then_matches_c",
            "root_tinyxml2_xmldocument__layout__then_matches_c",
            // A class-scope enumerator, named through its class.
            "root_tinyxml2_xmlattribute_buf_size__value__then_matches_c",
        ] {
            assert!(
                passed.contains(&test.to_string()),
                "{env:?} {test}\n{}",
                out.stdout
            );
        }
        for needle in [
            "not checked: union root::tinyxml2::MemPoolT_Item: C++ has no name for this type: a member of the class template `tinyxml2::MemPoolT`, which C++ names only with the template's arguments",
            "not checked: struct root::tinyxml2::XMLUtil: bindgen knew no layout for it",
        ] {
            assert!(out.stdout.contains(needle), "{env:?} {needle}\n{}", out.stdout);
        }
    }
}

#[test]
fn tinyxml2s_flat_cpp_bindings_bindgens_default_are_green_too() {
    for env in CXX_COLUMNS {
        let out = run_with_env(&test_binary("tinyxml2-sys-example", "flat"), &[], env);
        assert!(out.status.success(), "{env:?}\n{}", out.both());
        assert_eq!(
            summary_line(&out.stdout),
            "surface flat (tests/flat/bindings.rs): 270 items, 252 checked (0 failed), 18 not checked",
            "{env:?}"
        );
        let passed = tests_with_outcome(&out.stdout, "ok");
        for test in [
            "tinyxml2_xmlnode_insert_end_child__signature__then_matches_c",
            "tinyxml2_xmlutil_write_bool_true__static__then_matches_c",
            "tinyxml2_xmltext__layout__then_matches_c",
            "tinyxml2_xmlattribute_buf_size__value__then_matches_c",
        ] {
            assert!(
                passed.contains(&test.to_string()),
                "{env:?} {test}\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn bugs_planted_in_tinyxml2s_cpp_bindings_are_each_caught_under_gcc_and_clang() {
    for env in CXX_COLUMNS {
        assert_planted_with(
            "tinyxml2-sys-example",
            env,
            &[
            ("root_tinyxml2_xmlutil_to_str4__signature__then_matches_c", "signature of `XMLUtil_ToStr4` does not match C `void tinyxml2::XMLUtil::ToStr(double, char *, int)`:\n  parameter 1 (`v`): Rust `f32` (4 bytes, float), C `double` (8 bytes, float)"),
            ("root_tinyxml2_str_pair_set_str__signature__then_matches_c", "signature of `StrPair_SetStr` does not match C `void tinyxml2::StrPair::SetStr(const char *, int) [this: tinyxml2::StrPair *]`:\n  C takes 3 parameters, Rust declares 2"),
            ("root_tinyxml2_xmlattribute__layout__then_matches_c", "1 disagreement\n  field          Rust offset/size/kind  C offset/size/kind\n  _parseLineNum  56 / 8 / signed int    56 / 4 / signed int"),
            ("root_tinyxml2_str_pair_mode__layout__then_matches_c", "(size)   1                      4"),
            ("root_tinyxml2_xmlnode_insert_end_child__signature__then_matches_c", "`XMLNode_InsertEndChild` does not match C++: no function of the C++ headers has the symbol `_ZN8tinyxml27XMLNode14InsertEndChildEPKS0_` (tinyxml2::XMLNode::InsertEndChild(tinyxml2::XMLNode const*)): its `link_name` is wrong"),
            ("root_tinyxml2_xmlattribute_buf_size__value__then_matches_c", "constant `root::tinyxml2::XMLAttribute_BUF_SIZE` does not match C `tinyxml2::XMLAttribute::BUF_SIZE`:\n  Rust: integer 100\n     C: integer 200"),
            ("root_tinyxml2_xmldocument__layout__then_matches_c", "_unlinked       168 / 88 / struct, union or enum   168 / 96 / struct"),
            ("root_tinyxml2_xmldocument_xmldocument__signature__then_matches_c", "parameter 2 (`processEntities`): Rust `::std::os::raw::c_int` (4 bytes, signed int), C `bool` (1 byte, bool)"),
            ("root_tinyxml2_xmlutil_write_bool_true__static__then_matches_c", "type: Rust `u8` (1 byte, unsigned int), C (8 bytes, pointer)"),
            ("root_tinyxml2_xmltext__layout__then_matches_c", "_base ((base) tinyxml2::StrPair)  0 / 24 / struct, union or enum  (C has none) / 24 / struct"),
            ],
        );
    }
}

#[test]
fn cpp_bindings_checked_with_gcc_alone_say_clangs_ast_is_needed() {
    // A cache of its own: an object built before (with clang++ at hand) needs no AST again.
    let cache = TempDir::new("no-clang-cache");
    let out = run_with_env(
        &test_binary("tinyxml2-sys-example", "surface"),
        &["xmlutil_to_str4"],
        &[
            ("CXX", "g++"),
            ("FFI_TEST_CLANGXX", "/nonexistent/clang++"),
            ("FFI_TEST_CACHE_DIR", cache.path().to_str().unwrap()),
        ],
    );
    assert!(!out.status.success());
    let report = failure_of(
        &out.stdout,
        "root_tinyxml2_xmlutil_to_str4__signature__then_matches_c",
    )
    .unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.contains("C++ signatures and statics are read from clang's AST (JSON), and the C++ compiler is GCC, which prints no C++ prototypes, and `/nonexistent/clang++` was not found: install clang"),
        "{report}"
    );
}
