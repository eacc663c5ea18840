fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/corpus.c")
        .include("csrc")
        .compile("corpus");
}
