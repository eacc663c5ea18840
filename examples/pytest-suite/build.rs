fn main() {
    // The test binaries embed the interpreter: its libpython is found through the run path
    // (a Python outside the loader's default directories, such as pyenv's, needs it).
    pyo3_build_config::add_libpython_rpath_link_args();
}
