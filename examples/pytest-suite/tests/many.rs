//! 100 parametrized cases, each a test of this binary in its own process: the benchmark's
//! `pytest` section (bench/src/pytest.rs) against plain pytest of the same file.

ffi_test::python_modules!(qengine::qengine);
ffi_test::pytest!("tests/many");
ffi_test::main!();
