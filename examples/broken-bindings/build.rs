fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/calls.c")
        .file("csrc/api.c")
        .include("csrc")
        .compile("broken_calls");
    // The signature checks compare the address C resolves with Rust's: the test binaries export
    // the library they link, so the compiled checks bind to that same copy.
    println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");
}
