//! The bridge's C++ side, tested from C++ bodies that include the header cxx generates for it
//! (`cxx-bridge-example/src/lib.rs.h`, with `rust/cxx.h`): the same `tally::Tally` Rust reaches
//! through the bridge, and the Rust function the bridge exports to C++, called from C++. Each
//! body's `extern "C"` function is bound to its test's `extern` block, as any C++ body's is.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(cpp = r#"
    extern "C" int tally_of_three_words(void) {
        auto t = tally::new_tally(1);
        t->add_words(rust::Str("one two  three"));
        return t->total();
    }
"#)]
fn tally__three_words_from_cpp__then_each_weighed_by_rust() {
    extern "C" {
        fn tally_of_three_words() -> c_int;
    }
    // SAFETY: no arguments.
    let from_cpp = unsafe { tally_of_three_words() };
    // 1 + three words of weight 2, as the bridge says from the Rust side.
    assert_eq!(from_cpp, 7);
    assert_eq!(cxx_bridge_example::tally_of("one two  three") + 1, from_cpp);
}

#[ffi_test(cpp = r#"
    extern "C" int weight_seen_from_cpp(void) { return tally::word_weight(); }
"#)]
fn word_weight__rust_function_called_from_cpp__then_rusts_answer() {
    extern "C" {
        fn weight_seen_from_cpp() -> c_int;
    }
    // SAFETY: no arguments.
    assert_eq!(
        unsafe { weight_seen_from_cpp() },
        cxx_bridge_example::word_weight()
    );
}

#[ffi_test(cpp = r#"
    #include <stdexcept>
    extern "C" int empty_text_adds_nothing(void) {
        auto t = tally::new_tally(5);
        t->add_words(rust::Str(""));
        t->add_words(rust::Str("   "));
        return t->total();
    }
"#)]
fn tally__blank_text__then_unchanged() {
    extern "C" {
        fn empty_text_adds_nothing() -> c_int;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { empty_text_adds_nothing() }, 5);
}

// cxx refuses text that is not UTF-8 with an exception, which here unwinds out of an
// `extern "C"` function into Rust: reported as its own finding (the process aborts), naming
// the exception cxx threw in its own code, and expected by its type.
#[ffi_test(
    cpp = r#"
    extern "C" int tally_of_latin1(void) {
        auto t = tally::new_tally(0);
        t->add_words(rust::Str("caf\xe9"));
        return t->total();
    }
"#,
    expect = cpp_exception("std::invalid_argument")
)]
fn tally__text_not_utf8__then_cxx_throws_into_rust() {
    extern "C" {
        fn tally_of_latin1() -> c_int;
    }
    // SAFETY: no arguments; the C++ throws before it returns.
    unsafe { tally_of_latin1() };
}

ffi_test::main! {
    headers: ["cxx-bridge-example/src/lib.rs.h"],
    // Where cxx-build writes the generated header and `rust/cxx.h`, and links the crate's own
    // headers (`cxx-bridge-example/include/tally.h`).
    include_dirs: [
        concat!(env!("OUT_DIR"), "/cxxbridge/include"),
        concat!(env!("OUT_DIR"), "/cxxbridge/crate"),
    ],
}
