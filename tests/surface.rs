//! End-to-end: whole-surface checks (`check_surface!`) over bindgen's real output.
//!
//! - examples/zlib-sys: bindgen's output for zlib and glibc's TCP/IP and socket headers, as
//!   generated: zero false failures, every item checked or listed with its reason; a copy with
//!   four planted bugs has each caught with the item and field named.
//! - examples/bindgen-vocabulary: one of each construct of bindgen's vocabulary, checked whole;
//!   a copy with one bug per construct has every one caught with the exact report.

use ffi_test_suite::{assert_outcomes, failure_of, run, test_binary, tests_with_outcome, TempDir};

#[test]
fn bindgen_output_for_system_libraries_is_checked_whole_without_false_failures() {
    let binary = test_binary("zlib-sys-example", "surface");
    let dir = TempDir::new("surface-report");
    let report = dir.path().join("surface.json");
    let out = run(&binary, &["--surface-report", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", out.both());
    assert!(tests_with_outcome(&out.stdout, "FAILED").is_empty());
    let passed = tests_with_outcome(&out.stdout, "ok");
    // 386 items, the function types of the four function-pointer typedefs (alloc_func,
    // free_func, in_func, out_func), and the test that looks for declarations of the headers
    // with no binding.
    assert_eq!(passed.len(), 391, "{}", out.stdout);
    // One of each kind of check, and the constructs the surface had to read to get there.
    for test in [
        "tcphdr__layout__then_matches_c", // anonymous union of anonymous structs, bit-fields
        "iphdr__layout__then_matches_c",  // bit-fields
        "in6_addr__layout__then_matches_c", // anonymous union member
        "z_stream_s__layout__then_matches_c", // `struct z_stream_s`, spelled from the headers
        "z_stream__layout__then_matches_c", // its typedef
        "bind__signature__then_matches_c", // a transparent-union parameter
        "gzvprintf__signature__then_matches_c", // a va_list parameter
        "va_list_tag__layout__then_matches_c", // the compiler's own va_list element
        "tcp_ca_state_tcp_ca_open__value__then_matches_c", // a constified enum's constant under C's name
        "zlib_version__value__then_matches_c",             // a string macro
    ] {
        assert!(
            passed.iter().any(|p| p == test),
            "{test} did not pass:\n{}",
            out.stdout
        );
    }
    // The report names every item: the checked with their test, the rest with a reason.
    assert!(out.stdout.contains(
        "surface zlib_sys_example (src/bindings.rs): 408 items, 390 checked (0 failed), 18 not checked"
    ), "{}", out.stdout);
    assert!(out
        .stdout
        .contains("not checked: struct internal_state: opaque (`_unused: [u8; 0]`: a C type declared but never defined"));
    assert!(out.stdout.contains("not checked: struct tcphdr__bindgen_ty_1__bindgen_ty_1: an anonymous C type: checked through `tcphdr`"));
    // Every declaration of the headers has its binding. The macros bindgen binds no constant
    // for (values that are types or keywords: `ZEXTERN`, `z_off_t`, `Z_U4`; a call:
    // `zlib_version`) hold no constant a binding could, and are not asked for (they were listed
    // as 6 unbound declarations before).
    assert!(
        out.stdout.contains(
            "0 C declarations of zlib.h, zconf.h, netinet/ip.h, netinet/tcp.h with no binding"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("unbound: macro"), "{}", out.stdout);
    let json = std::fs::read_to_string(&report).unwrap();
    assert!(json.contains("], \"unbound\": []}"), "{json}");
    // 404 items and the function types of alloc_func, free_func, in_func and out_func.
    assert_eq!(json.matches("{\"name\": ").count(), 408, "{json}");
    assert_eq!(
        json.matches("\"outcome\": \"passed\"").count(),
        390,
        "{json}"
    );
    assert_eq!(
        json.matches("\"outcome\": \"not checked\"").count(),
        18,
        "{json}"
    );
    assert!(json.contains("{\"name\": \"tcphdr\", \"what\": \"struct\", \"test\": \"tcphdr__layout__then_matches_c\", \"outcome\": \"passed\""), "{json}");
    assert!(
        !json.contains("\"outcome\": \"not checked\", \"reason\": \"\""),
        "{json}"
    );
}

#[test]
fn four_bugs_planted_in_bindgen_output_are_each_caught_with_item_and_field_named() {
    let binary = test_binary("zlib-sys-example", "planted");
    let out = run(&binary, &["--ignore-expectations"]);
    let failed = tests_with_outcome(&out.stdout, "FAILED");
    assert_eq!(
        failed,
        [
            "crc32__signature__then_matches_c",
            "tcphdr__layout__then_matches_c",
            "z_buf_error__value__then_matches_c",
            "z_stream_s__layout__then_matches_c",
        ],
        "{}",
        out.both()
    );
    let report = |test| failure_of(&out.stdout, test).unwrap();
    assert!(report("z_stream_s__layout__then_matches_c")
        .contains("avail_in  8 / 4 / signed int     8 / 4 / unsigned int"));
    assert!(report("crc32__signature__then_matches_c").contains(
        "parameter 3 (`len`): Rust `z_size_t` (8 bytes, unsigned int), C `uInt` (4 bytes, unsigned int)"
    ));
    assert!(report("z_buf_error__value__then_matches_c").contains("Rust: integer -3"));
    assert!(report("z_buf_error__value__then_matches_c").contains("C: integer -5"));
    assert!(report("tcphdr__layout__then_matches_c")
        .contains("doff (bit-field)  bits 100..=102 (3 wide)  bits 100..=103 (4 wide)"));
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

#[test]
fn every_construct_of_bindgens_vocabulary_is_checked_and_names_are_unique() {
    let binary = test_binary("bindgen-vocabulary", "vocabulary");
    let out = run(&binary, &["--ignore-expectations"]);
    let mut passed: Vec<&str> = vec![
        "bindgen_vocabulary__c_declarations__then_each_has_a_binding",
        "anon_first__value__then_matches_c",
        "anon_holder__layout__then_matches_c",
        "anon_second__value__then_matches_c",
        "bf_perm__layout__then_matches_c",
        "bf_perm_perm_r__value__then_matches_c",
        "bf_perm_perm_w__value__then_matches_c",
        "bf_perm_perm_x__value__then_matches_c",
        "blob__size_and_align__then_match_c",
        "builtin_va_list__layout__then_matches_c",
        "count_t__layout__then_matches_c",
        "flags__layout__then_matches_c",
        "flex__layout__then_matches_c",
        "mc_level_level_high__value__then_matches_c",
        "mc_level_level_low__value__then_matches_c",
        "mc_level_type__layout__then_matches_c",
        "nt_mode__layout__then_matches_c",
        "nt_mode_mode_a__value__then_matches_c",
        "nt_mode_mode_b__value__then_matches_c",
        "plain_kind__layout__then_matches_c",
        "plain_kind_kind_one__value__then_matches_c",
        "plain_kind_kind_two__value__then_matches_c",
        "point__layout__then_matches_c",
        "point_t__layout__then_matches_c",
        "rust_color__layout__then_matches_c",
        "segment__layout__then_matches_c",
        "va_list__layout__then_matches_c",
        "va_list_tag__layout__then_matches_c",
        "visit_fn__function_type__then_matches_c",
        "visit_fn__layout__then_matches_c",
        "vocab_bytes__signature__then_matches_c", // a returned pointer's target
        "vocab_close__signature__then_matches_c", // a handle C never defines
        "vocab_counter__static__then_matches_c",
        "vocab_depth_location__signature__then_matches_c",
        "vocab_die__signature__then_matches_c",
        "vocab_each__signature__then_matches_c",
        "vocab_each_each__function_type__then_matches_c",
        "vocab_fill__signature__then_matches_c", // a pointer to a pointer
        "vocab_globals__layout__then_matches_c", // its members' names are macros after it
        "vocab_hook__function_type__then_matches_c",
        "vocab_hook__static__then_matches_c",
        "vocab_limit__value__then_matches_c",
        "vocab_limit_twice__value__then_matches_c", // a constant through another
        "vocab_log__signature__then_matches_c",
        "vocab_log_fn__function_type__then_matches_c", // C-variadic
        "vocab_log_fn__layout__then_matches_c",
        "vocab_logger__layout__then_matches_c",
        "vocab_mid__signature__then_matches_c",
        "vocab_name__value__then_matches_c",
        "vocab_open__signature__then_matches_c",
        "vocab_order__value__then_matches_c",
        "vocab_order_2__value__then_matches_c",
        "vocab_pair__layout__then_matches_c",
        "vocab_pair_typedef__layout__then_matches_c",
        "vocab_ratio__value__then_matches_c",
        "vocab_read_fn__function_type__then_matches_c", // a buffer's element type
        "vocab_read_fn__layout__then_matches_c",
        // An asm label's symbol (bindgen's `link_name = "\u{1}vocab_renamed_impl"`).
        "vocab_renamed__signature__then_matches_c",
        "vocab_reset__signature__then_matches_c",
        "vocab_set_logger__signature__then_matches_c", // a C-variadic callback's parameter
        "vocab_sum__signature__then_matches_c",
        "vocab_text_len__signature__then_matches_c",
        "vocab_version__static__then_matches_c",
        "vocab_visit__signature__then_matches_c",
        "vocab_vlog__signature__then_matches_c",
        "vocab_wide_len__signature__then_matches_c",
        "wchar_t__layout__then_matches_c",
    ];
    passed.sort_unstable();
    assert_outcomes(
        &out,
        &[
            // A hand-written check with the surface's name for `point`: renamed, its own C.
            (
                "point_2__layout__then_matches_c",
                &["layout of `point` does not match C `struct segment`: 3 disagreements"],
            ),
            (
                "vocab_declared_only__signature__then_matches_c",
                &["no loaded object exports `vocab_declared_only`: C declares it, but no library this binary links defines it"],
            ),
            (
                "vocab_scale__signature__then_matches_c",
                &[
                    "return: Rust `u128` (16 bytes, unsigned int), C `long double` (16 bytes, float)",
                    "note: bindgen binds `long double` as a 16-byte integer",
                ],
            ),
        ],
        &passed,
    );
    // 66 subjects: the summary lists the three that failed and counts the rest.
    let summary = out.stdout.split("\nsubjects:\n").nth(1).unwrap_or_default();
    let expected = [
        format!("    {:>19}: 0 passed; 1 failed", "point_2"),
        format!("    {:>19}: 0 passed; 1 failed", "vocab_declared_only"),
        format!("    {:>19}: 0 passed; 1 failed", "vocab_scale"),
        "    ... and 63 more subjects whose tests all passed".to_string(),
    ];
    assert!(
        summary.starts_with(&(expected.join("\n") + "\n")),
        "{summary}"
    );
    // The items that are not C types are listed with the reason, and what was left out of a
    // checked one.
    for line in [
        "not checked: struct __IncompleteArrayField: a generic type (one of bindgen's helpers)",
        "not checked: union anon_holder__bindgen_ty_1: an anonymous C type: checked through `anon_holder`",
        "not checked: type _bindgen_ty_1: the type of an anonymous C enum",
        "partly: struct flags: `__bindgen_padding_0`: padding bindgen added, not a C member",
        "partly: struct blob: members opaque to bindgen: size and alignment only",
    ] {
        assert!(out.stdout.contains(line), "{line}:\n{}", out.stdout);
    }
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

#[test]
fn one_bug_per_construct_of_bindgens_vocabulary_is_each_caught() {
    let binary = test_binary("bindgen-vocabulary", "broken");
    let out = run(&binary, &["--ignore-expectations"]);
    let failed: &[(&str, &[&str])] = &[
        ("broken__c_declarations__then_each_has_a_binding", &[
            "2 C declarations of vocabulary.h have no Rust binding in tests/broken/bindings.rs (unbound = \"deny\"):\n  function vocab_reset\n  macro VOCAB_LIMIT_TWICE",
        ]),
        ("anon_holder__layout__then_matches_c", &[
            "__bindgen_anon_1.f (f)  4 / 4 / unsigned int   4 / 4 / float",
            "named.hi                10 / 2 / unsigned int  10 / 2 / signed int",
        ]),
        ("anon_second__value__then_matches_c", &["Rust: integer 102", "C: integer 101"]),
        ("bf_perm_perm_x__value__then_matches_c", &["constant `bf_perm::PERM_X` does not match C `PERM_X`", "Rust: integer 8"]),
        ("blob__size_and_align__then_match_c", &["(size)  20                     16"]),
        ("count_t__layout__then_matches_c", &["(size)   4                      8"]),
        ("flags__layout__then_matches_c", &["mode (bit-field)  bits 10..=12 (3 wide)  bits 9..=11 (3 wide)"]),
        ("flex__layout__then_matches_c", &["items    4 / 0 / array of 0 x float (4 bytes)  8 / 0 / array of 0 x float (8 bytes)"]),
        ("mc_level_level_high__value__then_matches_c", &["constant `mc_level::LEVEL_HIGH` does not match C `LEVEL_HIGH`", "Rust: integer 11"]),
        ("nt_mode_mode_b__value__then_matches_c", &["constant `nt_mode::MODE_B` does not match C `MODE_B`", "Rust: integer 3"]),
        ("plain_kind_kind_two__value__then_matches_c", &["constant `plain_kind_KIND_TWO` does not match C `KIND_TWO`"]),
        ("rust_color__layout__then_matches_c", &["rust_color::GREEN  = 4                    = 5"]),
        ("segment__layout__then_matches_c", &["to      8 / 20 / struct, union or enum  8 / 8 / struct", "width   28 / 1 / unsigned int           16 / 1 / unsigned int"]),
        // `item(vocab_pair.b, c = "a")`: compared with the member named, C's own `b` unbound.
        ("vocab_pair__layout__then_matches_c", &["2 disagreements\n  field  Rust offset/size/kind  C offset/size/kind\n  b (a)  4 / 4 / signed int     0 / 4 / signed int\n  b      (no such field)        4 / 4 / `int`"]),
        ("va_list_tag__layout__then_matches_c", &["gp_offset  0 / 4 / signed int     0 / 4 / unsigned int"]),
        ("vocab_renamed__signature__then_matches_c", &["signature of `vocab_renamed` does not match C `int vocab_renamed(int)`:\n  parameter 1 (`x`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)"]),
        ("visit_fn__layout__then_matches_c", &["(type kind)  pointer                fn pointer"]),
        ("vocab_counter__static__then_matches_c", &["type: Rust `::std::os::raw::c_long` (8 bytes, signed int), C (4 bytes, signed int)"]),
        ("vocab_declared_only__signature__then_matches_c", &["no loaded object exports `vocab_declared_only`"]),
        ("vocab_die__signature__then_matches_c", &["return: Rust `::std::os::raw::c_int` (4 bytes, signed int), C `void`"]),
        // Function pointers written inline: a parameter's and a static's function type.
        ("vocab_each_each__function_type__then_matches_c", &["function type of parameter 3 of `vocab_each` does not match C `void (*)(const struct point *, void *)`:\n  C takes 2 parameters, Rust declares 1"]),
        ("vocab_hook__function_type__then_matches_c", &["function type of `vocab_hook` does not match C `int (*)(int, const char *)`:\n  parameter 1 (`code`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)"]),
        ("vocab_limit__value__then_matches_c", &["Rust: integer 65", "C: integer 64"]),
        // What pointers point to.
        ("vocab_fill__signature__then_matches_c", &["parameter 1 (`out`): Rust `*mut::std::os::raw::c_char` points to signed int (1 byte), C `char **` to pointer (8 bytes)"]),
        ("vocab_text_len__signature__then_matches_c", &["parameter 1 (`text`): Rust `*const::std::os::raw::c_char` points to signed int (1 byte), C `const unsigned char *` to unsigned int (1 byte)"]),
        ("vocab_wide_len__signature__then_matches_c", &["parameter 1 (`text`): Rust `*const u16` points to unsigned int (2 bytes), C `const wchar_t *` to signed int (4 bytes)"]),
        ("vocab_open__signature__then_matches_c", &["parameter 1 (`out`): Rust `*mut vocab_handle` points to struct, union or enum, C `struct vocab_handle **` to pointer (8 bytes)"]),
        ("vocab_close__signature__then_matches_c", &["parameter 1 (`h`): Rust `*mut *mut vocab_handle` points to pointer (8 bytes), C `struct vocab_handle *` to a struct or union it declares and never defines"]),
        ("vocab_bytes__signature__then_matches_c", &["return: Rust `*const::std::os::raw::c_ushort` points to unsigned int (2 bytes), C `const unsigned char *` to unsigned int (1 byte)"]),
        ("vocab_read_fn__function_type__then_matches_c", &["parameter 2 (`buf`): Rust `*mut::std::os::raw::c_float` points to float (4 bytes), C `unsigned char *` to unsigned int (1 byte)"]),
        // A C-variadic callback bound as a data pointer.
        ("vocab_logger__layout__then_matches_c", &["log    0 / 8 / pointer        0 / 8 / fn pointer"]),
        // Members whose names are macros after the record, swapped.
        ("vocab_globals__layout__then_matches_c", &[
            "vocab_width  0 / 4 / signed int     4 / 4 / signed int",
            "vocab_depth  4 / 4 / signed int     0 / 4 / signed int",
        ]),
        ("vocab_log__signature__then_matches_c", &["C is variadic, Rust declares it not variadic"]),
        ("vocab_mid__signature__then_matches_c", &[
            "return: Rust `u64` (8 bytes, unsigned int), C `struct point` (8 bytes, struct)",
            "parameter 1 (`s`): Rust `segment` (32 bytes, struct, union or enum), C `struct segment` (20 bytes, struct)",
        ]),
        ("vocab_name__value__then_matches_c", &["Rust: string \"vocabularY\"", "C: string \"vocabulary\""]),
        ("vocab_ratio__value__then_matches_c", &["Rust: float 0.25", "C: float 0.5"]),
        ("vocab_scale__signature__then_matches_c", &["parameter 1 (`x`): Rust `u128` (16 bytes, unsigned int), C `long double` (16 bytes, float)"]),
        ("vocab_version__static__then_matches_c", &["type: Rust `*const::std::os::raw::c_char` (8 bytes, pointer), C (an array of unknown size)\n  hint: C's static is the array itself"]),
        ("vocab_visit__signature__then_matches_c", &["parameter 1 (`f`): Rust `visit_fn` (8 bytes, pointer), C `visit_fn` (8 bytes, fn pointer)"]),
        ("vocab_vlog__signature__then_matches_c", &["parameter 4 (`ap`): Rust `usize` (8 bytes, unsigned int), C `__va_list_tag *` (8 bytes, pointer)"]),
    ];
    let mut passed = tests_with_outcome(&out.stdout, "ok");
    passed.retain(|p| !failed.iter().any(|(f, _)| f == p));
    let passed: Vec<&str> = passed.iter().map(String::as_str).collect();
    assert_outcomes(&out, failed, &passed);
    assert!(
        passed.contains(&"vocab_sum__signature__then_matches_c"),
        "{}",
        out.stdout
    );
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

#[test]
fn a_renamed_generated_check_runs_alone_by_its_new_name() {
    let binary = test_binary("bindgen-vocabulary", "vocabulary");
    let out = run(
        &binary,
        &[
            "--exact",
            "point_2__layout__then_matches_c",
            "--ignore-expectations",
        ],
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        ["point_2__layout__then_matches_c"],
        "{}",
        out.both()
    );
    assert!(failure_of(&out.stdout, "point_2__layout__then_matches_c")
        .unwrap()
        .contains("does not match C `struct segment`"));
}

#[test]
fn the_libc_crates_surface_for_this_target_is_checked_against_the_system_headers() {
    let binary = test_binary("libc-surface", "surface");
    let out = run(&binary, &[]);
    assert!(out.status.success(), "{}", out.both());
    let passed = tests_with_outcome(&out.stdout, "ok");
    assert!(
        passed.len() >= 2000,
        "{} checks:\n{}",
        passed.len(),
        out.stdout
    );
    // The types a networking or filesystem program uses, fields of other structs included
    // (sockaddr_in.sin_addr is an in_addr), size and alignment where members are private.
    for test in [
        "timespec__layout__then_matches_c",
        "stat__layout__then_matches_c",
        "sockaddr_in__layout__then_matches_c",
        "sockaddr_in6__layout__then_matches_c",
        "sockaddr_un__layout__then_matches_c",
        "sockaddr_storage__layout__then_matches_c",
        "msghdr__layout__then_matches_c",
        "iovec__layout__then_matches_c",
        "pollfd__layout__then_matches_c",
        "epoll_event__layout__then_matches_c",
        "rusage__layout__then_matches_c",
        "itimerspec__layout__then_matches_c",
        "termios__layout__then_matches_c",
        "sigset_t__size_and_align__then_match_c",
        "pthread_mutex_t__size_and_align__then_match_c",
        "fscanf__signature__then_matches_c", // link_name __isoc99_fscanf, an asm label in C
        "epollet__value__then_matches_c",    // 0x80000000 in C, i32::MIN in Rust
    ] {
        assert!(
            passed.iter().any(|p| p == test),
            "{test} did not pass:\n{}",
            out.stdout
        );
    }
    // Every difference the suite declares is one the checks find.
    let raw = run(&binary, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "atexit__signature__then_matches_c",
            "getitimer__signature__then_matches_c",
            "minsigstksz__value__then_matches_c",
            "setitimer__signature__then_matches_c",
            "sigevent__layout__then_matches_c",
            "sighandler_t__layout__then_matches_c",
            "signal__signature__then_matches_c",
            "sigstksz__value__then_matches_c",
            "sigval__layout__then_matches_c",
            "statx__layout__then_matches_c",
            "strerror_r__signature__then_matches_c",
            "tcp_info__layout__then_matches_c",
            "timex__layout__then_matches_c",
        ],
        "{}",
        raw.stdout
    );
    assert!(failure_of(&raw.stdout, "sigval__layout__then_matches_c")
        .unwrap()
        .contains("(type kind)  struct                 union"));
    // <sys/ioctl.h>'s termios2 requests name a struct these headers never define: C cannot
    // compute them, so they are listed as not checked, neither passed nor failed.
    for name in ["TCGETS2", "TCSETS2", "TCSETSF2", "TCSETSW2"] {
        let line = format!(
            "not checked: const {name}: C cannot evaluate `{name}`: its expansion needs \
             `struct termios2`, a type these headers never complete (not a constant they let C \
             compute)\n"
        );
        assert!(out.stdout.contains(&line), "{line}{}", out.stdout);
        assert!(raw.stdout.contains(&line), "{line}{}", raw.stdout);
    }
    assert!(out.stdout.contains("0 failed; 4 ignored"), "{}", out.stdout);
}

#[test]
fn ctests_own_good_bindings_pass_with_nothing_unexpressible() {
    let binary = test_binary("ctest-pair", "t1");
    let out = run(&binary, &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(tests_with_outcome(&out.stdout, "FAILED").is_empty());
    // Every public item is checked; what the checks cannot name is said.
    assert!(
        out.stdout.contains(
            "surface ctest_pair::t1 (src/t1.rs): 65 items, 61 checked (0 failed), 4 not checked"
        ),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("not checked: struct timeval: not `pub`"));
    assert!(out
        .stdout
        .contains("partly: struct T1_conflict_foo: `a`: not `pub`"));
    assert!(out
        .stdout
        .contains("0 C declarations of t1.h with no binding"));
    let passed = tests_with_outcome(&out.stdout, "ok");
    for test in [
        "t1_bar__layout__then_matches_c",          // arrays of arrays
        "t1_union__layout__then_matches_c",        // a union known by its typedef only
        "pack4__layout__then_matches_c",           // packed(4)
        "transparent__layout__then_matches_c",     // repr(transparent) newtype of a typedef
        "f__signature__then_matches_c",            // link_name T1f
        "t1h__signature__then_matches_c",          // `-> !` for void
        "t1_static_wrong__static__then_matches_c", // link_name T1_static_right
        "t1_sref__static__then_matches_c",         // &'static i16 for a pointer
        "t1_c__value__then_matches_c",             // a constant inside `i! { .. }`
        "t1_s__value__then_matches_c",             // a *const c_char string constant
    ] {
        assert!(
            passed.iter().any(|p| p == test),
            "{test} did not pass:\n{}",
            out.stdout
        );
    }
}

/// ctest's broken half: each of the errors ctest's own test expects (`bad ...`) is in the
/// report of the check of that item.
#[test]
fn every_error_of_ctests_broken_bindings_is_caught() {
    let binary = test_binary("ctest-pair", "t2");
    let out = run(&binary, &["--ignore-expectations"]);
    let failed: &[(&str, &[&str])] = &[
        // bad `T2Foo` signed
        (
            "t2_foo__layout__then_matches_c",
            &["(type kind)  unsigned int           signed int"],
        ),
        // bad `T2TypedefFoo` signed
        (
            "t2_typedef_foo__layout__then_matches_c",
            &["(type kind)  unsigned int           signed int"],
        ),
        // bad `T2TypedefInt` signed
        (
            "t2_typedef_int__layout__then_matches_c",
            &["(type kind)  signed int             unsigned int"],
        ),
        // bad `T2Bar` size, align, signed
        (
            "t2_bar__layout__then_matches_c",
            &[
                "(size)       4",
                "(align)      4",
                "(type kind)  unsigned int           signed int",
            ],
        ),
        // bad `T2Baz` size; bad field offset (and pointer access) `a`, `b`
        (
            "t2_baz__layout__then_matches_c",
            &[
                "(size)  16                     24",
                "a       0 / 8 / signed int     8 / 8 / signed int",
                "b       8 / 4 / unsigned int   16 / 4 / unsigned int",
            ],
        ),
        // bad `T2a` function pointer
        (
            "t2a__signature__then_matches_c",
            &["C defines `T2a` `static` in a header (internal linkage)"],
        ),
        // bad `T2C` value
        (
            "t2_c__value__then_matches_c",
            &["Rust: integer 5", "C: integer 4"],
        ),
        // bad const `T2S` string
        (
            "t2_s__value__then_matches_c",
            &["Rust: string \"b\"", "C: string \"a\""],
        ),
        // bad `T2Union` size; bad field offset (and pointer access) `b`
        (
            "t2_union__layout__then_matches_c",
            &[
                "(size)       8                      16",
                "b            0 / 8 / signed int     8 / 8 / signed int",
            ],
        ),
        // bad `enum_wrong_signedness` signed
        (
            "enum_wrong_signedness__layout__then_matches_c",
            &["(type kind)  signed int             unsigned int"],
        ),
        // bad `enum_repr_too_small` size, align
        (
            "enum_repr_too_small__layout__then_matches_c",
            &[
                "(size)   2                      4",
                "(align)  2                      4",
            ],
        ),
    ];
    assert_outcomes(
        &out,
        failed,
        &[
            "enum_repr_too_small_a__value__then_matches_c",
            "enum_wrong_signedness_a__value__then_matches_c",
        ],
    );
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

#[test]
fn items_and_fields_under_cfg_are_checked_where_compiled_in_and_listed_elsewhere() {
    let binary = test_binary("bindgen-vocabulary", "cfg");
    let out = run(&binary, &[]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "point__layout__then_matches_c",
            "segment__layout__then_matches_c",
            // Its twin under the opposite #[cfg] shares the name: no `_2` for the live one.
            "vocab_limit__value__then_matches_c",
            "vocab_sum__signature__then_matches_c",
        ],
        "{}",
        out.stdout
    );
    for line in [
        "surface sys (tests/cfg/bindings.rs): 7 items, 4 checked (0 failed), 3 not checked",
        "not checked: struct point: not compiled in for this target (its #[cfg] does not hold)",
        "not checked: fn vocab_missing_everywhere: not compiled in for this target",
        "not checked: const VOCAB_LIMIT: not compiled in for this target",
    ] {
        assert!(out.stdout.contains(line), "{line}:\n{}", out.stdout);
    }
}
