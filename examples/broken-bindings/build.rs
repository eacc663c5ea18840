fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/calls.c")
        .include("csrc")
        .compile("broken_calls");
}
