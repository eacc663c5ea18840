//! Links the system SQLite (Debian: libsqlite3-dev).
fn main() {
    println!("cargo:rustc-link-lib=sqlite3");
    println!("cargo:rerun-if-changed=build.rs");
}
