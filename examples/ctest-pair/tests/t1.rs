//! ctest's good half: every item of src/t1.rs against csrc/t1.h.

ffi_test::check_surface!(ctest_pair::t1, file = "src/t1.rs", headers = ["t1.h"]);
ffi_test::main! { headers: ["t1.h"], include_dirs: ["csrc"] }
