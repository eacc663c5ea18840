use ffi_test::ffi_test;

// A file that does not exist: the error points at the path as written.
#[ffi_test(c_file = "tests/c/no_such_body.c")]
fn a__c_file_missing__then_error() {}

// Two C bodies for one test.
#[ffi_test(c = r#"int f(void) { return 1; }"#, c_file = "tests/c/body.c")]
fn b__c_and_c_file__then_error() {}

// No path.
#[ffi_test(c_file = "")]
fn c__c_file_empty__then_error() {}

#[ffi_test(c_file)]
fn d__c_file_without_value__then_error() {}

fn main() {}
