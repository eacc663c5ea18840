use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=csrc");
    let mut build = cc::Build::new();
    build
        .file("csrc/registry.c")
        .include("csrc")
        .flag_if_supported("-pthread");
    build.compile("registry");
    println!("cargo:rustc-link-lib=pthread");

    // An instrumented build of this library (CFLAGS=-fsanitize=address, =thread, =undefined,
    // which cc applies) calls into the sanitizers' runtimes, so the test binary links them. See
    // the README, "Sanitizers".
    println!("cargo:rerun-if-env-changed=CFLAGS");
    let cflags = std::env::var("CFLAGS").unwrap_or_default();
    let sanitizers = cflags
        .split_whitespace()
        .filter_map(|flag| flag.strip_prefix("-fsanitize="))
        .flat_map(|list| list.split(','));
    for sanitizer in sanitizers {
        let runtime = match sanitizer {
            "address" => "asan",
            "thread" => "tsan",
            "undefined" => "ubsan",
            _ => continue,
        };
        println!("cargo:rustc-link-lib=dylib={runtime}");
    }
    // A build counted for `--coverage` (CFLAGS=--coverage) calls into gcov's runtime, found
    // where the C compiler keeps it.
    if cflags.split_whitespace().any(|f| f == "--coverage") {
        let compiler = build.get_compiler();
        let out = compiler
            .to_command()
            .arg("-print-file-name=libgcov.a")
            .output()
            .expect("ask the C compiler for libgcov.a");
        let libgcov = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if let Some(dir) = libgcov.parent() {
            println!("cargo:rustc-link-search=native={}", dir.display());
        }
        println!("cargo:rustc-link-lib=static=gcov");
    }

    // The C bodies of tests/ffi.rs call this library too. It is linked statically into the test
    // binary, so the binary must export its symbols for the dynamically loaded C bodies to bind
    // to that same copy (one copy of the library's state, not two).
    println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");

    // tests/shared.rs shows the other setup: the library as a shared object that the C bodies
    // link through ffi_test::main! { libs, lib_dirs }.
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let shared = out_dir.join("libregistry_shared.so");
    let status = build
        .get_compiler()
        .to_command()
        .args([
            "-shared",
            "-fPIC",
            "-pthread",
            "-Icsrc",
            "csrc/registry.c",
            "-o",
        ])
        .arg(&shared)
        .status()
        .expect("run the C compiler for libregistry_shared.so");
    assert!(status.success(), "building libregistry_shared.so failed");
    println!("cargo:rustc-env=REGISTRY_SHARED_DIR={}", out_dir.display());
}
