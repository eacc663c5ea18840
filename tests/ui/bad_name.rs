use ffi_test::ffi_test;

#[ffi_test]
fn bad_name() {}

fn main() {}

// Non-ASCII letters: the suggestion keeps the parts where they were.
#[ffi_test]
fn größe__zählen__then_ok() {}
