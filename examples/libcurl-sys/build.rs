//! Links the system libcurl (Debian: libcurl4-openssl-dev).
fn main() {
    println!("cargo:rustc-link-lib=curl");
    println!("cargo:rerun-if-changed=build.rs");
}
