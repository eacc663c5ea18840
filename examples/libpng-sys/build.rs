//! Links the system libpng (Debian: libpng-dev).
fn main() {
    println!("cargo:rustc-link-lib=png16");
    println!("cargo:rerun-if-changed=build.rs");
}
