//! The whole of bindgen's C++ output for csrc/cpp_vocabulary.hpp, checked against the C++
//! compiler.
//!
//! Two findings are real and expected: `Ticket` has a user-provided copy constructor and
//! destructor, so C++ returns it from `issue` and passes it to `redeem` through a hidden
//! pointer, while bindgen binds both by value (Rust would pass its four bytes in a register).

ffi_test::check_surface!(
    bindgen_vocabulary::cpp,
    file = "src/cpp_bindings.rs",
    item(root::cvocab::issue, expect = fail),
    item(root::cvocab::redeem, expect = fail),
    // A C++ name given by hand: the static member keeps its symbol, the expression is this.
    item(root::cvocab::Shape_count, c = "cvocab::Shape::count"),
    item(
        root::cvocab::Point_DIMENSIONS,
        c = "cvocab::Point::DIMENSIONS"
    ),
);
ffi_test::main! { headers: ["cpp_vocabulary.hpp"], include_dirs: ["csrc"] }
