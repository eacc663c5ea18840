//! End-to-end: C bodies compiled at test start: per-test attribution of compile errors, clear
//! errors for missing symbols, headers and compilers, cache safety under concurrency and edits.

use std::path::{Path, PathBuf};
use std::process::Command;

use ffi_test_suite::{
    command, failure_of, run_with_env, test_binary, tests_with_outcome, workspace_root, TempDir,
};

fn run_fresh(binary: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> ffi_test_suite::Run {
    let cache = TempDir::new("cache");
    let cache_path = cache.path().to_string_lossy().into_owned();
    let mut env = vec![("FFI_TEST_CACHE_DIR", cache_path.as_str())];
    env.extend_from_slice(extra_env);
    run_with_env(binary, args, &env)
}

#[test]
fn syntax_error_fails_only_its_own_test_with_the_compilers_message_and_rust_line() {
    let out = run_fresh(&test_binary("broken-c-bodies", "syntax_error"), &[], &[]);
    assert!(!out.status.success());
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        ["broken__c_body_has_syntax_error__then_only_this_test_fails"],
        "{}",
        out.both()
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "good__c_body_compiles__then_returns_seven",
            "good__second_c_body_compiles__then_returns_twenty",
            "plain__rust_only__then_passes"
        ]
    );
    let report = failure_of(
        &out.stdout,
        "broken__c_body_has_syntax_error__then_only_this_test_fails",
    )
    .expect(&out.stdout);
    // Line 18 of the Rust file is `return 1 +;` inside the attribute's C text.
    assert!(
        report.contains("examples/broken-c-bodies/tests/syntax_error.rs:18:"),
        "{report}"
    );
    assert!(report.contains("error: expected expression"), "{report}");
    assert!(
        report.contains("In function 'broken'"),
        "internal symbol prefix leaked: {report}"
    );
}

#[test]
fn undefined_declared_functions_are_named_before_the_test_runs() {
    let out = run_fresh(&test_binary("broken-c-bodies", "missing_symbol"), &[], &[]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        ["plain__rust_only__then_passes"],
        "{}",
        out.both()
    );
    let misspelled = failure_of(
        &out.stdout,
        "total__declared_name_misspelled__then_missing_symbol_named",
    )
    .expect(&out.stdout);
    assert!(
        misspelled.contains("does not define `compute_totl`"),
        "{misspelled}"
    );
    let hidden = failure_of(
        &out.stdout,
        "hidden__declared_fn_is_static__then_missing_symbol_named",
    )
    .expect(&out.stdout);
    assert!(
        hidden.contains("does not define `hidden`") && hidden.contains("`static`"),
        "{hidden}"
    );
}

#[test]
fn a_c_body_from_a_file_is_reported_at_its_line_and_shared_by_tests() {
    let out = run_fresh(&test_binary("broken-c-bodies", "c_file_error"), &[], &[]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "seven__c_file_shared_first__then_returns_seven",
            "seven__c_file_shared_second__then_returns_seven"
        ],
        "{}",
        out.both()
    );
    let report = failure_of(
        &out.stdout,
        "broken__c_file_has_syntax_error__then_its_line_named",
    )
    .expect(&out.stdout);
    assert!(
        report.contains("tests/c/broken.c:4:15: error: expected expression before ';' token"),
        "{report}"
    );
}

#[test]
fn a_symbol_no_loaded_library_defines_is_reported_with_what_is_missing() {
    let out = run_fresh(&test_binary("broken-c-bodies", "missing_library"), &[], &[]);
    let report = failure_of(
        &out.stdout,
        "zlib_version__library_not_in_libs__then_loader_names_symbol",
    )
    .expect(&out.stdout);
    assert!(
        report.contains("its object cannot be loaded: the compiled C bodies could not be loaded: ")
            && report.contains(".so: undefined symbol: zlibVersion\n  hint: `zlibVersion` is not defined by the C bodies or any library they link: add the library that defines it to `libs`"),
        "{report}"
    ); // The symbol is the binary's own: exporting it, not a library, is what is missing.
    let report = failure_of(
        &out.stdout,
        "add_one__rust_symbol_of_the_binary_not_exported__then_export_named",
    )
    .expect(&out.stdout);
    assert!(
        report.contains(
            ".so: undefined symbol: broken_c_bodies_add_one\n  hint: `broken_c_bodies_add_one` is \
             defined in this test binary, which does not export its symbols to the objects it \
             loads: add to the crate's build.rs \
             `println!(\"cargo:rustc-link-arg-tests=-Wl,--export-dynamic\");`"
        ),
        "{report}"
    );
}

#[test]
fn missing_configured_header_is_a_configuration_error_naming_the_header() {
    let out = run_fresh(&test_binary("broken-c-bodies", "missing_header"), &[], &[]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        ["plain__rust_only__then_passes"],
        "{}",
        out.both()
    );
    let report = failure_of(
        &out.stdout,
        "one__configured_header_missing__then_configuration_error",
    )
    .expect(&out.stdout);
    assert!(
        report.contains("C configuration of this test binary does not compile"),
        "{report}"
    );
    assert!(
        report.contains("no_such_header.h: No such file or directory"),
        "{report}"
    );
    assert!(
        report.contains("broken-c-bodies/csrc"),
        "include dirs not listed: {report}"
    );
}

#[test]
fn no_c_compiler_fails_c_tests_with_a_clear_message_and_runs_the_rest() {
    let out = run_fresh(
        &test_binary("broken-c-bodies", "syntax_error"),
        &[],
        &[("CC", "/nonexistent/ffi-test-no-such-cc")],
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        ["plain__rust_only__then_passes"],
        "{}",
        out.both()
    );
    let report =
        failure_of(&out.stdout, "good__c_body_compiles__then_returns_seven").expect(&out.stdout);
    assert!(
        report.contains("no C compiler found")
            && report.contains("/nonexistent/ffi-test-no-such-cc"),
        "{report}"
    );
}

/// C prebuilt for one build of a binary serves that build with no compiler consulted
/// (`FFI_TEST_PREBUILT=only`, a C compiler on PATH all the same), and another binary's C
/// misses, each C test failing with why. (Archives: tests/nextest.rs.)
#[test]
fn prebuilt_c_serves_the_build_it_was_made_for_and_no_other() {
    let dir = TempDir::new("prebuilt");
    std::fs::create_dir(dir.path().join("deps")).unwrap();
    let ffi = dir.path().join("deps/ffi");
    let shared = dir.path().join("deps/shared");
    std::fs::copy(test_binary("registry", "ffi"), &ffi).unwrap();
    std::fs::copy(test_binary("registry", "shared"), &shared).unwrap();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().unwrap();
    let prebuilt = dir.path().join("ffi-test-prebuilt");

    let kept = run_with_env(
        &ffi,
        &[],
        &[("FFI_TEST_PREBUILD", "1"), ("FFI_TEST_CACHE_DIR", cache)],
    );
    assert!(kept.status.success(), "{}", kept.both());
    assert_eq!(
        kept.stdout.trim(),
        format!(
            "ffi-test prebuild: the C of 28 tests kept in {}",
            prebuilt.display()
        )
    );

    let only = [
        ("FFI_TEST_PREBUILT", "only"),
        ("CC", "/nonexistent/ffi-test-no-such-cc"),
        ("FFI_TEST_CACHE_DIR", cache),
    ];
    let served = run_with_env(&ffi, &[], &only);
    assert!(served.status.success(), "{}", served.both());
    assert!(
        served.stderr.contains(&format!(
            "ffi-test: FFI_TEST_PREBUILT=only (this run's C is what `cargo ffi-test prebuild` built, in {})",
            prebuilt.display()
        )),
        "{}",
        served.both()
    );

    let missed = run_with_env(&shared, &[], &only);
    let test = "shared_library__c_body_calls_it__then_results_come_back";
    let report = failure_of(&missed.stdout, test).expect(&missed.stdout);
    let why = format!(
        "FFI_TEST_PREBUILT=only, and {} has no object for this C: it was prebuilt for another build of this test binary",
        prebuilt.display()
    );
    assert!(report.contains(&why), "{report}");
}

#[test]
fn eight_processes_on_an_empty_cache_all_pass_and_compile_once() {
    let binary = test_binary("registry", "ffi");
    let cache = TempDir::new("concurrent-cache");
    let spawned: Vec<_> = (0..8)
        .map(|_| {
            command(&binary)
                .env("FFI_TEST_CACHE_DIR", cache.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn test binary")
        })
        .collect();
    // Drain every child at once: read one after another, a child blocked on a full pipe while
    // holding the cache lock would stall the others behind it.
    let outputs: Vec<std::process::Output> = std::thread::scope(|s| {
        let handles: Vec<_> = spawned
            .into_iter()
            .map(|c| s.spawn(move || c.wait_with_output().expect("wait")))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("join"))
            .collect()
    });
    for out in outputs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("test result: ok."), "{stdout}");
    }
    let objects: Vec<PathBuf> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "so"))
        .collect();
    assert_eq!(
        objects.len(),
        1,
        "expected one shared object, found {objects:?}"
    );
    let leftovers: Vec<PathBuf> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

/// Copies examples/registry into a standalone crate (its own workspace) sharing this target dir.
fn standalone_registry_copy(dir: &Path) -> PathBuf {
    standalone_copy(dir, "registry", &["csrc", "src", "tests"])
}

/// Copies examples/`name` (its `subdirs`, build script and manifest) into a standalone crate.
fn standalone_copy(dir: &Path, name: &str, subdirs: &[&str]) -> PathBuf {
    let root = workspace_root();
    let src = root.join("examples").join(name);
    let copy = dir.join(name);
    for sub in subdirs {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
        for entry in std::fs::read_dir(src.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, copy.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    std::fs::copy(src.join("build.rs"), copy.join("build.rs")).unwrap();
    std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let manifest = std::fs::read_to_string(src.join("Cargo.toml"))
        .unwrap()
        .replace("edition.workspace = true", "edition = \"2021\"")
        .replace("cc.workspace = true", "cc = \"1\"")
        .replace(
            "ffi-test.workspace = true",
            &format!(
                "ffi-test = {{ path = {:?} }}",
                root.join("ffi-test").to_string_lossy()
            ),
        );
    std::fs::write(
        copy.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .unwrap();
    copy
}

/// Builds test `test` of the standalone crate at `copy`; its executable.
fn build_copy(copy: &Path, test: &str) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = Command::new(cargo)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", ffi_test_suite::target_dir())
        .args([
            "test",
            "--no-run",
            "--offline",
            "--message-format=json",
            "--test",
            test,
        ])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let marker = format!("\"name\":\"{test}\",\"src_path\"");
    String::from_utf8_lossy(&build.stdout)
        .lines()
        .filter(|l| l.contains(&marker) && l.contains(&*copy.to_string_lossy()))
        .find_map(|l| {
            l.split("\"executable\":\"")
                .nth(1)?
                .split('"')
                .next()
                .map(PathBuf::from)
        })
        .expect("test executable of the copy")
}

/// A surface's census of its headers is kept in the C cache: a warm run starts no compiler for
/// it, and a declaration added to a header is listed as unbound by the very next run.
#[test]
fn a_declaration_added_to_a_header_is_in_the_next_census() {
    let tmp = TempDir::new("census-edit");
    let copy = standalone_copy(tmp.path(), "bindgen-vocabulary", &["csrc", "src", "tests"]);
    let exe = build_copy(&copy, "vocabulary");
    let cache = tmp.path().join("cache");
    let env = [("FFI_TEST_CACHE_DIR", cache.to_str().unwrap())];
    let census = "bindgen_vocabulary__c_declarations__then_each_has_a_binding";
    let first = run_with_env(&exe, &[census, "--exact"], &env);
    assert!(
        first.stdout.contains("1 passed; 0 failed"),
        "{}",
        first.both()
    );
    let kept = |cache: &Path| -> usize {
        std::fs::read_dir(cache)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "census"))
            .count()
    };
    assert_eq!(kept(&cache), 1);
    let again = run_with_env(&exe, &[census, "--exact"], &env);
    assert!(
        again.stdout.contains("1 passed; 0 failed"),
        "{}",
        again.both()
    );
    assert_eq!(kept(&cache), 1, "a warm run keeps what it found");

    let header = copy.join("csrc/vocabulary.h");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(
        &header,
        text.replace("#endif", "int vocab_added_later(int x);\n\n#endif"),
    )
    .unwrap();
    let after = run_with_env(&exe, &[census, "--exact"], &env);
    let report = failure_of(&after.stdout, census)
        .unwrap_or_else(|| panic!("the added declaration was not seen:\n{}", after.both()));
    assert!(report.contains("function vocab_added_later"), "{report}");
    assert_eq!(kept(&cache), 2);
}

#[test]
fn editing_a_header_in_a_copy_of_an_example_is_picked_up_by_the_next_run() {
    let tmp = TempDir::new("header-edit");
    let copy = standalone_registry_copy(tmp.path());
    let exe = build_copy(&copy, "ffi");
    let cache = tmp.path().join("cache");
    let cache_str = cache.to_string_lossy().into_owned();
    let env = [("FFI_TEST_CACHE_DIR", cache_str.as_str())];
    let test = "constants__registry_max_seen_from_c__then_equals_rust_constant";

    let before = run_with_env(&exe, &[test, "--exact"], &env);
    assert!(
        before.stdout.contains("1 passed; 0 failed"),
        "{}",
        before.both()
    );

    // Edit only the header, and run the very same binary: the C side must be rebuilt.
    let header = copy.join("csrc/registry.h");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(
        &header,
        text.replace("#define REGISTRY_MAX 64", "#define REGISTRY_MAX 65"),
    )
    .unwrap();
    let after = run_with_env(&exe, &[test, "--exact"], &env);
    let report = failure_of(&after.stdout, test)
        .unwrap_or_else(|| panic!("no failure after the edit:\n{}", after.both()));
    assert!(report.contains("C says 65, Rust says 64"), "{report}");

    std::fs::write(&header, text).unwrap();
    let reverted = run_with_env(&exe, &[test, "--exact"], &env);
    assert!(
        reverted.stdout.contains("1 passed; 0 failed"),
        "{}",
        reverted.both()
    );
}
