//! The pytest suite of tests/py, run by ffi-test's harness: pytest collects it in a child of
//! this binary (where `qengine` imports without maturin), and every node id is a test of the
//! binary, run in its own process.

ffi_test::python_modules!(qengine::qengine);
ffi_test::pytest!("tests/py");
ffi_test::main!();
