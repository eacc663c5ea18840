use ffi_test::ffi_test;

#[ffi_test(expect = memory_error("stack-smash"))]
fn a__unknown_finding__then_error() {}

#[ffi_test(expect = memory_error)]
fn a__finding_missing__then_error() {}

#[ffi_test(expect = memory_error("leak", when = pass))]
fn a__unknown_key__then_error() {}

#[ffi_test(expect = finding("race", otherwise = pass))]
fn finding__unknown_kind__then_error() {}

#[ffi_test(expect = finding)]
fn finding__no_kind__then_error() {}

fn main() {}
