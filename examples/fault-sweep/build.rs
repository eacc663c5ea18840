//! Two builds of the store, each a static library a test target links by name: the one with
//! planted bugs (`store_planted`) and the fixed one (`store_fixed`).
fn main() {
    println!("cargo:rerun-if-changed=csrc");
    for (name, fixed) in [("store_planted", false), ("store_fixed", true)] {
        let mut build = cc::Build::new();
        build
            .file("csrc/store.c")
            .include("csrc")
            .cargo_metadata(false);
        if fixed {
            build.define("STORE_FIXED", None);
        }
        build.compile(name);
    }
    println!(
        "cargo:rustc-link-search=native={}",
        std::env::var("OUT_DIR").expect("OUT_DIR")
    );
}
