//! The whole of bindgen's output for csrc/vocabulary.h, checked against the C compiler.
//!
//! Two findings are real and expected: `vocab_scale` takes and returns `long double`, which
//! bindgen binds as `u128` (same size, but passed in integer registers where C passes x87
//! values in memory: calling it from Rust is wrong); and `vocab_declared_only` is declared by
//! the header but defined by no library.
//!
//! `__VOCAB_ORDER` and `VOCAB_ORDER` have the same generated subject: the second, in the order
//! of their Rust names, is `vocab_order_2`.

ffi_test::check_surface!(
    bindgen_vocabulary,
    file = "src/bindings.rs",
    headers = ["vocabulary.h"],
    unbound = "deny",
    item(vocab_scale, expect = fail),
    item(vocab_declared_only, expect = fail),
    // `VocabPair` and `vocab_pair` would both be `vocab_pair__layout__...` (the second would get
    // a `_2` suffix): named here instead.
    item(VocabPair, test = "vocab_pair_typedef"),
    // bindgen wrote this output on x86-64, whose `va_list` is an array of one `__va_list_tag`:
    // on every other target `va_list` is another type, and these three are wrong there.
    item(va_list, expect = busted(not(target_arch = "x86_64"))),
    item(
        __builtin_va_list,
        expect = busted(not(target_arch = "x86_64"))
    ),
    item(__va_list_tag, expect = busted(not(target_arch = "x86_64"))),
);
ffi_test::main! { headers: ["vocabulary.h"], include_dirs: ["csrc"] }

// A hand-written check whose generated name is the surface's own `point__layout__then_matches_c`:
// the run does not refuse to start; this one (later in the file) runs as
// `point_2__layout__then_matches_c`, against its own C. It compares `point` with `struct
// segment` on purpose, so that a mix-up of the two checks' C would show.
ffi_test::check_layout!(
    bindgen_vocabulary::point,
    "struct segment",
    fields(x = "width", y = "width"),
    expect = fail
);
