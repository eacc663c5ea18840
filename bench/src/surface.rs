//! Section `surface`: a 2,500-item binding set (1,000 structs, 600 functions, 700 constants,
//! 200 typedefs) checked whole, by ffi-test's `check_surface!` and by ctest 0.5.1, on the same
//! -sys crate: clean build and run, and one struct edited (in the header and the bindings)
//! followed by a rebuild and run.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::corpus::{field_types, layout_header, layout_mirrors, write_crate};
use crate::measure::{Figure, Suite};
use crate::report::{Goal, Row};
use crate::{Bench, PeerResult};

const STRUCTS: usize = 1000;
const FUNCTIONS: usize = 600;
const CONSTANTS: usize = 700;
const TYPEDEFS: usize = 200;

/// The C parameter and return types of function `i`, with their Rust spelling.
fn signature(i: usize) -> [(&'static str, &'static str); 3] {
    let types = [
        ("int32_t", "i32"),
        ("uint64_t", "u64"),
        ("double", "f64"),
        ("void *", "*mut ::std::ffi::c_void"),
        ("uint8_t", "u8"),
    ];
    [types[i % 5], types[(i / 5) % 5], types[(i / 25) % 5]]
}

fn header(edited: bool) -> String {
    // The structs are the layout corpus's (and its edit, a field added to `s0`).
    let mut h = layout_header(STRUCTS, edited);
    for i in 0..FUNCTIONS {
        let [ret, a, b] = signature(i);
        let _ = writeln!(h, "{} fn{i}({} a, {} b);", ret.0, a.0, b.0);
    }
    for i in 0..CONSTANTS {
        let _ = writeln!(h, "#define C{i} {}", i * 7 + 1);
    }
    for i in 0..TYPEDEFS {
        let _ = writeln!(h, "typedef {} t{i};", field_types(i, 1).0);
    }
    h
}

fn implementation() -> String {
    let mut c = String::from("#include \"corpus.h\"\n");
    for i in 0..FUNCTIONS {
        let [ret, a, b] = signature(i);
        let _ = writeln!(
            c,
            "{} fn{i}({} a, {} b) {{ (void)a; (void)b; return ({})0; }}",
            ret.0, a.0, b.0, ret.0
        );
    }
    c
}

fn bindings(edited: bool) -> String {
    let mut rs =
        String::from("#![allow(non_camel_case_types, non_upper_case_globals, dead_code)]\n\n");
    for (i, fields) in layout_mirrors(STRUCTS, edited).iter().enumerate() {
        let _ = write!(rs, "#[repr(C)]\npub struct s{i} {{");
        for (name, ty) in fields {
            let _ = write!(rs, " pub {name}: {ty},");
        }
        rs.push_str(" }\n");
    }
    rs.push_str("extern \"C\" {\n");
    for i in 0..FUNCTIONS {
        let [ret, a, b] = signature(i);
        let _ = writeln!(rs, "    pub fn fn{i}(a: {}, b: {}) -> {};", a.1, b.1, ret.1);
    }
    rs.push_str("}\n");
    for i in 0..CONSTANTS {
        let _ = writeln!(rs, "pub const C{i}: u32 = {};", i * 7 + 1);
    }
    for i in 0..TYPEDEFS {
        let _ = writeln!(rs, "pub type t{i} = {};", field_types(i, 1).1);
    }
    rs
}

/// The workspace: the -sys crate (its own test is ffi-test's check) and ctest's test package.
fn write(dir: &Path, ffi_test: &Path, edited: bool) {
    let sys_manifest = format!(
        "[package]\nname = \"bench-surface-sys\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\
         build = \"build.rs\"\n\n[build-dependencies]\ncc = \"1\"\n\n[dev-dependencies]\nffi-test = {{ path = {:?} }}\n\n\
         [[test]]\nname = \"surface\"\nharness = false\n",
        ffi_test.to_string_lossy()
    );
    write_crate(
        dir,
        &[
            ("Cargo.toml", "[workspace]\nmembers = [\"sys\", \"ctest\"]\nresolver = \"2\"\n".into()),
            ("sys/Cargo.toml", sys_manifest),
            (
                "sys/build.rs",
                "fn main() {\n    cc::Build::new().file(\"csrc/corpus.c\").include(\"csrc\").link_lib_modifier(\"+whole-archive\").compile(\"corpus\");\n    println!(\"cargo:rustc-link-arg-tests=-Wl,--export-dynamic\");\n    println!(\"cargo:rerun-if-changed=csrc\");\n}\n".into(),
            ),
            ("sys/csrc/corpus.h", header(edited)),
            ("sys/csrc/corpus.c", implementation()),
            ("sys/src/lib.rs", bindings(edited)),
            (
                "sys/tests/surface.rs",
                "ffi_test::check_surface!(bench_surface_sys, file = \"src/lib.rs\");\nffi_test::main! { headers: [\"corpus.h\"], include_dirs: [\"csrc\"] }\n".into(),
            ),
            (
                "ctest/Cargo.toml",
                "[package]\nname = \"bench-surface-ctest\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\nbuild = \"build.rs\"\n\n\
                 [dependencies]\nbench-surface-sys = { path = \"../sys\" }\n\n[build-dependencies]\nctest = \"=0.5.1\"\n\n\
                 [[test]]\nname = \"main\"\npath = \"test/main.rs\"\nharness = false\n".into(),
            ),
            (
                "ctest/build.rs",
                "fn main() {\n    let mut cfg = ctest::TestGenerator::new();\n    cfg.header(\"corpus.h\").include(\"../sys/csrc\");\n    ctest::generate_test(&mut cfg, \"../sys/src/lib.rs\", \"ctest_output.rs\").unwrap();\n    println!(\"cargo:rerun-if-changed=../sys/csrc/corpus.h\");\n    println!(\"cargo:rerun-if-changed=../sys/src/lib.rs\");\n}\n".into(),
            ),
            (
                "ctest/test/main.rs",
                "#![allow(bad_style, dead_code)]\nuse bench_surface_sys::*;\ninclude!(concat!(env!(\"OUT_DIR\"), \"/ctest_output.rs\"));\n".into(),
            ),
        ],
    );
}

/// Clean build and run, and an edit of one struct followed by a rebuild and run, of `test`
/// in `package`; `clean` lists the packages a clean build rebuilds.
fn clean_and_edit(
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
    let mut edited = false;
    let figures = suite.clean_then(b.runs, clean, || {
        edited = !edited;
        write(dir, &b.ffi_test(), edited);
    });
    write(dir, &b.ffi_test(), false);
    figures
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let dir: PathBuf = b.root.join("surface");
    write(&dir, &b.ffi_test(), false);
    let cache = b.fresh_dir("surface-cache");
    let ours = clean_and_edit(
        b,
        &dir,
        &cache,
        "bench-surface-sys",
        "surface",
        &["bench-surface-sys"],
    );
    let peer = clean_and_edit(
        b,
        &dir,
        &cache,
        "bench-surface-ctest",
        "main",
        &["bench-surface-sys", "bench-surface-ctest"],
    );
    let (ours_clean, ours_edit) = match ours {
        Ok(figures) => figures,
        Err(e) => panic!("ffi-test's surface check failed: {e}"),
    };
    let (peer_clean, peer_edit): (PeerResult, PeerResult) = match peer {
        Ok((clean, edit)) => (Ok(clean), Ok(edit)),
        Err(e) => (Err(e.clone()), Err(e)),
    };
    rows.push(
        Row::new(
            "f. 2,500-item surface",
            "ffi-test check_surface!, clean build and run",
            ours_clean,
        )
        .against(
            "ctest 0.5.1, clean build and run",
            peer_clean,
            Goal::AtMost(0.5),
        ),
    );
    rows.push(
        Row::new(
            "f. 2,500-item surface",
            "ffi-test, one struct edited, rebuild and run",
            ours_edit,
        )
        .against("ctest 0.5.1, the same edit", peer_edit, Goal::AtMost(0.3)),
    );
}
