use ffi_test::ffi_test;

#[ffi_test(expect = explode)]
fn a__unknown_expectation__then_error() {}

#[ffi_test(expect = crash("SIGWHATEVER"))]
fn a__unknown_signal__then_error() {}

#[ffi_test(expect = crash)]
fn a__crash_without_signal__then_error() {}

#[ffi_test(expect = 3)]
fn a__not_an_expectation__then_error() {}

#[ffi_test(expect = busted(c_compiler = "msvc"))]
fn a__unknown_compiler__then_error() {}

#[ffi_test(expect = busted(c_compiler = "clang < eighteen"))]
fn a__malformed_version_bound__then_error() {}

fn main() {}
