//! C++ bodies (examples/cpp-bodies), compiled by the C++ compiler the `cc` crate picks, under
//! g++ and clang++: templates, RAII, a callback from C++ into Rust and an exception caught in
//! C++ pass; an exception escaping an `extern "C"` function into Rust is reported with its
//! type, its `what()` and the line that threw it (`expect = cpp_exception(..)` names it); an
//! exception C++ caught is not.

use ffi_test_suite::{
    failure_of, run_for_target, run_with_env, target_test_binary, test_binary, tests_with_outcome,
};

const ESCAPES: &str = "exception__escapes_extern_c_into_rust__then_its_type_and_message_reported";
const CAUGHT_THEN_ABORT: &str = "abort__after_cpp_caught_its_exception__then_no_exception_named";

/// `CXX` for each C++ compiler the suite runs under.
const COMPILERS: [&str; 2] = ["g++", "clang++"];

#[test]
fn cpp_bodies_pass_beside_rust_under_gpp_and_clangpp() {
    let binary = test_binary("cpp-bodies", "cpp");
    for cxx in COMPILERS {
        let out = run_with_env(&binary, &[], &[("CXX", cxx)]);
        assert!(out.status.success(), "CXX={cxx}:\n{}", out.both());
        let mut passed = tests_with_outcome(&out.stdout, "ok");
        passed.sort();
        assert_eq!(
            passed,
            // The two that crash as their expectations say pass too.
            [
                CAUGHT_THEN_ABORT,
                "callback__cpp_calls_rust_through_std_function__then_sum_of_squares",
                "exception__caught_inside_cpp__then_error_code_returned",
                ESCAPES,
                "handle__cpp_class_behind_a_c_api__then_counts_each_word",
                "leak__cpp_object_never_deleted__then_leak_named",
                "raii__objects_leave_scope__then_every_destructor_ran",
                "sweep__nothrow_new_failure_checked__then_every_run_handled",
                "sweep__operator_new_fails_uncaught__then_the_allocation_named",
                "template__summed_for_two_types__then_each_instance_answers",
            ],
            "CXX={cxx}:\n{}",
            out.both()
        );
    }
}

/// The shapes that pass `Handle` (a class with a copy constructor) by value: C++ passes and
/// returns it through a hidden pointer, so each breaks.
const HANDLE_BY_VALUE: [&str; 8] = [
    "inside_struct_of_1_to_16_copies_by_value",
    "mixed_with_u8_and_f32_args",
    "passed_after_1_to_16_other_args",
    "passed_and_returned_by_value",
    "passed_by_c_to_rust_callback",
    "passed_by_value_to_c",
    "returned_by_rust_callback_to_c",
    "returned_by_value_from_c",
];

/// The report of the exception escaping into Rust, as each run must start it.
const ESCAPED: &str = "the test process was killed by SIGABRT (abort), signal 6: a C++ exception \
     unwound out of an `extern \"C\"` function into Rust, which cannot catch it (catch it in the \
     C++ function and return an error)\n  \
     the C++ exception in flight (thrown, not caught by C++): \
     std::invalid_argument: \"negative input\"\n  \
     where it was thrown (innermost first):\n    \
     parse_or_throw(int) (examples/cpp-bodies/tests/cpp.rs:150)\n";

#[test]
fn a_cpp_exception_escaping_into_rust_is_reported_with_its_type_message_and_line() {
    let binary = test_binary("cpp-bodies", "cpp");
    for cxx in COMPILERS {
        let out = run_with_env(
            &binary,
            &["--ignore-expectations", "--exact", ESCAPES],
            &[("CXX", cxx)],
        );
        let report = failure_of(&out.stdout, ESCAPES).unwrap_or_else(|| panic!("{}", out.both()));
        assert!(report.starts_with(ESCAPED), "CXX={cxx}:\n{report}");
    }
}

/// With `--nocapture` Rust's words are not captured: the crash record's exception in flight
/// still says it escaped, and `expect = cpp_exception(..)` holds.
#[test]
fn the_cpp_exception_expectation_holds_under_nocapture() {
    let binary = test_binary("cpp-bodies", "cpp");
    let out = run_with_env(&binary, &["--nocapture", "--exact", ESCAPES], &[]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [ESCAPES],
        "{}",
        out.both()
    );
}

/// The suite passes on i686 and on aarch64 (under qemu-user) too, where the escaping exception
/// is reported the same way.
#[test]
fn cpp_bodies_and_the_escaping_exception_on_i686_and_aarch64() {
    for target in ["i686-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
        let binary = target_test_binary("cpp-bodies", "cpp", target);
        let out = run_for_target(&binary, target, &[]);
        assert!(out.status.success(), "{target}:\n{}", out.both());
        let out = run_for_target(
            &binary,
            target,
            &["--ignore-expectations", "--exact", ESCAPES],
        );
        let report = failure_of(&out.stdout, ESCAPES).unwrap_or_else(|| panic!("{}", out.both()));
        assert!(report.starts_with(ESCAPED), "{target}:\n{report}");
    }
}

/// `operator new` fails as malloc does under a fault sweep: each `new` whose std::bad_alloc the
/// C++ does not catch is named with its line, and why the process ended.
#[test]
fn a_sweep_names_each_new_whose_failure_cpp_does_not_handle() {
    let test = "sweep__operator_new_fails_uncaught__then_the_allocation_named";
    let binary = test_binary("cpp-bodies", "cpp");
    let out = run_with_env(&binary, &["--ignore-expectations", "--exact", test], &[]);
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with(
            "fault sweep: C made 4 allocations in the test; 4 runs, each with the k-th \
             allocation failing: 4 not handled (0 handled):\n  \
             k=1 malloc(65): killed by SIGABRT (abort), signal 6: a C++ exception unwound out of \
             an `extern \"C\"` function into Rust, which cannot catch it\n      \
             at operator new(unsigned long)"
        ),
        "{report}"
    );
    for line in [218, 219] {
        let frame = format!("from make_pair_of_names (examples/cpp-bodies/tests/cpp.rs:{line})");
        assert!(report.contains(&frame), "{frame}:\n{report}");
    }
}

/// C++ types' layouts and constants (examples/cpp-bodies/tests/cpp_types.rs), compared with
/// what g++ and clang++ compute from the C++ header: a namespace's struct, template instances
/// (one with a comma in its arguments), a scoped enum and its enumerators, a class with static
/// members and methods, a class with virtual functions bound as bindgen binds it (`vtable_`
/// first, a protected member), `static constexpr`, `static const` and `inline constexpr`
/// constants pass; the five planted bugs are each caught with the member or value named.
#[test]
fn cpp_types_layouts_pass_and_the_planted_bugs_are_each_named() {
    let binary = test_binary("cpp-bodies", "cpp_types");
    let planted: [(&str, &str); 5] = [
        (
            "gapped_missing_c__layout__then_matches_c",
            "layout of `GappedMissingC` does not match C `geo::Gapped`: 1 disagreement\n  \
             field  Rust offset/size/kind  C offset/size/kind\n  \
             c      (no such field)        5 / 1 / `uint8_t`\n",
        ),
        (
            "mode_wrong__layout__then_matches_c",
            "layout of `ModeWrong` does not match C `geo::Mode`: 1 disagreement\n  \
             field                                    Rust offset/size/kind  C offset/size/kind\n  \
             ModeWrong::Precise (geo::Mode::Precise)  = 3                    = 2\n",
        ),
        (
            "shape_without_vtable__layout__then_matches_c",
            "layout of `ShapeWithoutVtable` does not match C `geo::Shape`: 3 disagreements\n  \
             field    Rust offset/size/kind  C offset/size/kind\n  \
             (size)   4                      16\n  \
             (align)  4                      8\n  \
             sides_   0 / 4 / signed int     8 / 4 / signed int\n",
        ),
        (
            "vec3d_as_f32__layout__then_matches_c",
            "layout of `Vec3dAsF32` does not match C `geo::Vec3<double>`: 5 disagreements\n  \
             field    Rust offset/size/kind  C offset/size/kind\n  \
             (size)   12                     24\n  \
             (align)  4                      8\n  \
             x        0 / 4 / float          0 / 8 / float\n  \
             y        4 / 4 / float          8 / 8 / float\n  \
             z        8 / 4 / float          16 / 8 / float\n",
        ),
        (
            "version__value__then_matches_c",
            "constant `VERSION` does not match C `geo::Limits::version`:\n  \
             Rust: integer 6\n     C: integer 7\n",
        ),
    ];
    for cxx in COMPILERS {
        let out = run_with_env(&binary, &[], &[("CXX", cxx)]);
        assert!(out.status.success(), "CXX={cxx}:\n{}", out.both());
        let out = run_with_env(&binary, &["--ignore-expectations"], &[("CXX", cxx)]);
        let mut failed = tests_with_outcome(&out.stdout, "FAILED");
        failed.sort();
        let mut expected: Vec<String> = planted.map(|(t, _)| t.to_string()).to_vec();
        expected.extend(HANDLE_BY_VALUE.map(|s| format!("handle__{s}__then_fields_intact")));
        expected.sort();
        assert_eq!(failed, expected, "CXX={cxx}:\n{}", out.both());
        // The correct mirrors, with Point's nine shapes and Handle's two by pointer.
        assert_eq!(
            tests_with_outcome(&out.stdout, "ok").len(),
            22,
            "{}",
            out.both()
        );
        let returned = "handle__returned_by_value_from_c__then_fields_intact";
        let got = failure_of(&out.stdout, returned).unwrap_or_else(|| panic!("{}", out.both()));
        assert!(
            got.starts_with(
                "round-trip of `Handle` (C `geo::Handle`), shape returned_by_value_from_c: "
            ),
            "CXX={cxx}:\n{got}"
        );
        for (test, report) in planted {
            let got = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
            assert!(got.starts_with(report), "CXX={cxx}: {test}:\n{got}");
        }
    }
}

/// Under AddressSanitizer (the C++ runtime preloaded after ASan's), a C++ object created with
/// `new` and never deleted is named by LeakSanitizer at the line of its `new`; the test's
/// expectation (`memory_error("leak", otherwise = pass)`) holds.
#[test]
fn asan_names_the_cpp_object_never_deleted() {
    let test = "leak__cpp_object_never_deleted__then_leak_named";
    let binary = test_binary("cpp-bodies", "cpp");
    let out = run_with_env(&binary, &["--sanitize", "address", "--exact", test], &[]);
    assert!(out.status.success(), "{}", out.both());
    let out = run_with_env(
        &binary,
        &[
            "--sanitize",
            "address",
            "--ignore-expectations",
            "--exact",
            test,
        ],
        &[],
    );
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with(
            "AddressSanitizer found leak in this test:\n\
             ERROR: LeakSanitizer: detected memory leaks\n\
             Direct leak of 32 byte(s) in 1 object(s) allocated from:\n"
        ),
        "{report}"
    );
    assert!(
        report.contains(" in open_session_and_forget examples/cpp-bodies/tests/cpp.rs:197\n"),
        "{report}"
    );
}

#[test]
fn an_exception_cpp_caught_is_not_named_by_a_later_abort() {
    let binary = test_binary("cpp-bodies", "cpp");
    let out = run_with_env(
        &binary,
        &["--ignore-expectations", "--exact", CAUGHT_THEN_ABORT],
        &[("CXX", "g++")],
    );
    let report =
        failure_of(&out.stdout, CAUGHT_THEN_ABORT).unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with(
            "the test process was killed by SIGABRT (abort), signal 6\n  \
             raised by the process itself: abort()"
        ),
        "{report}"
    );
    assert!(!report.contains("C++ exception"), "{report}");
}

#[test]
fn without_a_cpp_compiler_each_cpp_test_says_which_and_how_to_name_one() {
    // A copy away from the target directory: C that `cargo ffi-test prebuild` kept beside the
    // test binaries would serve a run without a compiler (as it is meant to).
    let dir = ffi_test_suite::TempDir::new("no-cpp-compiler");
    std::fs::create_dir(dir.path().join("deps")).unwrap();
    let binary = dir.path().join("deps").join("cpp");
    std::fs::copy(test_binary("cpp-bodies", "cpp"), &binary).unwrap();
    let out = run_with_env(&binary, &[], &[("CXX", "/nonexistent/g++")]);
    assert!(!out.status.success(), "{}", out.both());
    let report = failure_of(
        &out.stdout,
        "template__summed_for_two_types__then_each_instance_answers",
    )
    .unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with(
            "no C++ compiler found: `/nonexistent/g++` could not be run (No such file or \
             directory (os error 2)). Install a C++ compiler (e.g. g++) or set CXX to one"
        ),
        "{report}"
    );
}

#[test]
fn bindgens_cpp_vocabulary_is_checked_whole_and_its_two_abi_findings_named() {
    let binary = test_binary("bindgen-vocabulary", "cpp_vocabulary");
    for cxx in COMPILERS {
        let out = run_with_env(&binary, &["--ignore-expectations"], &[("CXX", cxx)]);
        let mut failed = tests_with_outcome(&out.stdout, "FAILED");
        failed.sort();
        // bindgen binds a class with a user-provided copy constructor by value; C++ passes it
        // through a hidden pointer. Everything else agrees.
        assert_eq!(
            failed,
            [
                "root_cvocab_issue__signature__then_matches_c",
                "root_cvocab_redeem__signature__then_matches_c"
            ],
            "CXX={cxx}:\n{}",
            out.both()
        );
        let report =
            failure_of(&out.stdout, "root_cvocab_redeem__signature__then_matches_c").unwrap();
        assert!(report.contains("signature of `redeem` does not match C `int32_t cvocab::redeem(cvocab::Ticket)`:\n  parameter 1 (`ticket`): Rust `root::cvocab::Ticket` (4 bytes, struct, union or enum), C `cvocab::Ticket` (4 bytes, class passed through a hidden pointer (non-trivial copy constructor or destructor))"), "CXX={cxx}: {report}");
        for passed in [
            // Through a reference; a nested namespace; a virtual method (`this` as `void *`).
            "root_cvocab_add__signature__then_matches_c",
            "root_cvocab_inner_twice__signature__then_matches_c",
            "root_cvocab_shape_area__signature__then_matches_c",
            // An `enum class` bound as a Rust enum; a derived class; template instances.
            "root_cvocab_color__layout__then_matches_c",
            "root_cvocab_circle__layout__then_matches_c",
            "root_cvocab_holder__layout__then_matches_c",
            // Reference members, stored as the pointers bindgen binds them as.
            "root_cvocab_view__layout__then_matches_c",
        ] {
            assert!(
                tests_with_outcome(&out.stdout, "ok").contains(&passed.to_string()),
                "CXX={cxx} {passed}"
            );
        }
    }
}

#[test]
fn bugs_planted_in_bindgens_cpp_vocabulary_are_each_caught() {
    let binary = test_binary("bindgen-vocabulary", "cpp_broken");
    for cxx in COMPILERS {
        let expected = run_with_env(&binary, &[], &[("CXX", cxx)]);
        assert!(expected.status.success(), "CXX={cxx}:\n{}", expected.both());
        let out = run_with_env(&binary, &["--ignore-expectations"], &[("CXX", cxx)]);
        let reports = [
            ("root_cvocab_color__layout__then_matches_c", "  (size)                             2                      1\n  (align)                            2                      1\n  Color::Blue (cvocab::Color::Blue)  = 8                    = 4"),
            ("root_cvocab_mix__signature__then_matches_c", "return: Rust `root::cvocab::Color` (2 bytes, struct, union or enum), C `cvocab::Color` (1 byte, unsigned int)"),
            ("root_cvocab_inner_twice__signature__then_matches_c", "signature of `twice` does not match C `int64_t cvocab::inner::twice(int64_t)`:\n  return: Rust `i32` (4 bytes, signed int), C `int64_t` (8 bytes, signed int)"),
            ("root_cvocab_shape_count__static__then_matches_c", "type: Rust `i64` (8 bytes, signed int), C (4 bytes, signed int)"),
            ("root_cvocab_point_dimensions__value__then_matches_c", "constant `root::cvocab::Point_DIMENSIONS` does not match C `cvocab::Point::DIMENSIONS`:\n  Rust: integer 3\n     C: integer 2"),
            ("root_cvocab_circle__layout__then_matches_c", "  (size)  8                      24\n  radius  0 / 8 / float          16 / 8 / float"),
            ("root_cvocab_add__signature__then_matches_c", "signature of `add` does not match C `int32_t cvocab::add(const cvocab::Point &, const cvocab::Point &)`:\n  C takes 2 parameters, Rust declares 1"),
            ("root_cvocab_view__layout__then_matches_c", "  (size)  16                     24\n  first   0 / 4 / signed int     0 / 8 / pointer"),
            ("root_cvocab_issue__signature__then_matches_c", "class passed through a hidden pointer"),
            ("root_cvocab_redeem__signature__then_matches_c", "class passed through a hidden pointer"),
        ];
        let mut failed = tests_with_outcome(&out.stdout, "FAILED");
        failed.sort();
        let mut expected: Vec<&str> = reports.iter().map(|(t, _)| *t).collect();
        expected.sort();
        assert_eq!(failed, expected, "CXX={cxx}:\n{}", out.stdout);
        for (test, needle) in reports {
            let report = failure_of(&out.stdout, test).unwrap();
            assert!(
                report.contains(needle),
                "CXX={cxx} {test}: {needle}\n{report}"
            );
        }
    }
}

#[test]
fn a_cxx_bridges_cpp_side_is_tested_from_cpp_bodies_including_its_generated_header() {
    let binary = test_binary("cxx-bridge-example", "cpp_side");
    for cxx in COMPILERS {
        let out = run_with_env(&binary, &[], &[("CXX", cxx)]);
        assert!(out.status.success(), "CXX={cxx}:\n{}", out.both());
        let mut passed = tests_with_outcome(&out.stdout, "ok");
        passed.sort();
        assert_eq!(
            passed,
            [
                "tally__blank_text__then_unchanged",
                "tally__text_not_utf8__then_cxx_throws_into_rust",
                "tally__three_words_from_cpp__then_each_weighed_by_rust",
                "word_weight__rust_function_called_from_cpp__then_rusts_answer",
            ],
            "CXX={cxx}"
        );
        // cxx's own exception, thrown in its library's code (linked into the test binary):
        // named with its type, its what() and the function that threw it.
        let out = run_with_env(&binary, &["--ignore-expectations", "utf8"], &[("CXX", cxx)]);
        let test = "tally__text_not_utf8__then_cxx_throws_into_rust";
        let report = failure_of(&out.stdout, test).unwrap();
        assert!(
            report.starts_with("the test process was killed by SIGABRT (abort), signal 6: a C++ exception unwound out of an `extern \"C\"` function into Rust, which cannot catch it (catch it in the C++ function and return an error)\n  the C++ exception in flight (thrown, not caught by C++): std::invalid_argument: \"data for rust::Str is not utf-8\"\n  where it was thrown (innermost first):\n    void rust::cxxbridge1::panic<std::invalid_argument>(char const*)+0x"),
            "CXX={cxx}: {report}"
        );
    }
}

/// On a real C++ library (Debian's tinyxml2): a document parsed from C++ and through the
/// bindings agrees; under AddressSanitizer a document never deleted is named at its `new`; a
/// sweep failing each allocation of a parse finds tinyxml2's `operator new` failures unhandled,
/// each named with the library's frames.
#[test]
fn a_cpp_librarys_leak_and_unhandled_allocation_failures_are_found() {
    let binary = test_binary("tinyxml2-sys-example", "behaviour");
    let out = run_with_env(&binary, &[], &[]);
    assert!(out.status.success(), "{}", out.both());

    let leak = "leak__document_never_deleted__then_leak_named";
    let out = run_with_env(&binary, &["--sanitize", "address", "--exact", leak], &[]);
    assert!(out.status.success(), "{}", out.both());
    let args = [
        "--sanitize",
        "address",
        "--ignore-expectations",
        "--exact",
        leak,
    ];
    let out = run_with_env(&binary, &args, &[]);
    let report = failure_of(&out.stdout, leak).unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with("AddressSanitizer found leak in this test:\nERROR: LeakSanitizer: detected memory leaks\n"),
        "{report}"
    );
    assert!(
        report.contains(" in parse_and_forget examples/tinyxml2-sys/tests/behaviour.rs:52\n"),
        "{report}"
    );

    let sweep = "sweep__allocations_fail_during_parse__then_the_unhandled_ones_named";
    let out = run_with_env(&binary, &["--ignore-expectations", "--exact", sweep], &[]);
    let report = failure_of(&out.stdout, sweep).unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with("fault sweep: C made 4 allocations in the test; 4 runs, each with the k-th allocation failing: 4 not handled (0 handled):\n  k=1 malloc(62): killed by SIGABRT (abort), signal 6: a C++ exception unwound out of an `extern \"C\"` function into Rust"),
        "{report}"
    );
    assert!(
        report.contains("      from tinyxml2::XMLDocument::Parse(char const*, unsigned long)+0x"),
        "{report}"
    );
    assert!(
        report.contains(
            "      from parse_small_document (examples/tinyxml2-sys/tests/behaviour.rs:71)"
        ),
        "{report}"
    );
    // Thrown inside libstdc++ (its operator new), recorded all the same.
    assert!(
        report.contains("        the C++ exception in flight (thrown, not caught by C++): std::bad_alloc: \"std::bad_alloc\"\n"),
        "{report}"
    );
}

/// `--coverage` counts C++ bodies as C bodies: each line with the tests that reached it.
#[test]
fn coverage_counts_cpp_bodies_lines_by_test() {
    let dir = std::env::temp_dir().join(format!("ffi-test-cpp-coverage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = run_with_env(
        &test_binary("cpp-bodies", "cpp"),
        &["--coverage", dir.to_str().unwrap()],
        &[],
    );
    assert!(out.status.success(), "{}", out.both());
    let source = std::fs::read_to_string(format!(
        "{}/examples/cpp-bodies/tests/cpp.rs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let line = |needle: &str| 1 + source.lines().position(|l| l.contains(needle)).unwrap();
    let summed = line("return std::accumulate(items, items + n, T{});");
    let by_test = std::fs::read_to_string(dir.join("by-test.txt")).unwrap();
    assert!(
        by_test.contains(&format!(
            "examples/cpp-bodies/tests/cpp.rs:{summed}  template__summed_for_two_types__then_each_instance_answers\n"
        )),
        "{by_test}"
    );
    assert!(
        out.stdout.contains("  examples/cpp-bodies/tests/cpp.rs "),
        "{}",
        out.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Under valgrind or ASan, C++'s `operator new` is the checker's own and allocates without
/// `malloc`: a sweep of a C++ body that sees no allocation it can fail says so (not checked),
/// instead of passing as if nothing had allocated.
#[test]
fn a_cpp_sweep_under_a_checker_owning_new_is_not_checked_and_says_why() {
    let test = "sweep__operator_new_fails_uncaught__then_the_allocation_named";
    let binary = test_binary("cpp-bodies", "cpp");
    for (checker, args) in [
        ("valgrind", &["--valgrind"][..]),
        ("AddressSanitizer", &["--sanitize", "address"][..]),
    ] {
        let mut all = args.to_vec();
        all.extend(["--exact", test]);
        let out = run_with_env(&binary, &all, &[]);
        assert!(out.status.success(), "{checker}: {}", out.both());
        assert!(
            out.stdout.contains(&format!(
                "ignored (not checked: the fault sweep saw no allocation to fail: under {checker}, C++'s operator new is {checker}'s own"
            )),
            "{checker}: {}",
            out.stdout
        );
    }
}

/// valgrind names a C++ body's leak at its `new`, as ASan does.
#[test]
fn valgrind_names_the_cpp_object_never_deleted() {
    let test = "leak__cpp_object_never_deleted__then_leak_named";
    let binary = test_binary("cpp-bodies", "cpp");
    let out = run_with_env(&binary, &["--valgrind", "--exact", test], &[]);
    assert!(out.status.success(), "{}", out.both());
    let args = ["--valgrind", "--ignore-expectations", "--exact", test];
    let out = run_with_env(&binary, &args, &[]);
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        report.starts_with("valgrind found leak in this test:\nvalgrind memcheck: 76 (32 direct, 44 indirect) bytes in 1 blocks are definitely lost"),
        "{report}"
    );
    assert!(
        report.contains(": open_session_and_forget (cpp.rs:197)\n"),
        "{report}"
    );
}

/// `new (std::nothrow)` under a sweep: the failed allocation returns null (libstdc++ catches its
/// own bad_alloc, which clears the record of it), the body checks, and the run is handled.
#[test]
fn a_sweep_over_nothrow_new_finds_every_failure_handled() {
    let test = "sweep__nothrow_new_failure_checked__then_every_run_handled";
    let binary = test_binary("cpp-bodies", "cpp");
    let out = run_with_env(&binary, &["--show-output", "--exact", test], &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(
        out.stdout.contains("fault sweep: C made 1 allocation in the test; 1 run, each with the k-th allocation failing: every failure handled (1 run)"),
        "{}",
        out.stdout
    );
}

/// C++ prebuilt for a binary serves it with no C++ compiler and no clang: the C++ bodies, and
/// a C++ surface whose declarations were read from clang's AST when it was prebuilt.
#[test]
fn prebuilt_cpp_serves_bodies_and_a_cpp_surface_without_a_compiler() {
    for (package, dir_name, test, passed) in [
        (
            "cpp-bodies",
            "cpp-bodies",
            "cpp",
            "test result: ok. 10 passed",
        ),
        (
            "tinyxml2-sys-example",
            "tinyxml2-sys",
            "surface",
            "test result: ok. 252 passed; 0 failed; 3 ignored",
        ),
    ] {
        let dir = ffi_test_suite::TempDir::new("prebuilt-cpp");
        std::fs::create_dir(dir.path().join("deps")).unwrap();
        let binary = dir.path().join("deps").join(test);
        std::fs::copy(test_binary(package, test), &binary).unwrap();
        let cache = dir.path().join("cache");
        let cache = cache.to_str().unwrap();
        let package_dir = ffi_test_suite::workspace_root()
            .join("examples")
            .join(dir_name);
        let prebuild = [("FFI_TEST_PREBUILD", "1"), ("FFI_TEST_CACHE_DIR", cache)];
        let mut cmd = ffi_test_suite::command(&binary);
        cmd.current_dir(&package_dir).envs(prebuild);
        let kept = cmd.output().unwrap();
        assert!(kept.status.success(), "{package}: {kept:?}");
        let mut cmd = ffi_test_suite::command(&binary);
        cmd.current_dir(&package_dir).envs([
            ("FFI_TEST_PREBUILT", "only"),
            ("CC", "/nonexistent/cc"),
            ("CXX", "/nonexistent/c++"),
            ("FFI_TEST_CLANGXX", "/nonexistent/clang++"),
            ("FFI_TEST_CACHE_DIR", cache),
        ]);
        let served = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&served.stdout);
        assert!(served.status.success(), "{package}: {stdout}");
        assert!(stdout.contains(passed), "{package}: {stdout}");
    }
}
