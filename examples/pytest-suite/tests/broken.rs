//! Suites that go wrong the ways a pytest suite can: a module that does not import, a class
//! pytest does not collect, a stale strict xfail, two expectations on one test, a missing
//! fixture, a plain failing assertion. Each is a test that fails saying why (tests/pytest.rs of
//! the workspace asserts the reports); nothing vanishes.

ffi_test::python_modules!(qengine::qengine);
ffi_test::pytest!("tests/broken");
ffi_test::main!();
