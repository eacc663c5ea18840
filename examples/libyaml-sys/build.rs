//! Links the system libyaml (Debian: libyaml-dev).
fn main() {
    println!("cargo:rustc-link-lib=yaml");
    println!("cargo:rerun-if-changed=build.rs");
}
