//! Links the system tinyxml2 (Debian: libtinyxml2-dev).
fn main() {
    println!("cargo:rustc-link-lib=tinyxml2");
    println!("cargo:rerun-if-changed=build.rs");
}
