fn main() {
    println!("cargo:rerun-if-changed=csrc");
    // Linked whole: the surface check never references a function from Rust.
    cc::Build::new()
        .file("csrc/t1.c")
        .include("csrc")
        .warnings(false)
        .link_lib_modifier("+whole-archive")
        .compile("t1");
    // The checks' C resolves the functions it compares from the test binary: export them.
    println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");
}
