//! A copy of `src/bindings.rs` with one bug per construct of bindgen's vocabulary (the diff
//! against `src/bindings.rs` is the list), each expected to fail: the suite passes while
//! proving every one is caught. `--ignore-expectations` shows the reports. bindgen's own
//! compile-time layout assertions are removed from the copy: they would stop the build at
//! the first size change, before any report.

mod broken {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("broken/bindings.rs");
}

ffi_test::check_surface!(
    broken,
    file = "tests/broken/bindings.rs",
    // The copy leaves `vocab_reset` out: with `unbound = "deny"`, that fails the surface.
    headers = ["vocabulary.h"],
    unbound = "deny",
    unbound_expect = fail,
    // Members: an anonymous union's, a member of anonymous type, a bit-field's position, a
    // flexible array's element, an opaque blob's size, a field of another struct's type.
    item(anon_holder, expect = fail),
    item(flags, expect = fail),
    item(flex, expect = fail),
    item(blob, expect = fail),
    item(segment, expect = fail),
    // A field compared with the C member `c = ".."` names: here the wrong one, so the check
    // compares `b` with C's `a` and names C's `b` as unbound.
    item(vocab_pair, expect = fail),
    item(vocab_pair.b, c = "a"),
    // Enums in every style bindgen writes, and aliases.
    item(rust_color, expect = fail),
    item(nt_mode::MODE_B, expect = fail),
    item(bf_perm::PERM_X, expect = fail),
    item(mc_level::LEVEL_HIGH, expect = fail),
    item(plain_kind_KIND_TWO, expect = fail),
    item(ANON_SECOND, expect = fail),
    item(count_t, expect = fail),
    item(visit_fn, expect = fail),
    // Functions and statics.
    item(vocab_vlog, expect = fail),
    item(vocab_log, expect = fail),
    item(vocab_mid, expect = fail),
    item(vocab_die, expect = fail),
    item(vocab_scale, expect = fail),
    item(vocab_declared_only, expect = fail),
    // An asm label's symbol (`link_name = "\u{1}..."`), its parameter widened.
    item(vocab_renamed, expect = fail),
    item(vocab_version, expect = fail),
    item(vocab_counter, expect = fail),
    // Function pointers written inline: a static's function type (`item(fn NAME, ..)`; the
    // static itself, a pointer either way, passes) and a parameter's (`item(f.param, ..)`).
    item(fn vocab_hook, expect = fail),
    item(vocab_each.each, expect = fail),
    // Not planted: it takes a `visit_fn`, whose binding is wrong above.
    item(vocab_visit, expect = fail),
    // Macros, and the compiler's own va_list element.
    item(VOCAB_LIMIT, expect = fail),
    item(VOCAB_NAME, expect = fail),
    item(VOCAB_RATIO, expect = fail),
    item(__va_list_tag, expect = fail),
    // A record holding a C-variadic callback, bound as a data pointer; a record whose member
    // names the header then defines as macros, its members swapped.
    item(vocab_logger, expect = fail),
    item(vocab_globals, expect = fail),
    // What pointers point to: `char **` as a pointer to char, `const unsigned char *` as one to
    // `c_char`, `const wchar_t *` as one to `u16`, a handle's `**` as `*` and its `*` as `**`,
    // a returned byte pointer as one to `c_ushort`, a callback's buffer as one to `c_float`.
    item(vocab_fill, expect = fail),
    item(vocab_text_len, expect = fail),
    item(vocab_wide_len, expect = fail),
    item(vocab_open, expect = fail),
    item(vocab_close, expect = fail),
    item(vocab_bytes, expect = fail),
    item(fn vocab_read_fn, expect = fail),
    // bindgen wrote this output on x86-64, whose `va_list` is an array of one `__va_list_tag`
    // (planted bug above): on every other target `va_list` is another type, wrong there.
    item(va_list, expect = busted(not(target_arch = "x86_64"))),
    item(
        __builtin_va_list,
        expect = busted(not(target_arch = "x86_64"))
    ),
);
ffi_test::main! { headers: ["vocabulary.h"], include_dirs: ["csrc"] }

// Linked for the library it carries, though nothing here names an item of it.
extern crate bindgen_vocabulary as _;
