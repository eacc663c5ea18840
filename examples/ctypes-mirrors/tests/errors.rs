//! What a ctypes check says when it cannot compare at all: the module does not import, the
//! class is missing or is no ctypes class, a Python field has no C member of its name. Each is
//! expected to fail; tests/python.rs at the workspace root asserts the messages.

ffi_test::check_ctypes!(
    "tests/broken_module.py",
    Anything,
    "struct sample",
    expect = fail
);
ffi_test::check_ctypes!("tests/mirrors.py", Missing, "struct sample", expect = fail);
ffi_test::check_ctypes!(
    "tests/mirrors.py",
    NOT_A_CLASS,
    "struct sample",
    expect = fail
);
ffi_test::check_ctypes!("tests/mirrors.py", Renamed, "registry_stats", expect = fail);

ffi_test::main! {
    headers: ["shapes.h", "registry.h"],
    include_dirs: ["csrc", "../registry/csrc"],
}
