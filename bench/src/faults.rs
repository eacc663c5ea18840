//! Section h: fault-injection sweeps. A test whose C body makes 200 allocations, each from its
//! own call site and each checked, swept (a counting run, then one run per allocation, each in
//! its own child), plainly and under `--sanitize address`, against the same test run once.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::corpus::{manifest, write_crate};
use crate::measure::measure;
use crate::report::{Goal, Row};
use crate::{test_command, Bench};

/// Allocation sites in the swept body.
const SITES: usize = 200;

/// The corpus: one test swept (`fail_allocs`) and the same body run once.
fn corpus(root: &Path, ffi_test: &Path) -> PathBuf {
    let dir = root.join("faults");
    let mut c = String::from("#include <stdlib.h>\n    int allocate_all(void) {\n        void *p[");
    let _ = writeln!(c, "{SITES}] = {{0}};\n        int ok = 1;");
    for i in 0..SITES {
        let _ = writeln!(
            c,
            "        if (ok && !(p[{i}] = malloc({}))) ok = 0;",
            8 + i
        );
    }
    let _ = write!(
        c,
        "        for (int i = 0; i < {SITES}; i++) free(p[i]);\n        return ok ? 0 : -1;\n    }}\n"
    );
    let body = |name: &str, attr: &str| {
        format!(
            "#[ffi_test({attr}c = r#\"\n    {c}\"#)]\nfn {name}() -> Result<(), String> {{\n    extern \"C\" {{ fn allocate_all() -> i32; }}\n    // SAFETY: no arguments; it frees what it allocates.\n    match unsafe {{ allocate_all() }} {{\n        0 => Ok(()),\n        _ => Err(\"out of memory\".into()),\n    }}\n}}\n\n"
        )
    };
    let mut tests = String::from("use ffi_test::ffi_test;\n\n");
    tests.push_str(&body(
        "sweep__200_sites__then_every_failure_handled",
        "fail_allocs, ",
    ));
    tests.push_str(&body("once__200_sites__then_allocated", ""));
    tests.push_str("ffi_test::main!();\n");
    write_crate(
        &dir,
        &[
            (
                "Cargo.toml",
                manifest("bench-faults", ffi_test, "", &[("faults", false)]),
            ),
            ("src/lib.rs", String::new()),
            ("tests/faults.rs", tests),
        ],
    );
    dir
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let dir = corpus(&b.root, &b.ffi_test());
    let exe = b.build_test(&dir, "faults");
    let (exe, dir) = (&exe, &dir);
    let run = |args: &'static [&'static str]| {
        // Once untimed: the C body and the injector compiled into the C cache.
        let _ = test_command(exe, args).current_dir(dir).output();
        measure(
            b.runs,
            || {},
            move || {
                let mut cmd = test_command(exe, args);
                cmd.current_dir(dir);
                cmd
            },
        )
    };
    const SWEEP: &[&str] = &["--exact", "sweep__200_sites__then_every_failure_handled"];
    const SWEEP_ASAN: &[&str] = &[
        "--exact",
        "sweep__200_sites__then_every_failure_handled",
        "--sanitize",
        "address",
    ];
    const ONCE: &[&str] = &["--exact", "once__200_sites__then_allocated"];
    const ONCE_ASAN: &[&str] = &[
        "--exact",
        "once__200_sites__then_allocated",
        "--sanitize",
        "address",
    ];
    let once = run(ONCE);
    let once_asan = run(ONCE_ASAN);
    rows.push(
        Row::new(
            "h. fault sweeps",
            "a test with 200 allocation sites, swept (201 runs)",
            run(SWEEP),
        )
        .against("the same test run once", Ok(once), Goal::WithinSecs(0.3)),
    );
    rows.push(
        Row::new(
            "h. fault sweeps",
            "the same sweep under --sanitize address",
            run(SWEEP_ASAN),
        )
        .against(
            "the test run once under --sanitize address",
            Ok(once_asan),
            Goal::Report,
        ),
    );
    libcurl(b, rows);
}

/// libcurl's start swept whole (examples/libcurl-sys's sweep: 2,923 runs), shown beside a binary
/// linking libcurl started once, for scale. Issue 27's goal: under 30 s.
fn libcurl(b: &Bench, rows: &mut Vec<Row>) {
    let exe = b.build_workspace_test("libcurl-sys-example", "sweep");
    let dir = b.repo.join("examples/libcurl-sys");
    let command = |args: &[&str]| {
        let mut cmd = test_command(&exe, args);
        cmd.current_dir(&dir);
        cmd
    };
    let _ = command(&[]).output();
    let swept = measure(b.runs, || {}, || command(&[]));
    let plain = b.build_workspace_test("libcurl-sys-example", "surface");
    let once = measure(
        b.runs,
        || {},
        || {
            let mut cmd = test_command(&plain, &["--list"]);
            cmd.current_dir(&dir);
            cmd
        },
    );
    rows.push(
        Row::new(
            "h. fault sweeps",
            "libcurl's start (curl_easy_init + setopt), swept whole (2,923 runs)",
            swept,
        )
        .against(
            "a binary linking libcurl, started once (--list)",
            Ok(once),
            Goal::WithinSecs(30.0),
        ),
    );
}
