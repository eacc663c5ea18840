//! The peers: what users would pick instead. Each is installed and driven here; none of their
//! code is in this repository. A peer that cannot run returns why, shown as "not measured".

use std::path::Path;

use crate::measure::{cargo, measure};
use crate::{Bench, PeerResult};

/// `cargo nextest run` of the same 200 trivial tests as a libtest binary (one process per test).
pub fn nextest(b: &Bench, dir: &Path) -> PeerResult {
    nextest_in(b, dir, &b.target)
}

/// `cargo nextest run` of the `libtest` test of the crate in `dir`, built in `target`.
pub fn nextest_in(b: &Bench, dir: &Path, target: &Path) -> PeerResult {
    let ok = cargo(dir, target)
        .args(["nextest", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        let installed =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(["install", "cargo-nextest", "--locked"])
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
        if !installed {
            return Err("cargo-nextest could not be installed".into());
        }
    }
    Ok(measure(
        b.runs,
        || {},
        || {
            let mut cmd = cargo(dir, target);
            cmd.args(["nextest", "run", "--test", "libtest", "--no-fail-fast"])
                .env_remove("NEXTEST_EXECUTION_MODE");
            cmd
        },
    ))
}

/// inline-c 0.1.8: the same 200 C snippets, each an `assert_c!` test compiling and running its
/// own C program. Measured running the built test binary (execution only, as for ffi-test).
pub fn inline_c(b: &Bench) -> PeerResult {
    let dir = b.root.join("peer-inline-c");
    let mut tests = String::from("use inline_c::assert_c;\n\n");
    for i in 0..200 {
        tests.push_str(&format!(
            "#[test]\nfn cbody__case_{i}__then_adds() {{\n    (assert_c! {{\n        int add_{i}(int x) {{ return x + {i}; }}\n        int main() {{ return add_{i}(1) == {} ? 0 : 1; }}\n    }})\n    .success();\n}}\n\n",
            i + 1
        ));
    }
    crate::corpus::write_crate(
        &dir,
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"peer-inline-c\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dev-dependencies]\ninline-c = \"=0.1.8\"\n".into(),
            ),
            ("src/lib.rs", String::new()),
            ("tests/inline.rs", tests),
        ],
    );
    let exe = b.build_test(&dir, "inline");
    Ok(measure(b.runs, || {}, || crate::test_command(&exe, &[])))
}

/// ctest 0.5.1 over the same 300 structs: a test package (no lib target, see ctest's docs)
/// whose build script generates and compiles the checks. Clean build and run, and an edit of
/// one struct followed by a rebuild and run, as for ffi-test.
pub fn ctest(b: &Bench) -> (PeerResult, PeerResult) {
    let dir = b.root.join("peer-ctest");
    let write = |edited: bool| {
        let mut lib = String::from("#![allow(non_camel_case_types, dead_code)]\n");
        for (i, fields) in crate::corpus::layout_mirrors(300, edited)
            .iter()
            .enumerate()
        {
            lib.push_str(&format!("#[repr(C)]\npub struct s{i} {{"));
            for (name, ty) in fields {
                lib.push_str(&format!(" pub {name}: {ty},"));
            }
            lib.push_str(" }\n");
        }
        crate::corpus::write_crate(
            &dir,
            &[
                ("Cargo.toml", "[package]\nname = \"peer-ctest\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\nmembers = [\"ctest\"]\n".into()),
                ("src/lib.rs", lib),
                ("corpus.h", crate::corpus::layout_header(300, edited)),
                (
                    "ctest/Cargo.toml",
                    "[package]\nname = \"peer-ctest-test\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\nbuild = \"build.rs\"\n\n[dependencies]\npeer-ctest = { path = \"..\" }\n\n[build-dependencies]\nctest = \"=0.5.1\"\n\n[[test]]\nname = \"main\"\npath = \"test/main.rs\"\nharness = false\n".into(),
                ),
                (
                    "ctest/build.rs",
                    "fn main() {\n    let mut cfg = ctest::TestGenerator::new();\n    cfg.header(\"corpus.h\").include(\"..\");\n    ctest::generate_test(&mut cfg, \"../src/lib.rs\", \"ctest_output.rs\").unwrap();\n    println!(\"cargo:rerun-if-changed=../corpus.h\");\n    println!(\"cargo:rerun-if-changed=../src/lib.rs\");\n}\n".into(),
                ),
                ("ctest/test/main.rs", "#![allow(bad_style, dead_code)]\nuse peer_ctest::*;\ninclude!(concat!(env!(\"OUT_DIR\"), \"/ctest_output.rs\"));\n".into()),
            ],
        );
    };
    write(false);
    let run = || {
        let mut cmd = cargo(&dir, &b.target);
        cmd.args(["test", "-p", "peer-ctest-test", "--test", "main"]);
        cmd
    };
    // Builds ctest's own dependencies once, outside the measurement (as ffi-test's are).
    if let Err(e) = run().output().map_err(|e| e.to_string()).and_then(|o| {
        if o.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&o.stderr)
                .lines()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
                .join(" / "))
        }
    }) {
        return (
            Err(format!("ctest failed: {e}")),
            Err("ctest failed".into()),
        );
    }
    let clean = measure(
        b.runs,
        || {
            let _ = cargo(&dir, &b.target)
                .args(["clean", "-p", "peer-ctest", "-p", "peer-ctest-test"])
                .status();
        },
        run,
    );
    let mut edited = false;
    let edit = measure(
        b.runs,
        || {
            edited = !edited;
            write(edited);
        },
        run,
    );
    write(false);
    (Ok(clean), Ok(edit))
}

/// ABI Cafe 1.1.0 (installed under target/bench/peers by this runner): its SimpleStruct and
/// i128 tests, rustc calling cc and cc calling rustc, C convention and repr(C) only.
pub fn abi_cafe(b: &Bench) -> (PeerResult, PeerResult) {
    let root = b.root.join("peers/abi-cafe");
    let exe = root.join("bin/abi-cafe");
    if !exe.exists() {
        let ok =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args([
                    "install",
                    "abi-cafe",
                    "--version",
                    "1.1.0",
                    "--locked",
                    "--root",
                ])
                .arg(&root)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
        if !ok {
            return (
                Err("abi-cafe could not be installed".into()),
                Err("abi-cafe could not be installed".into()),
            );
        }
    }
    let work = b.root.join("peers/abi-cafe-run");
    std::fs::create_dir_all(&work).unwrap();
    let run = |test: &'static str| {
        let exe = exe.clone();
        let work = work.clone();
        Ok(measure(
            b.runs,
            || {},
            move || {
                let mut cmd = std::process::Command::new(&exe);
                cmd.current_dir(&work).args([
                    "--tests",
                    test,
                    "--toolchains",
                    "rustc,cc",
                    "--pairs",
                    "rustc_calls_cc,cc_calls_rustc",
                    "-c",
                    "c",
                    "-r",
                    "c",
                ]);
                cmd
            },
        ))
    };
    (run("SimpleStruct"), run("i128"))
}
