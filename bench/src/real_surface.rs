//! Section `libpng`: a real library's bindgen output (examples/libpng-sys: Debian's libpng
//! 1.6, 2,207 lines of bindings) checked whole by `check_surface!` and by ctest 0.5.1 on the
//! same -sys crate: a clean build and run, and a warm rerun (`cargo test` with nothing changed).
//!
//! ctest is configured as a user must configure it to compile these bindings at all: what it
//! cannot express in C is skipped by category, each with the compiler error that makes it
//! necessary (16 constants, 6 opaque structs and 2 typedefs of them, one round trip; two
//! typedef'd anonymous structs renamed). It then checks 1,039 facts and passes.

use std::path::Path;

use crate::corpus::write_crate;
use crate::measure::{Figure, Suite};
use crate::report::{Goal, Row};
use crate::Bench;

/// ctest's build script for the bindings: the fewest skips that make its generated C compile.
const CTEST_BUILD: &str = r#"use std::collections::HashSet;

fn main() {
    // ctest's skip and rename callbacks see only an item's name, not its Rust type: the
    // categories below are read off bindgen's (rustfmt-formatted) output.
    let src = std::fs::read_to_string("../sys/src/bindings.rs").unwrap();
    let lines: Vec<&str> = src.lines().collect();
    // bindgen's opaque structs: `pub struct X { _unused: [u8; 0], }`
    let opaque: HashSet<String> = lines
        .windows(2)
        .filter(|w| w[1].trim() == "_unused: [u8; 0],")
        .filter_map(|w| Some(w[0].strip_prefix("pub struct ")?.strip_suffix(" {")?.to_string()))
        .collect();
    let aliases: Vec<(String, String)> = lines
        .iter()
        .filter_map(|l| {
            let (n, t) = l.strip_prefix("pub type ")?.strip_suffix(';')?.split_once(" = ")?;
            Some((n.to_string(), t.to_string()))
        })
        .collect();
    let alias_of_opaque: HashSet<String> =
        aliases.iter().filter(|(_, t)| opaque.contains(t)).map(|(n, _)| n.clone()).collect();
    let alias_of_void: HashSet<String> = aliases
        .iter()
        .filter(|(_, t)| t == "::std::os::raw::c_void")
        .map(|(n, _)| n.clone())
        .collect();
    let byte_str: HashSet<String> = lines
        .iter()
        .filter_map(|l| {
            let (n, rest) = l.strip_prefix("pub const ")?.split_once(": ")?;
            rest.starts_with("&[u8; ").then(|| n.to_string())
        })
        .collect();

    let mut cfg = ctest::TestGenerator::new();
    cfg.header("png.h");
    // `const _: () = ..` layout assertions: "'_' undeclared"; `&[u8; N]` strings: "expected
    // identifier or '(' before ')' token".
    cfg.skip_const(move |c| c.ident() == "_" || byte_str.contains(c.ident()));
    // Opaque structs and typedefs of them: "invalid application of 'sizeof' to incomplete type".
    cfg.skip_struct(move |s| opaque.contains(s.ident()));
    cfg.skip_alias(move |a| alias_of_opaque.contains(a.ident()));
    // A typedef of `void` passed by value: "parameter 1 ('value') has incomplete type".
    cfg.skip_roundtrip(move |t| alias_of_void.contains(t));
    // Typedefs of anonymous structs have no tag, ctest writes `struct NAME`: "incomplete type
    // 'struct png_image'".
    cfg.rename_struct_ty(|t| ["__sigset_t", "png_image"].contains(&t).then(|| t.to_string()));
    ctest::generate_test(&mut cfg, "../sys/src/lib.rs", "ctest_output.rs").unwrap();
    println!("cargo:rerun-if-changed=../sys/src/bindings.rs");
}
"#;

/// The workspace: the -sys crate as examples/libpng-sys has it (its test is ffi-test's check)
/// and ctest's test package.
fn write(b: &Bench, dir: &Path) {
    let example = b.repo.join("examples/libpng-sys");
    let read = |path: &str| std::fs::read_to_string(example.join(path)).unwrap();
    let sys_manifest = format!(
        "[package]\nname = \"bench-png-sys\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\
         links = \"png16\"\n\n[dev-dependencies]\nffi-test = {{ path = {:?} }}\n\n\
         [[test]]\nname = \"surface\"\nharness = false\n",
        b.ffi_test().to_string_lossy()
    );
    write_crate(
        dir,
        &[
            ("Cargo.toml", "[workspace]\nmembers = [\"sys\", \"ctest\"]\nresolver = \"2\"\n".into()),
            ("sys/Cargo.toml", sys_manifest),
            ("sys/build.rs", read("build.rs")),
            ("sys/csrc/wrapper.h", read("csrc/wrapper.h")),
            ("sys/src/lib.rs", read("src/lib.rs")),
            ("sys/src/bindings.rs", read("src/bindings.rs")),
            (
                "sys/tests/surface.rs",
                read("tests/surface.rs").replace("libpng_sys_example", "bench_png_sys"),
            ),
            (
                "ctest/Cargo.toml",
                "[package]\nname = \"bench-png-ctest\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\nbuild = \"build.rs\"\n\n\
                 [dependencies]\nbench-png-sys = { path = \"../sys\" }\n\n[build-dependencies]\nctest = \"=0.5.1\"\n\n\
                 [[test]]\nname = \"main\"\npath = \"test/main.rs\"\nharness = false\n".into(),
            ),
            ("ctest/build.rs", CTEST_BUILD.into()),
            (
                "ctest/test/main.rs",
                "#![allow(bad_style, dead_code)]\nuse bench_png_sys::*;\ninclude!(concat!(env!(\"OUT_DIR\"), \"/ctest_output.rs\"));\n".into(),
            ),
        ],
    );
}

/// A clean build and run of `test` in `package` (`clean` lists what a clean build rebuilds),
/// then a warm rerun with nothing changed.
fn clean_and_warm(
    b: &Bench,
    dir: &Path,
    cache: &Path,
    package: &str,
    test: &str,
    clean: &[&str],
) -> Result<(Figure, Figure), String> {
    let suite = Suite {
        dir,
        target: &b.target,
        cache,
        package,
        test,
    };
    suite.clean_then(b.runs, clean, || {})
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let dir = b.root.join("libpng");
    write(b, &dir);
    let cache = b.fresh_dir("libpng-cache");
    let sys = "bench-png-sys";
    let ours = clean_and_warm(b, &dir, &cache, sys, "surface", &[sys]);
    let (ours_clean, ours_warm) = ours.unwrap_or_else(|e| panic!("the libpng surface: {e}"));
    let peer = clean_and_warm(
        b,
        &dir,
        &cache,
        "bench-png-ctest",
        "main",
        &[sys, "bench-png-ctest"],
    );
    let (peer_clean, peer_warm) = match peer {
        Ok((clean, warm)) => (Ok(clean), Ok(warm)),
        Err(e) => (Err(e.clone()), Err(e)),
    };
    let row = "k. libpng's bindgen surface";
    rows.push(
        Row::new(
            row,
            "ffi-test check_surface!, clean build and run",
            ours_clean,
        )
        .against(
            "ctest 0.5.1 (configured to compile), clean build and run",
            peer_clean,
            Goal::AtMost(0.7),
        ),
    );
    rows.push(
        Row::new(
            row,
            "ffi-test, warm rerun (cargo test, nothing changed)",
            ours_warm,
        )
        .against("ctest 0.5.1, the same", peer_warm, Goal::AtMost(1.5)),
    );
}
