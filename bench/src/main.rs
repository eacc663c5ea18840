//! `cargo run --release -p ffi-test-bench -- [--runs N] [SECTION...]` reruns ffi-test's
//! comparisons on generated corpora (in target/bench/) and rewrites docs/BENCHMARKS.md. Every
//! figure is the median of N runs (default 5), with the peak resident memory of the largest
//! process; each comparison is also given as a ratio measured in the same run, because absolute
//! times do not carry over between these shared machines.

mod checkers;
mod corpus;
mod differential;
mod faults;
mod measure;
mod memory;
mod peers;
mod pytest;
mod real_surface;
mod report;
mod surface;
mod targets;

use std::path::{Path, PathBuf};
use std::process::Command;

use measure::{cargo, measure, Figure};
use report::{Goal, Row};

struct Bench {
    repo: PathBuf,
    root: PathBuf,
    target: PathBuf,
    runs: usize,
}

impl Bench {
    fn ffi_test(&self) -> PathBuf {
        self.repo.join("ffi-test")
    }

    /// Builds `test` of the crate in `dir` and returns its executable.
    fn build_test(&self, dir: &Path, test: &str) -> PathBuf {
        let out = cargo(dir, &self.target)
            .args(["test", "--no-run", "--message-format=json", "--test", test])
            .output()
            .expect("run cargo");
        assert!(
            out.status.success(),
            "building {}/{test}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        executable(&String::from_utf8_lossy(&out.stdout), test)
    }

    /// Builds a test target of this workspace (an example) and returns its executable.
    fn build_workspace_test(&self, package: &str, test: &str) -> PathBuf {
        let out = cargo(&self.repo, &self.repo.join("target"))
            .args([
                "test",
                "--no-run",
                "--message-format=json",
                "-p",
                package,
                "--test",
                test,
            ])
            .output()
            .expect("run cargo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        executable(&String::from_utf8_lossy(&out.stdout), test)
    }

    fn fresh_dir(&self, name: &str) -> PathBuf {
        let dir = self.root.join("scratch").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

fn executable(cargo_json: &str, test: &str) -> PathBuf {
    let marker = format!("\"name\":\"{test}\",\"src_path\"");
    executables(cargo_json, |l| l.contains(&marker))
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no executable for {test}"))
}

/// The executables of the artifacts of `cargo_json` (cargo's `--message-format=json`) whose
/// line `pick` accepts.
fn executables(cargo_json: &str, pick: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    cargo_json
        .lines()
        .filter(|l| pick(l))
        .filter_map(|l| {
            l.split("\"executable\":\"")
                .nth(1)?
                .split('"')
                .next()
                .map(PathBuf::from)
        })
        .collect()
}

/// A command for a built test binary, as a user runs it (no outer runner's variables).
fn test_command(exe: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env_remove("NEXTEST_EXECUTION_MODE")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// `exe` run with the C cache at `cache`: emptied before every run (cold), then kept (warm).
fn cold_and_warm(b: &Bench, exe: &Path, cache: &Path, cwd: &Path) -> (Figure, Figure) {
    let command = || {
        let mut cmd = test_command(exe, &[]);
        cmd.current_dir(cwd).env("FFI_TEST_CACHE_DIR", cache);
        cmd
    };
    let cold = measure(
        b.runs,
        || {
            let _ = std::fs::remove_dir_all(cache);
        },
        command,
    );
    let warm = measure(b.runs, || {}, command);
    (cold, warm)
}

fn trivial(b: &Bench, rows: &mut Vec<Row>) {
    let dir = corpus::trivial(&b.root, &b.ffi_test(), 200);
    let ffi = b.build_test(&dir, "ffi");
    let mimic = b.build_test(&dir, "mimic");
    b.build_test(&dir, "libtest");
    let isolated = measure(b.runs, || {}, || test_command(&ffi, &[]));
    let in_process = measure(b.runs, || {}, || test_command(&ffi, &["--in-process"]));
    let plain = measure(b.runs, || {}, || test_command(&mimic, &[]));
    let nextest = peers::nextest(b, &dir);
    rows.push(
        Row::new(
            "d. 200 trivial tests",
            "ffi-test, each in its own process",
            isolated,
        )
        .against(
            "cargo nextest run (libtest, process per test)",
            nextest,
            Goal::AtMost(0.15),
        ),
    );
    rows.push(
        Row::new("d. 200 trivial tests", "ffi-test --in-process", in_process).against(
            "a plain libtest-mimic binary",
            Ok(plain),
            Goal::AtMost(1.1),
        ),
    );
}

/// A real library's bindgen surface (zlib's, 391 checks) under `cargo nextest run`, one process
/// per check, against nextest running as many trivial libtest tests, warm.
fn nextest(b: &Bench, rows: &mut Vec<Row>) {
    let exe = b.build_workspace_test("zlib-sys-example", "surface");
    let listed = test_command(&exe, &["--list"])
        .current_dir(b.repo.join("examples/zlib-sys"))
        .output()
        .expect("list the surface's tests");
    let count = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|l| l.ends_with(": test"))
        .count();
    let command = || {
        let mut cmd = cargo(&b.repo, &b.repo.join("target"));
        cmd.args([
            "nextest",
            "run",
            "-p",
            "zlib-sys-example",
            "--test",
            "surface",
            "--no-fail-fast",
        ])
        .env_remove("NEXTEST_EXECUTION_MODE")
        .env_remove("RUST_BACKTRACE");
        cmd
    };
    // Built and its C cached first: the row is the warm run.
    let _ = command().output();
    let ours = measure(b.runs, || {}, command);
    let dir = corpus::trivial_in(b.root.join("trivial-nextest"), &b.ffi_test(), count);
    b.build_test(&dir, "libtest");
    let _ = peers::nextest(b, &dir);
    rows.push(
        Row::new(
            "j. surface under nextest",
            &format!("zlib-sys's bindgen surface ({count} checks), cargo nextest run, warm"),
            ours,
        )
        .against(
            &format!("cargo nextest run of {count} trivial libtest tests"),
            peers::nextest(b, &dir),
            Goal::AtMost(2.0),
        ),
    );
}

fn cache(b: &Bench, rows: &mut Vec<Row>) {
    let exe = b.build_workspace_test("registry", "ffi");
    let (cold, warm) = cold_and_warm(b, &exe, &b.fresh_dir("cache-cold"), &b.repo);
    rows.push(
        Row::new(
            "e. C cache",
            "registry example suite (42 tests), warm cache",
            warm,
        )
        .against("the same, empty cache", Ok(cold), Goal::Report),
    );
}

fn c_bodies(b: &Bench, rows: &mut Vec<Row>) {
    let dir = corpus::c_bodies(&b.root, &b.ffi_test(), 200);
    let exe = b.build_test(&dir, "cbodies");
    let (cold, warm) = cold_and_warm(b, &exe, &b.fresh_dir("cbodies-cache"), &dir);
    let inline_c = peers::inline_c(b);
    rows.push(
        Row::new("c. 200 C-bodied tests", "ffi-test, empty C cache", cold).against(
            "inline-c, 200 assert_c! tests",
            inline_c.clone(),
            Goal::FasterBy(30.0),
        ),
    );
    rows.push(
        Row::new("c. 200 C-bodied tests", "ffi-test, warm C cache", warm).against(
            "inline-c, 200 assert_c! tests",
            inline_c,
            Goal::FasterBy(40.0),
        ),
    );
}

fn layout(b: &Bench, rows: &mut Vec<Row>) {
    let cache = b.fresh_dir("layout-cache");
    let dir = corpus::layout(&b.root, &b.ffi_test(), 300, false);
    b.build_test(&dir, "layout");
    let exe_run = |edited: bool| {
        corpus::layout(&b.root, &b.ffi_test(), 300, edited);
        let mut cmd = cargo(&dir, &b.target);
        cmd.args(["test", "--test", "layout"])
            .env("FFI_TEST_CACHE_DIR", &cache);
        cmd
    };
    let clean = measure(
        b.runs,
        || {
            let _ = cargo(&dir, &b.target)
                .args(["clean", "-p", "bench-layout"])
                .status();
            let _ = std::fs::remove_dir_all(&cache);
        },
        || exe_run(false),
    );
    let mut edited = false;
    let edit = measure(
        b.runs,
        || {
            edited = !edited;
            corpus::layout(&b.root, &b.ffi_test(), 300, edited);
        },
        || {
            let mut cmd = cargo(&dir, &b.target);
            cmd.args(["test", "--test", "layout"])
                .env("FFI_TEST_CACHE_DIR", &cache);
            cmd
        },
    );
    corpus::layout(&b.root, &b.ffi_test(), 300, false);
    let (ctest_clean, ctest_edit) = peers::ctest(b);
    rows.push(
        Row::new(
            "a. 300 struct layouts",
            "ffi-test, clean build and run",
            clean,
        )
        .against("ctest, clean build and run", ctest_clean, Goal::AtMost(0.5)),
    );
    rows.push(
        Row::new(
            "a. 300 struct layouts",
            "ffi-test, one struct edited, rebuild and run",
            edit,
        )
        .against("ctest, the same edit", ctest_edit, Goal::Report),
    );
}

fn roundtrip(b: &Bench, rows: &mut Vec<Row>) {
    let exe = b.build_workspace_test("abi-corpus", "roundtrip");
    let exe = &exe;
    let run = |filter: &'static str| {
        measure(
            b.runs,
            || {},
            move || {
                let mut cmd = test_command(exe, &[filter]);
                cmd.current_dir(&b.repo);
                cmd
            },
        )
    };
    let simple = run("simple__");
    let i128 = run("int128__");
    let (cafe_simple, cafe_i128) = peers::abi_cafe(b);
    rows.push(
        Row::new(
            "b. round-trip",
            "ffi-test battery of `struct simple` (12 tests)",
            simple,
        )
        .against(
            "ABI Cafe, its simple-struct test",
            cafe_simple,
            Goal::FasterBy(20.0),
        ),
    );
    rows.push(
        Row::new(
            "b. round-trip",
            "ffi-test battery of `__int128` (11 tests)",
            i128,
        )
        .against("ABI Cafe, its i128 test", cafe_i128, Goal::FasterBy(20.0)),
    );
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 5;
    if let Some(at) = args.iter().position(|a| a == "--runs") {
        runs = args
            .get(at + 1)
            .and_then(|n| n.parse().ok())
            .expect("--runs N");
        args.drain(at..at + 2);
    }
    let root = repo.join("target/bench");
    let bench = Bench {
        target: root.join("target"),
        root,
        repo: repo.clone(),
        runs,
    };
    let all = args.is_empty();
    let wants = |s: &str| all || args.iter().any(|a| a == s);
    let mut rows = Vec::new();
    type Section = fn(&Bench, &mut Vec<Row>);
    let sections: [(&str, Section); 14] = [
        ("layout", layout),
        ("surface", surface::section),
        ("libpng", real_surface::section),
        ("roundtrip", roundtrip),
        ("cbodies", c_bodies),
        ("trivial", trivial),
        ("cache", cache),
        ("nextest", nextest),
        ("memory", memory::section),
        ("targets", targets::section),
        ("faults", faults::section),
        ("checkers", checkers::section),
        ("differential", differential::section),
        ("pytest", pytest::section),
    ];
    for (name, section) in sections {
        if wants(name) {
            eprintln!("bench: {name}...");
            section(&bench, &mut rows);
        }
    }
    let table = report::markdown(&rows, runs);
    println!("{table}");
    if all {
        report::write(&repo.join("docs/BENCHMARKS.md"), &table);
        eprintln!("bench: wrote docs/BENCHMARKS.md");
    }
}

/// Keeps `Figure` in scope for the peer modules' signatures.
pub type PeerResult = Result<Figure, String>;
