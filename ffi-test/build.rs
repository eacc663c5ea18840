//! Records the target this crate is built for, so the harness can ask the `cc` crate for the
//! same C compiler a build script would get, at test time.
fn main() {
    for var in ["TARGET", "HOST"] {
        let value = std::env::var(var).unwrap_or_default();
        println!("cargo:rustc-env=FFI_TEST_{var}={value}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
