//! A Hypothesis property slow in the way a memory checker makes one slow: failed by its
//! deadline in a plain run, passing under a checker, where the harness lifts Hypothesis's
//! timing checks (tests/pytest.rs runs both).

ffi_test::python_modules!(qengine::qengine);
ffi_test::pytest!("tests/slow");
ffi_test::main!();
