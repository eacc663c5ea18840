ffi_test::main! { headers = ["a.h"] }
