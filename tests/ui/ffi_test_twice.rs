use ffi_test::ffi_test;

#[ffi_test(c = "int one(void) { return 1; }")]
#[ffi_test]
fn twice__two_attributes__then_refused() {}

fn main() {}

