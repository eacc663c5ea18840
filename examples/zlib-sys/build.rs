//! Links the system zlib (Debian: zlib1g-dev).
fn main() {
    println!("cargo:rustc-link-lib=z");
    println!("cargo:rerun-if-changed=build.rs");
}
