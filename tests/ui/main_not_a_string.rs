ffi_test::main! { headers: [42] }
