fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/portable.c")
        .file("csrc/crashes.c")
        .include("csrc")
        .compile("portable");
    // The signature checks compare the address C resolves with Rust's: the test binaries export
    // the library they link, so the compiled checks bind to that same copy (ELF only).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");
    }
}
