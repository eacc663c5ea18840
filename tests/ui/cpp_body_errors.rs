use ffi_test::ffi_test;

#[ffi_test(cpp)]
fn missing__cpp_without_text__then_error() {}

#[ffi_test(cpp = 3)]
fn wrong__cpp_not_a_string__then_error() {}

#[ffi_test(c = "int f(void) { return 1; }", cpp = "extern \"C\" int g() { return 2; }")]
fn two__c_and_cpp_bodies__then_error() {}

#[ffi_test(cpp_file = "")]
fn empty__cpp_file_path__then_error() {}

#[ffi_test(cpp = "int x;", cpp = "int y;")]
fn twice__cpp_given_twice__then_error() {}

#[ffi_test(expect = cpp_exception, cpp = "extern \"C\" void t() { throw 1; }")]
fn unnamed__cpp_exception_without_type__then_error() {}

#[ffi_test(expect = cpp_exception(""), cpp = "extern \"C\" void u() { throw 1; }")]
fn empty__cpp_exception_type__then_error() {}

ffi_test::main!();
