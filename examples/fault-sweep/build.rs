//! Builds of the store, each a library a test target links by name: the one with planted bugs
//! (`store_planted`), the fixed one (`store_fixed`), and the planted one as a shared library
//! (`store_shared`).
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
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    shared_planted(&out);
    println!("cargo:rustc-link-search=native={out}");
}

/// The planted store as a shared library too (`libstore_shared.so`), for the test that sweeps
/// C living in a shared object; the tests find it at run time through their rpath.
fn shared_planted(out: &str) {
    let compiler = cc::Build::new().get_compiler();
    let status = compiler
        .to_command()
        .args(["-shared", "-fPIC", "-g", "-Icsrc", "csrc/store.c", "-o"])
        .arg(format!("{out}/libstore_shared.so"))
        .status()
        .expect("the C compiler runs");
    assert!(status.success(), "building libstore_shared.so failed");
    println!("cargo:rustc-link-arg-tests=-Wl,-rpath,{out}");
}
