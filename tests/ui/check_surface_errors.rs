// The bindings are found from the package root, which for these cases is trybuild's project
// directory (target/tests/trybuild/ffi-test-suite); tests/ui.rs copies tests/ui/surface there.

mod sys {
    include!("surface/bindings.rs");
}

ffi_test::check_surface!(sys);

ffi_test::check_surface!(sys, file = "src/no_such_bindings.rs");

ffi_test::check_surface!(sys, file = "surface/not_rust.txt");

ffi_test::check_surface!(sys, file = "../../../../tests/ui/surface/bindings.rs");

ffi_test::check_surface!(sys, file = "surface/deep.rs");

ffi_test::check_surface!(sys, file = "$OUT_DIR/bindings.rs");

ffi_test::check_surface!(sys, file = "surface/bindings.rs", header = "x.h");

ffi_test::check_surface!(sys, file = "surface/bindings.rs", unbound = "deny");

ffi_test::check_surface!(
    sys,
    file = "surface/bindings.rs",
    headers = ["x.h"],
    unbound = "maybe",
);

ffi_test::check_surface!(
    sys,
    file = "surface/bindings.rs",
    item(missing, expect = fail),
    item(pair.c, skip = "no such field"),
    item(nothing_here.a, skip = "no such type"),
    item(LIMIT),
    item(pair, test = "not a name"),
    item(pair.a, expect = fail),
    item(pair, skip = ""),
    item(twice, expect = fail),
    item(union twice, expect = fail),
    item(LIMIT, expect = fail),
    item(LIMIT, expect = busted(unix)),
    item(pair.a, c = "not a member"),
    item(pair.c, c = "b"),
    item(LIMIT, c = ""),
    item(pair, c = "struct"),
    item(pair, c = "struct pair"),
    item(pair, c = "struct pear"),
);

// A device or a FIFO is refused before it is read (it would exhaust memory or stall the build).
ffi_test::check_surface!(sys, file = "/dev/zero");

mod cpp {
    include!("surface/cpp_bindings.rs");
}

// The census of unbound declarations reads C headers: not for C++ bindings.
ffi_test::check_surface!(cpp, file = "surface/cpp_bindings.rs", headers = ["point.hpp"]);

ffi_test::check_surface!(sys, file = "surface/fifo.rs");

ffi_test::main!();
