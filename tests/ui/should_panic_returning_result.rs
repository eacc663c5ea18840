use ffi_test::ffi_test;

#[ffi_test(should_panic)]
fn a__b__then_c() -> Result<(), String> {
    Ok(())
}

fn main() {}
