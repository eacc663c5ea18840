use ffi_test::ffi_test;

#[ffi_test(fail_allocs = 3)]
fn sweep__value__then_error() {}

#[ffi_test(fail_allocs(max = 0))]
fn sweep__zero_runs__then_error() {}

#[ffi_test(fail_allocs(max = "ten"))]
fn sweep__max_not_a_number__then_error() {}

#[ffi_test(fail_allocs(sometimes))]
fn sweep__unknown_option__then_error() {}

#[ffi_test(fail_allocs, fail_allocs(from))]
fn sweep__twice__then_error() {}

ffi_test::main!();
