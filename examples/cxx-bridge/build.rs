//! Builds the bridge and its C++ with cxx-build. The C++ is linked whole and the test binaries
//! export their symbols: ffi-test's C++ bodies (a shared object loaded at test time) call the
//! tally's methods and the bridge's Rust functions from the test binary.
fn main() {
    cxx_build::bridge("src/lib.rs")
        .file("src/tally.cc")
        .std("c++17")
        .link_lib_modifier("+whole-archive")
        .compile("cxx-bridge-example");
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=src/tally.cc");
    println!("cargo:rerun-if-changed=include/tally.h");
    println!("cargo:rustc-link-arg-tests=-Wl,--export-dynamic");
}
