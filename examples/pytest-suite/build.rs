fn main() {
    // The test binaries embed the interpreter: its libpython is found through the run path
    // (a Python outside the loader's default directories, such as pyenv's, needs it).
    pyo3_build_config::add_libpython_rpath_link_args();
    // libvmsg.so, the C library tests/ctypes loads with ctypes (`ffi_test.library("vmsg")`
    // finds it in this script's out/ directory).
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let status = cc::Build::new()
        .get_compiler()
        .to_command()
        .args(["-shared", "-fPIC", "-o"])
        .arg(out.join("libvmsg.so"))
        .arg("c/vmsg.c")
        .status()
        .expect("run the C compiler");
    assert!(status.success(), "compiling c/vmsg.c failed");
    println!("cargo:rerun-if-changed=c/vmsg.c");
    println!("cargo:rerun-if-changed=c/vmsg.h");
}
