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
    // The checks' C resolves the functions it compares from the test binary: export them.
    println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");
}
