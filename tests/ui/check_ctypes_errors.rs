ffi_test::check_ctypes!("tests/mirrors.py", Point);
ffi_test::check_ctypes!("not a module!", Point, "struct point");
ffi_test::check_ctypes!("tests/mirrors.py", Point, "struct");
ffi_test::check_ctypes!("tests/mirrors.py", Point, "struct point", expected = fail);
ffi_test::check_ctypes!("tests/mirrors.py", Point, "struct point", expect = fail, expect = pass);
ffi_test::check_ctypes!("tests/mirrors.py", Point, "struct point", expect = sometimes);

fn main() {}
