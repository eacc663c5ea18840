//! Generated corpora: standalone crates under target/bench/, each depending on ffi-test by path.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Writes `files` (relative path, contents) under `dir`, creating directories.
pub fn write_crate(dir: &Path, files: &[(&str, String)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Unchanged files keep their timestamps, so cargo does not rebuild for nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).unwrap();
        }
    }
}

pub fn manifest(name: &str, ffi_test: &Path, extra_deps: &str, tests: &[(&str, bool)]) -> String {
    let mut out = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
         [dev-dependencies]\nffi-test = {{ path = {:?} }}\n{extra_deps}\n",
        ffi_test.to_string_lossy()
    );
    for (test, harness) in tests {
        let _ = write!(out, "[[test]]\nname = \"{test}\"\nharness = {harness}\n\n");
    }
    out
}

/// 200 trivial tests, three ways: ffi-test, a plain libtest-mimic binary, and libtest (for nextest).
pub fn trivial(root: &Path, ffi_test: &Path, n: usize) -> PathBuf {
    trivial_in(root.join("trivial"), ffi_test, n)
}

/// [`trivial`]'s corpus of `n` tests in `dir`.
pub fn trivial_in(dir: PathBuf, ffi_test: &Path, n: usize) -> PathBuf {
    let mut ffi = String::from("use ffi_test::ffi_test;\n\n");
    let mut libtest = String::new();
    for i in 0..n {
        let _ = writeln!(ffi, "#[ffi_test]\nfn trivial__case_{i}__then_passes() {{ assert_eq!(std::hint::black_box({i}) + 1, {}); }}\n", i + 1);
        let _ = writeln!(libtest, "#[test]\nfn trivial__case_{i}__then_passes() {{ assert_eq!(std::hint::black_box({i}) + 1, {}); }}\n", i + 1);
    }
    ffi.push_str("ffi_test::main!();\n");
    let mimic = format!(
        "fn main() {{\n    let args = libtest_mimic::Arguments::from_args();\n    let trials = (0..{n})\n        .map(|i| libtest_mimic::Trial::test(format!(\"trivial__case_{{i}}__then_passes\"), move || {{ assert_eq!(std::hint::black_box(i) + 1, i + 1); Ok(()) }}))\n        .collect();\n    libtest_mimic::run(&args, trials).exit();\n}}\n"
    );
    write_crate(
        &dir,
        &[
            (
                "Cargo.toml",
                manifest(
                    "bench-trivial",
                    ffi_test,
                    "libtest-mimic = \"0.8\"",
                    &[("ffi", false), ("mimic", false), ("libtest", true)],
                ),
            ),
            ("src/lib.rs", String::new()),
            ("tests/ffi.rs", ffi),
            ("tests/mimic.rs", mimic),
            ("tests/libtest.rs", libtest),
        ],
    );
    dir
}

/// `n` tests each with its own C body.
pub fn c_bodies(root: &Path, ffi_test: &Path, n: usize) -> PathBuf {
    let dir = root.join("cbodies");
    let mut ffi = String::from("use ffi_test::ffi_test;\n\n");
    for i in 0..n {
        let _ = writeln!(
            ffi,
            "#[ffi_test(c = r#\"\n    int add_{i}(int x) {{ return x + {i}; }}\n\"#)]\nfn cbody__case_{i}__then_adds() {{\n    extern \"C\" {{ fn add_{i}(x: i32) -> i32; }}\n    assert_eq!(unsafe {{ add_{i}(1) }}, {});\n}}\n",
            i + 1
        );
    }
    ffi.push_str("ffi_test::main!();\n");
    write_crate(
        &dir,
        &[
            (
                "Cargo.toml",
                manifest("bench-cbodies", ffi_test, "", &[("cbodies", false)]),
            ),
            ("src/lib.rs", String::new()),
            ("tests/cbodies.rs", ffi),
        ],
    );
    dir
}

/// The C type and Rust type of field `j` of struct `i`: a deterministic mix.
pub fn field_types(i: usize, j: usize) -> (&'static str, &'static str) {
    const TYPES: [(&str, &str); 8] = [
        ("int8_t", "i8"),
        ("uint16_t", "u16"),
        ("int32_t", "i32"),
        ("uint64_t", "u64"),
        ("float", "f32"),
        ("double", "f64"),
        ("void *", "*mut std::ffi::c_void"),
        ("uint8_t", "u8"),
    ];
    TYPES[(i * 7 + j * 3) % TYPES.len()]
}

/// The number of fields of struct `i`.
pub fn field_count(i: usize) -> usize {
    3 + i % 6
}

/// The corpus header: `n` structs of mixed fields (`edited` adds a field to struct 0).
pub fn layout_header(n: usize, edited: bool) -> String {
    let mut h = String::from("#include <stdint.h>\n");
    for i in 0..n {
        let _ = write!(h, "struct s{i} {{");
        for j in 0..field_count(i) {
            let _ = write!(h, " {} f{j};", field_types(i, j).0);
        }
        if i == 0 && edited {
            h.push_str(" int32_t extra;");
        }
        h.push_str(" };\n");
    }
    h
}

/// The Rust mirrors of the corpus header, as field lists (`edited` as in `layout_header`).
pub fn layout_mirrors(n: usize, edited: bool) -> Vec<Vec<(String, &'static str)>> {
    (0..n)
        .map(|i| {
            let mut fields: Vec<(String, &str)> = (0..field_count(i))
                .map(|j| (format!("f{j}"), field_types(i, j).1))
                .collect();
            if i == 0 && edited {
                fields.push(("extra".into(), "i32"));
            }
            fields
        })
        .collect()
}

/// `n` structs checked by #[layout_matches].
pub fn layout(root: &Path, ffi_test: &Path, n: usize, edited: bool) -> PathBuf {
    let dir = root.join("layout");
    let mut rs = String::from(
        "#![allow(dead_code, non_camel_case_types)]\nuse ffi_test::layout_matches;\n\n",
    );
    for (i, fields) in layout_mirrors(n, edited).iter().enumerate() {
        let _ = write!(
            rs,
            "#[repr(C)]\n#[layout_matches(\"struct s{i}\")]\npub struct S{i} {{"
        );
        for (name, ty) in fields {
            let _ = write!(rs, " pub {name}: {ty},");
        }
        rs.push_str(" }\n\n");
    }
    rs.push_str("ffi_test::main! { headers: [\"corpus.h\"], include_dirs: [\"csrc\"] }\n");
    write_crate(
        &dir,
        &[
            (
                "Cargo.toml",
                manifest("bench-layout", ffi_test, "", &[("layout", false)]),
            ),
            ("src/lib.rs", String::new()),
            ("csrc/corpus.h", layout_header(n, edited)),
            ("tests/layout.rs", rs),
        ],
    );
    dir
}
