//! Layout, constant and signature checks gather their facts by running generated C, in a child
//! shared by all of them. A constant whose C expression crashes fails that check alone, named
//! by its signal; the checks before and after it still report.

use ffi_test::{layout_matches, value_matches};

#[value_matches("FINE")]
const FINE: i32 = 7;

#[value_matches("CRASHES_WHEN_READ", expect = crash("SIGSEGV"))]
const CRASHES_WHEN_READ: i32 = 0;

#[value_matches("ALSO_FINE")]
const ALSO_FINE: i32 = 8;

#[value_matches("ALSO_FINE", expect = fail)]
const WRONG: i32 = 9;

#[repr(C)]
#[layout_matches("struct pair")]
pub struct Pair {
    pub a: i32,
    pub b: f64,
}

ffi_test::main! {
    headers: ["hostile.h"],
    include_dirs: ["csrc"],
    defines: ["CRASHES_WHEN_READ=(*(volatile int *)0)"],
}
