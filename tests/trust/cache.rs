//! Class 7: the C cache's trust rules: directories others control, planted links, damaged
//! entries, failed compiles, shadowed headers.

use super::*;

/// Runs the crash corpus's `passing__` tests (one with a C body, two without) with `cache` as
/// the C cache directory.
fn passing_tests_with_cache(cache: &std::path::Path, env: &[(&str, &str)]) -> ffi_test_suite::Run {
    let mut all = vec![("FFI_TEST_CACHE_DIR", cache.to_str().unwrap())];
    all.extend_from_slice(env);
    run_with_env(
        &test_binary("crash-corpus", "crashes"),
        &["passing__"],
        &all,
    )
}

const RUST_ONLY: [&str; 2] = [
    "passing__plain_rust__then_ok",
    "passing__sorted_after_the_crashes__then_still_runs",
];
const WITH_C: &str = "passing__c_body_prints_and_adds__then_sum_returned";

fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Class 7: a cache directory others could write (itself, or a directory above it that is not
/// sticky) or that another user owns is refused with its path, owner and mode; tests without C
/// are not affected.
#[test]
fn cache_directories_others_control_are_refused() {
    let tmp = TempDir::new("cache-trust");
    let open = tmp.path().join("open");
    std::fs::create_dir(&open).unwrap();
    chmod(&open, 0o777);
    let out = passing_tests_with_cache(&open, &[]);
    assert_outcomes(
        &out,
        &[(
            WITH_C,
            &[
                "refusing the C cache directory",
                "open: it is writable by others",
                "mode 777",
            ],
        )],
        &RUST_ONLY,
    );

    let loose = tmp.path().join("loose");
    std::fs::create_dir(&loose).unwrap();
    chmod(&loose, 0o777);
    let out = passing_tests_with_cache(&loose.join("cache"), &[]);
    assert_outcomes(
        &out,
        &[(
            WITH_C,
            &[
                "the directory",
                "loose above it is writable by others and not sticky",
                "mode 777",
            ],
        )],
        &RUST_ONLY,
    );

    // SAFETY: geteuid(2) cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
        let out = passing_tests_with_cache(&theirs, &[]);
        assert_outcomes(
            &out,
            &[(
                WITH_C,
                &[
                    "theirs: it is owned by",
                    "uid 65534",
                    "not by the user running the tests",
                ],
            )],
            &RUST_ONLY,
        );
        // Accepted before: a parent owned by another user (who can swap the cache while a
        // compile runs), even a sticky one; a link on the path owned by another user.
        for (parent, mode) in [("their-parent", 0o755), ("their-sticky", 0o1777)] {
            let parent = tmp.path().join(parent);
            std::fs::create_dir(&parent).unwrap();
            chmod(&parent, mode);
            std::os::unix::fs::chown(&parent, Some(65534), Some(65534)).unwrap();
            let out = passing_tests_with_cache(&parent.join("cache"), &[]);
            let above = format!("{} above it is owned by another user", parent.display());
            assert_outcomes(
                &out,
                &[(WITH_C, &[above.as_str(), "uid 65534"])],
                &RUST_ONLY,
            );
        }
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = tmp.path().join("their-link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        std::os::unix::fs::lchown(&link, Some(65534), Some(65534)).unwrap();
        let out = passing_tests_with_cache(&link.join("cache"), &[]);
        assert_outcomes(
            &out,
            &[(
                WITH_C,
                &[
                    "its path goes through the link",
                    "their-link, owned by",
                    "uid 65534",
                ],
            )],
            &RUST_ONLY,
        );
    } else {
        eprintln!(
            "not root: the cases of directories and links owned by another user need chown and are not run"
        );
    }

    // Accepted before: a parent writable by its group.
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o775);
    let out = passing_tests_with_cache(&shared.join("cache"), &[]);
    assert_outcomes(
        &out,
        &[(
            WITH_C,
            &[
                "shared above it is writable by its group and not sticky",
                "mode 775",
            ],
        )],
        &RUST_ONLY,
    );
}

/// Class 7: an object in the cache replaced by a link to someone else's object is never
/// loaded (the link is not followed; the object is rebuilt).
#[test]
fn a_link_planted_in_the_cache_is_never_followed() {
    let tmp = TempDir::new("cache-link");
    let cache = tmp.path().join("cache");
    let first = passing_tests_with_cache(&cache, &[]);
    assert!(first.status.success(), "{}", first.both());

    let evil_c = tmp.path().join("evil.c");
    let evil_so = tmp.path().join("evil.so");
    let marker = tmp.path().join("constructor-ran");
    std::fs::write(
        &evil_c,
        "#include <stdio.h>\n#include <stdlib.h>\n__attribute__((constructor)) static void evil(void) {\n\
         const char *m = getenv(\"HOSTILE_MARKER\"); if (m) { FILE *f = fopen(m, \"w\"); if (f) fclose(f); } }\n",
    )
    .unwrap();
    let cc = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&evil_so)
        .arg(&evil_c)
        .status()
        .unwrap();
    assert!(cc.success());
    let mut planted = 0;
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "so") {
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(&evil_so, &path).unwrap();
            planted += 1;
        }
    }
    assert!(planted > 0, "no object in the cache to replace");
    let again = passing_tests_with_cache(&cache, &[("HOSTILE_MARKER", marker.to_str().unwrap())]);
    assert!(again.status.success(), "{}", again.both());
    assert!(!marker.exists(), "the planted object's constructor ran");
}

/// Class 7: a compile that failed for a reason outside the code leaves nothing in the cache:
/// the driver killed by a signal, one of its programs killed (`cc1`, as the OOM killer does),
/// and a full disk (the real gcc writing to /dev/full). The next run compiles again and passes
/// (each used to report "does not compile" until the cache was wiped).
#[test]
fn a_compile_that_failed_outside_the_code_is_not_cached() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("cache-killed-cc");
    let trigger = tmp.path().join("fail-the-compiler");
    let script = |name: &str, text: String| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    let t = trigger.display();
    // gcc's -wrapper runs each of its programs through the script: the real cc1, killed or
    // writing its output to the full device.
    let killer = script(
        "kill-cc1",
        format!("#!/bin/sh\ncase \"$1\" in *cc1) [ -e '{t}' ] && kill -9 $$;; esac\nexec \"$@\"\n"),
    );
    let filler = script(
        "fill-cc1",
        format!(
            "#!/bin/sh\ncase \"$1\" in *cc1) if [ -e '{t}' ]; then prog=\"$1\"; shift; prev=\n\
             for a in \"$@\"; do shift; [ \"$prev\" = -o ] && a=/dev/full; set -- \"$@\" \"$a\"; prev=\"$a\"; done\n\
             exec \"$prog\" \"$@\"; fi;; esac\nexec \"$@\"\n"
        ),
    );
    let cases = [
        (
            script(
                "cc-killed",
                format!("#!/bin/sh\nfor a in \"$@\"; do if [ \"$a\" = -shared ] && [ -e '{t}' ]; then kill -9 $$; fi; done\nexec cc \"$@\"\n"),
            ),
            "was killed by signal 9; nothing was cached, the next run compiles again",
        ),
        (
            script("cc-cc1-killed", format!("#!/bin/sh\nexec cc -wrapper '{}' \"$@\"\n", killer.display())),
            "failed for a reason outside the code (one of its programs was killed); nothing was cached",
        ),
        (
            script("cc-disk-full", format!("#!/bin/sh\nexec cc -wrapper '{}' \"$@\"\n", filler.display())),
            "failed for a reason outside the code (the disk is full); nothing was cached",
        ),
    ];
    for (n, (wrapper, why)) in cases.iter().enumerate() {
        std::fs::write(&trigger, "").unwrap();
        let cache = tmp.path().join(format!("cache-{n}"));
        let env = [("CC", wrapper.to_str().unwrap())];
        let failed = passing_tests_with_cache(&cache, &env);
        assert_outcomes(&failed, &[(WITH_C, &[why])], &RUST_ONLY);
        std::fs::remove_file(&trigger).unwrap();
        let next = passing_tests_with_cache(&cache, &env);
        assert!(next.status.success(), "{}", next.both());
    }
}

/// Class 7: a cached object truncated (a disk that filled while it was written) or replaced
/// is built again, never loaded; one others could write is refused at load time; a FIFO where an entry's list of dependencies was is a miss,
/// and one where its lock was is refused (the unit's parts are then compiled apart, as for a
/// unit that fails). Nothing stalls: before, each FIFO stalled the run for good.
#[test]
fn damaged_cache_entries_are_rebuilt_or_refused_never_loaded_or_waited_on() {
    let tmp = TempDir::new("cache-damaged");
    let cache = tmp.path().join("cache");
    let first = passing_tests_with_cache(&cache, &[]);
    assert!(first.status.success(), "{}", first.both());
    let entries = |suffix: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect()
    };
    let objects = entries(".so");
    assert!(!objects.is_empty());
    for object in &objects {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(object)
            .unwrap();
        file.set_len(100).unwrap();
    }
    let truncated = passing_tests_with_cache(&cache, &[]);
    assert!(truncated.status.success(), "{}", truncated.both());
    for object in &objects {
        assert!(
            std::fs::metadata(object).unwrap().len() > 100,
            "{object:?} not rebuilt"
        );
    }
    // Loaded only if nobody else could have written it since: refused, with the fix.
    chmod(&objects[0], 0o666);
    let writable = passing_tests_with_cache(&cache, &[]);
    assert_outcomes(
        &writable,
        &[(
            WITH_C,
            &[
                "refusing to load",
                "mode 666",
                "remove it, and the next run builds it again",
            ],
        )],
        &RUST_ONLY,
    );
    std::fs::remove_file(&objects[0]).unwrap();
    let mkfifo = |path: &std::path::Path| {
        std::fs::remove_file(path).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    };
    for deps in entries(".deps") {
        mkfifo(&deps);
    }
    let started = Instant::now();
    let fifo_deps = passing_tests_with_cache(&cache, &[]);
    assert!(fifo_deps.status.success(), "{}", fifo_deps.both());
    for lock in entries(".lock") {
        mkfifo(&lock);
    }
    let fifo_lock = passing_tests_with_cache(&cache, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    // The unit whose lock is a FIFO is refused; its parts, compiled apart, pass.
    assert!(fifo_lock.status.success(), "{}", fifo_lock.both());
}

/// Class 7: a cache that cannot be written (here: its path is a file) is replaced by a private
/// temporary one for the run, with a warning; everything passes.
#[test]
fn a_cache_that_cannot_be_written_falls_back_to_a_private_one() {
    let tmp = TempDir::new("cache-unwritable");
    let not_a_dir = tmp.path().join("a-file");
    std::fs::write(&not_a_dir, "").unwrap();
    let out = passing_tests_with_cache(&not_a_dir.join("cache"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(
        out.stderr
            .contains("warning: cannot use the C cache directory")
            && out.stderr.contains("private temporary cache"),
        "{}",
        out.both()
    );
}

/// Class 7: a header that appears earlier in the include path, shadowing the one a cached object
/// was built with, invalidates the object.
#[test]
fn a_header_shadowing_the_one_used_invalidates_the_cache() {
    let binary = test_binary("hostile-c", "shadow");
    // Where examples/hostile-c/tests/shadow.rs looks: its CARGO_TARGET_TMPDIR, which is ours
    // (one target directory), wherever that is.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-shadow");
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["first", "second"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("second/shadow.h"), "#define SHADOW_VALUE 1\n").unwrap();
    let tmp = TempDir::new("cache-shadow");
    let cache = tmp.path().join("cache");
    let env = [("FFI_TEST_CACHE_DIR", cache.to_str().unwrap())];
    let test = "shadow_value__value__then_matches_c";
    let before = run_with_env(&binary, &[], &env);
    assert_outcomes(&before, &[], &[test]);
    std::fs::write(root.join("first/shadow.h"), "#define SHADOW_VALUE 2\n").unwrap();
    let after = run_with_env(&binary, &[], &env);
    assert_outcomes(&after, &[(test, &["Rust: integer 1", "C: integer 2"])], &[]);
    std::fs::remove_file(root.join("first/shadow.h")).unwrap();
    let reverted = run_with_env(&binary, &[], &env);
    assert_outcomes(&reverted, &[], &[test]);
}

/// A static library linked into a cached C object is part of its key: rebuilt with another
/// value, the test sees the new value (it kept passing from the cache before).
#[test]
fn a_rebuilt_static_library_is_not_served_from_the_cache() {
    let binary = test_binary("hostile-c", "static_lib");
    let tmp = TempDir::new("static-lib");
    let lib = tmp.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    let build = |value: i32| {
        let source = lib.join("value.c");
        std::fs::write(
            &source,
            format!("int static_lib_value(void) {{ return {value}; }}\n"),
        )
        .unwrap();
        let object = lib.join("value.o");
        let cc = std::process::Command::new("cc")
            .args(["-c", "-fPIC", "-o"])
            .arg(&object)
            .arg(&source)
            .status()
            .unwrap();
        assert!(cc.success());
        let _ = std::fs::remove_file(lib.join("libstaticvalue.a"));
        let ar = std::process::Command::new("ar")
            .arg("rcs")
            .arg(lib.join("libstaticvalue.a"))
            .arg(&object)
            .status()
            .unwrap();
        assert!(ar.success());
    };
    let cache = tmp.path().join("cache");
    let cflags = format!(
        "-L{} -Wl,--whole-archive -lstaticvalue -Wl,--no-whole-archive",
        lib.display()
    );
    let env = [
        ("FFI_TEST_CACHE_DIR", cache.to_str().unwrap()),
        ("CFLAGS", cflags.as_str()),
    ];
    let test = "static_lib__body_calls_the_linked_library__then_sees_its_current_value";
    build(1);
    let first = run_with_env(&binary, &[], &env);
    assert_outcomes(&first, &[], &[test]);
    build(2);
    let rebuilt = run_with_env(&binary, &[], &env);
    assert_outcomes(&rebuilt, &[(test, &["left: 2", "right: 1"])], &[]);
}

/// A link name of a bindings file that is not a C name never reaches C (it made the unit say
/// `#error injected`): the item is listed with the reason; a versioned name is still checked.
#[test]
fn a_bindings_files_link_name_is_never_pasted_into_c() {
    let out = run(&test_binary("hostile-c", "surface_names"), &[]);
    assert_outcomes(
        &out,
        &[],
        &[
            "abs__signature__then_matches_c",
            "versioned_cfgetispeed__signature__then_matches_c",
        ],
    );
    assert!(
        out.stdout.contains(
            "not checked: fn labs_injected: its `link_name` \"labs\\n#error injected by a \
             link_name\" is not a C identifier (optionally `@VERSION`): it is never pasted into \
             generated C\n"
        ),
        "{}",
        out.stdout
    );
}

/// Class 9: fields under `#[cfg]` and renames under `#[cfg_attr]` are checked as compiled in
/// (a wrong type on one is caught and named), and raw identifiers lose their `r#`.
#[test]
fn conditional_fields_are_checked_as_compiled_in() {
    let binary = test_binary("hostile-c", "guards");
    let out = run(&binary, &["--ignore-expectations"]);
    assert_outcomes(
        &out,
        &[(
            "conditional_wrong__layout__then_matches_c",
            &["always  0 / 4 / unsigned int   0 / 4 / signed int"],
        )],
        &[
            "conditional__layout__then_matches_c",
            "match__raw_identifier_test_name__then_listed_without_prefix",
            "variadic__declared_without_fixed_parameters__then_bound_and_called",
        ],
    );
    let list = run(&binary, &["--list"]);
    assert!(!list.stdout.contains("r#"), "{}", list.stdout);
}

/// Class 9: a test target that forgot `harness = false` does not build, and the error says what
/// to add (it used to run zero tests and pass).
#[test]
fn a_missing_harness_false_is_a_compile_error() {
    let root = ffi_test_suite::workspace_root();
    let tmp = TempDir::new("forgot-harness");
    let files = ["tests/ffi.rs", "src/lib.rs"];
    let copy = ffi_test_suite::fixture_crate("forgot-harness-false", &files, tmp.path());
    let out = cargo()
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .args(["test", "--no-run", "--offline", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("ffi_test::main! needs its test target to use ffi-test's harness")
            && stderr.contains("harness = false")
            && stderr.contains("tests/ffi.rs:6:1"),
        "{stderr}"
    );
}
