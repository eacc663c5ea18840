fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/registry.c")
        .include("csrc")
        .flag_if_supported("-pthread")
        .compile("registry");
    println!("cargo:rustc-link-lib=pthread");
}
