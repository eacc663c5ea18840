fn main() {
    println!("cargo:rerun-if-changed=csrc");
    // Linked whole: the surface check never references a function from Rust (so that one no
    // library exports is a finding, not a link error), and a static library otherwise
    // contributes only what something references.
    cc::Build::new()
        .file("csrc/vocabulary.c")
        .include("csrc")
        .link_lib_modifier("+whole-archive")
        .compile("vocabulary");
    // The C++ vocabulary's library (tests/cpp_vocabulary.rs), linked whole as the C one.
    cc::Build::new()
        .cpp(true)
        .std("c++17")
        .file("csrc/cpp_vocabulary.cpp")
        .include("csrc")
        .link_lib_modifier("+whole-archive")
        .compile("cpp_vocabulary");
    // The usual place of bindgen's output, for tests/out_dir.rs: a build script that runs
    // bindgen writes it there (this one copies the committed output).
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("bindings.rs");
    std::fs::copy("src/bindings.rs", out).unwrap();
    println!("cargo:rerun-if-changed=src/bindings.rs");
    // The checks' C resolves the functions it compares from the test binary: export them.
    println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");
}
