//! Issue 30's row: a differential test's cases per second against calling both sides in a plain
//! loop. The same Rust function and C expression (`WEXITSTATUS`'s arithmetic) over 100,000
//! inputs: through `#[ffi_differential]` (proptest's generation and bookkeeping, the harness's
//! child, the C compiled at test time) and through a loop over a xorshift sequence calling the
//! same C, compiled by the crate's build script.

use std::path::Path;

use crate::corpus::{manifest, write_crate};
use crate::measure::measure;
use crate::report::{Goal, Row};
use crate::Bench;

/// Inputs each way.
pub const CASES: u32 = 100_000;

const C_EXPR: &str = "(status & 0xff00) >> 8";

fn corpus(root: &Path, ffi_test: &Path) -> std::path::PathBuf {
    let dir = root.join("differential");
    let deps = "\n[build-dependencies]\ncc = \"1\"\n";
    let diff = format!(
        "#[ffi_test::ffi_differential(c = \"{C_EXPR}\", cases = {CASES})]\n\
         fn exit_status(status: i32) -> i32 {{\n    (status >> 8) & 0xff\n}}\n\n\
         ffi_test::main!();\n"
    );
    let plain = format!(
        "// The package's library carries the C the build script compiled.\n\
         extern crate bench_differential as _;\n\n\
         extern \"C\" {{\n    fn c_exit_status(status: i32) -> i32;\n}}\n\n\
         fn exit_status(status: i32) -> i32 {{\n    (status >> 8) & 0xff\n}}\n\n\
         fn main() {{\n    let mut x: u32 = 0x9e37_79b9;\n    let mut disagree = 0u32;\n    \
         for _ in 0..{CASES} {{\n        x ^= x << 13;\n        x ^= x >> 17;\n        x ^= x << 5;\n        \
         let status = std::hint::black_box(x as i32);\n        \
         // SAFETY: a plain C function of an int.\n        \
         if exit_status(status) != unsafe {{ c_exit_status(status) }} {{\n            disagree += 1;\n        }}\n    }}\n    \
         assert_eq!(disagree, 0);\n}}\n"
    );
    write_crate(
        &dir,
        &[
            (
                "Cargo.toml",
                manifest(
                    "bench-differential",
                    ffi_test,
                    deps,
                    &[("diff", false), ("plain", false)],
                ),
            ),
            ("src/lib.rs", String::new()),
            (
                "build.rs",
                "fn main() {\n    cc::Build::new().file(\"c/exit_status.c\").compile(\"exit_status\");\n}\n"
                    .into(),
            ),
            (
                "c/exit_status.c",
                format!("int c_exit_status(int status) {{ return {C_EXPR}; }}\n"),
            ),
            ("tests/diff.rs", diff),
            ("tests/plain.rs", plain),
        ],
    );
    dir
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let dir = corpus(&b.root, &b.ffi_test());
    let diff = b.build_test(&dir, "diff");
    let plain = b.build_test(&dir, "plain");
    let cache = b.fresh_dir("differential-cache");
    let ours = measure(
        b.runs,
        || {},
        || {
            let mut cmd = crate::test_command(&diff, &[]);
            cmd.env("FFI_TEST_CACHE_DIR", &cache).current_dir(&dir);
            cmd
        },
    );
    let peer = measure(b.runs, || {}, || crate::test_command(&plain, &[]));
    rows.push(
        Row::new(
            "p. differential test, 100,000 inputs",
            "#[ffi_differential] (generated, checked, in the test's process)",
            ours,
        )
        .against("both sides called in a plain loop", Ok(peer), Goal::Report),
    );
}
