//! The C half of a round-trip battery: every shape's function for one C type, from the same
//! model as the Rust drivers (`checks::roundtrip::shapes` in the runtime), which read the
//! symbols and filler values written here.

use std::fmt::Write;

/// Every function name the battery defines (each is renamed per type by the toolchain; the
/// copies' struct tags reuse the function names, so they are renamed too).
pub fn symbols() -> Vec<String> {
    let mut out: Vec<String> = [
        "ffi_rt_by_value",
        "ffi_rt_by_pointer",
        "ffi_rt_returned",
        "ffi_rt_echo",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.extend((1..=16).map(|n| format!("ffi_rt_after_{n}")));
    out.extend((1..=16).map(|n| format!("ffi_rt_copies_value_{n}")));
    out.extend((1..=16).map(|n| format!("ffi_rt_copies_pointer_{n}")));
    out.extend(
        ["a", "b", "c", "d"]
            .iter()
            .map(|v| format!("ffi_rt_mix_{v}")),
    );
    out.push("ffi_rt_call_rust".into());
    out.push("ffi_rt_rust_returns".into());
    out
}

/// The C text for `c_type`.
pub fn text(c_type: &str) -> String {
    let mut c = String::new();
    let w = &mut c;
    let _ = writeln!(w, "#include <string.h>");
    let _ = writeln!(w, "#define ffi_rt_t {c_type}");
    let _ = writeln!(
        w,
        "void ffi_rt_by_value(ffi_rt_t v, unsigned char *out) {{ memcpy(out, &v, sizeof v); }}"
    );
    let _ = writeln!(w, "void ffi_rt_by_pointer(const ffi_rt_t *v, unsigned char *out) {{ memcpy(out, v, sizeof *v); }}");
    let _ = writeln!(w, "ffi_rt_t ffi_rt_returned(const unsigned char *in) {{ ffi_rt_t v; memcpy(&v, in, sizeof v); return v; }}");
    let _ = writeln!(w, "ffi_rt_t ffi_rt_echo(ffi_rt_t v) {{ return v; }}");
    for n in 1..=16i64 {
        // Fillers alternate long long and double, as checks::roundtrip::after_args sends them.
        let params: Vec<String> = (1..=n)
            .map(|k| {
                if k % 2 == 1 {
                    format!("long long f{k}")
                } else {
                    format!("double f{k}")
                }
            })
            .collect();
        let checks: Vec<String> = (1..=n)
            .map(|k| {
                if k % 2 == 1 {
                    format!("f{k} == {}LL", k * 0x0101_0101)
                } else {
                    format!("f{k} == {}.5", k)
                }
            })
            .collect();
        let _ = writeln!(
            w,
            "int ffi_rt_after_{n}({}, ffi_rt_t v, unsigned char *out) {{ memcpy(out, &v, sizeof v); return {}; }}",
            params.join(", "),
            checks.join(" && ")
        );
    }
    for n in 1..=16 {
        let _ = writeln!(w, "struct ffi_rt_copies_value_{n} {{ ffi_rt_t v[{n}]; }};");
        let _ = writeln!(w, "void ffi_rt_copies_value_{n}(struct ffi_rt_copies_value_{n} s, unsigned char *out) {{ memcpy(out, &s, sizeof s); }}");
        let _ = writeln!(w, "void ffi_rt_copies_pointer_{n}(const struct ffi_rt_copies_value_{n} *s, unsigned char *out) {{ memcpy(out, s, sizeof *s); }}");
    }
    // The u8 is 0xA5 and the float 1.25, as the Rust driver sends them.
    for (name, params) in [
        ("a", "unsigned char a, ffi_rt_t v, float b"),
        ("b", "float b, ffi_rt_t v, unsigned char a"),
        ("c", "ffi_rt_t v, unsigned char a, float b"),
        ("d", "unsigned char a, float b, ffi_rt_t v"),
    ] {
        let _ = writeln!(
            w,
            "int ffi_rt_mix_{name}({params}, unsigned char *out) {{ memcpy(out, &v, sizeof v); return a == 0xA5 && b == 1.25f; }}"
        );
    }
    let _ = writeln!(w, "void ffi_rt_call_rust(void (*cb)(ffi_rt_t, void *), const unsigned char *in, void *ctx) {{ ffi_rt_t v; memcpy(&v, in, sizeof v); cb(v, ctx); }}");
    let _ = writeln!(w, "void ffi_rt_rust_returns(ffi_rt_t (*cb)(void *), void *ctx, unsigned char *out) {{ ffi_rt_t v = cb(ctx); memcpy(out, &v, sizeof v); }}");
    let _ = writeln!(w, "#undef ffi_rt_t");
    c
}
