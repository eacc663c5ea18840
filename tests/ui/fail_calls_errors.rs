use ffi_test::ffi_test;

#[ffi_test(fail_calls)]
fn calls__no_calls__then_error() {}

#[ffi_test(fail_calls(errno = EINTR))]
fn calls__only_options__then_error() {}

#[ffi_test(fail_calls(reed, write))]
fn calls__unknown_call__then_error() {}

#[ffi_test(fail_calls(read, errno = EWHATEVER))]
fn calls__unknown_errno__then_error() {}

#[ffi_test(fail_calls(read, read))]
fn calls__listed_twice__then_error() {}

#[ffi_test(fail_calls(open, short))]
fn calls__short_without_bytes__then_error() {}

#[ffi_test(fail_calls(read, errno = EINTR, from))]
fn calls__interrupted_forever__then_error() {}

#[ffi_test(fail_calls(read, errno = "EIO"))]
fn calls__errno_as_string__then_error() {}

#[ffi_test(fail_calls = "read")]
fn calls__not_a_list__then_error() {}

#[ffi_test(fail_calls = ["read", 3])]
fn calls__not_a_name__then_error() {}

#[ffi_test(fail_calls(read, max = 0))]
fn calls__zero_runs__then_error() {}

ffi_test::main!();
