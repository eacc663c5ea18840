//! Names shared by whole-surface checks (`check_surface!`) and the runtime.
//!
//! A Rust binding names a C type by one identifier, which C may know as a tag (`struct foo`) or
//! as a typedef (`foo`); only the headers can tell. A check asks the runtime's prelude (made
//! from the headers, like prototypes) to define a macro spelling the type as C knows it.

/// In a fragment's prototype requests: resolve the C type named by the rest of the entry.
const TYPE_REQUEST: &str = "type:";

/// The prototype request for the C type Rust names `name`.
pub fn type_request(name: &str) -> String {
    format!("{TYPE_REQUEST}{name}")
}

/// The name [`type_request`] asked about, if `request` is one (else a function's prototype).
pub fn type_of_request(request: &str) -> Option<&str> {
    request.strip_prefix(TYPE_REQUEST)
}

/// The macro the prelude defines as the C spelling of the type Rust names `name`:
/// `struct name`, `union name`, `enum name`, or `name` (a typedef); for a C++ binding's
/// qualified name (`ns::Outer_Inner`), the C++ name (`ns::Outer::Inner`).
pub fn type_macro(name: &str) -> String {
    format!("FFI_TEST_C_TYPE_{}", identifier_part(name))
}

/// The C type `c_type` adjusted as a parameter of that type would be: a function type to a
/// pointer to it (`typedef int handler_t(void *)` as `handler_t *`), any other type as it is
/// but for an array, which decays too (a Rust function pointer bound to a C array is still
/// told apart: a data pointer). For C only: a C++ comma expression does not decay.
pub fn function_adjusted(c_type: &str) -> String {
    format!("__typeof__((0, *({c_type} *)0))")
}

/// The macro the prelude of a C++ unit defines instead of [`type_macro`] when C++ has no name
/// for the type bindgen names `name`: why, as a string literal. The checks that would name the
/// type say so instead of comparing.
pub fn unresolved_macro(name: &str) -> String {
    format!("FFI_TEST_C_UNRESOLVED_{}", identifier_part(name))
}

/// `name` as part of an identifier: a C++ name's `::` as `_Q_` (C names have none).
fn identifier_part(name: &str) -> String {
    name.replace("::", "_Q_")
}

/// Why C++ has no name for the type Rust names `name`, if `prelude` (a unit's prelude) says
/// so with its [`unresolved_macro`].
pub fn unresolved_in(prelude: &str, name: &str) -> Option<String> {
    let head = format!("#define {} ", unresolved_macro(name));
    let literal = prelude.lines().find_map(|l| l.strip_prefix(&head))?;
    let inner = literal.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// C text as a report shows it: a [`type_macro`] at its start (a C++ enumerator's
/// `FFI_TEST_C_TYPE_ns_Q_Color::Blue`) as the name it was asked for (`ns::Color::Blue`).
pub fn shown(c_text: &str) -> String {
    match c_text.strip_prefix("FFI_TEST_C_TYPE_") {
        Some(rest) => {
            let (name, tail) = rest.split_once("::").unwrap_or((rest, ""));
            let name = name.replace("_Q_", "::");
            let name = name.trim_start_matches("::");
            match tail {
                "" => name.to_string(),
                tail => format!("{name}::{tail}"),
            }
        }
        None => c_text.to_string(),
    }
}

/// The C function a check whose type C++ cannot name defines instead of its facts:
/// `const char *ffi_test_unresolved(void)`, returning why.
pub const UNRESOLVED_SYMBOL: &str = "ffi_test_unresolved";

/// C++ text for a check whose type is `spelling` (a [`type_macro`]): `text`, or, when the
/// prelude says the type has no C++ name, [`UNRESOLVED_SYMBOL`] returning why and each of
/// `symbols` (those `text` defines) as a placeholder, so the test still binds. The
/// `UNRESOLVED_SYMBOL` of a resolved type returns null.
pub fn unless_unresolved(spelling: &str, text: &str, symbols: &[&str]) -> String {
    let Some(name) = spelling.strip_prefix("FFI_TEST_C_TYPE_") else {
        return text.to_string();
    };
    let unresolved = format!("FFI_TEST_C_UNRESOLVED_{name}");
    let placeholders: String = symbols
        .iter()
        .map(|s| format!("FFI_TEST_C_LINKAGE const char {s}[1] = {{ 0 }};\n"))
        .collect();
    format!(
        "#ifdef {unresolved}\nFFI_TEST_C_LINKAGE const char *{UNRESOLVED_SYMBOL}(void) {{ return {unresolved}; }}\n\
         {placeholders}#else\nFFI_TEST_C_LINKAGE const char *{UNRESOLVED_SYMBOL}(void) {{ return 0; }}\n{text}#endif\n"
    )
}

/// The symbols a check's C text defines: `symbol`, and [`UNRESOLVED_SYMBOL`] where the text
/// (from [`unless_unresolved`]) may say its type has no C++ name.
pub fn symbols_of(text: &str, symbol: &str) -> Vec<String> {
    let mut symbols = vec![symbol.to_string()];
    if text.contains(UNRESOLVED_SYMBOL) {
        symbols.push(UNRESOLVED_SYMBOL.to_string());
    }
    symbols
}

/// [`unless_unresolved`] for a check of a C++ expression named through a type's spelling
/// (`FFI_TEST_C_TYPE_ns_Q_C::count`, a static member or a constant): its text, guarded where
/// the expression starts with a spelling, and the symbols it defines ([`symbols_of`]).
pub fn through_spelling(expr: &str, text: &str, symbol: &str) -> (String, Vec<String>) {
    let spelling = expr.split_once("::").map_or("", |(spelling, _)| spelling);
    let text = unless_unresolved(spelling, text, &[symbol]);
    let symbols = symbols_of(&text, symbol);
    (text, symbols)
}

/// Values a bit-field's facts take: first bit, last bit, number of bits set.
pub const BITFIELD_FACTS: usize = 3;

/// The C helper that finds the bits a bit-field occupies (after `-1` is stored in it in an
/// otherwise zeroed value), numbered from the first byte's least significant bit.
pub const BITS_HELPER: &str = "ffi_test_bits";

/// C text of [`BITS_HELPER`]; the runtime computes the same facts from Rust's bytes.
pub fn c_support() -> String {
    format!(
        "static __attribute__((unused)) void {BITS_HELPER}(const unsigned char *p, unsigned long n, unsigned long long *out) {{\n\
         \x20   unsigned long long first = ~0ULL, last = 0, count = 0;\n\
         \x20   for (unsigned long long i = 0; i < 8ULL * n; i++)\n\
         \x20       if ((p[i / 8] >> (i % 8)) & 1) {{ if (first == ~0ULL) first = i; last = i; count++; }}\n\
         \x20   out[0] = first; out[1] = last; out[2] = count;\n\
         }}\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_check_through_a_spelling_is_guarded_and_names_its_symbols() {
        let (text, symbols) = super::through_spelling("FFI_TEST_C_TYPE_ns_Q_C::count", "T\n", "s");
        assert!(
            text.starts_with("#ifdef FFI_TEST_C_UNRESOLVED_ns_Q_C\n"),
            "{text}"
        );
        assert_eq!(symbols, ["s", super::UNRESOLVED_SYMBOL]);
        let (text, symbols) = super::through_spelling("LIMIT", "T\n", "s");
        assert_eq!(
            (text.as_str(), &symbols[..]),
            ("T\n", &["s".to_string()][..])
        );
    }

    #[test]
    fn a_type_request_reads_back_and_a_function_is_not_one() {
        assert_eq!(
            super::type_of_request(&super::type_request("png_struct")),
            Some("png_struct")
        );
        assert_eq!(super::type_of_request("png_create_read_struct"), None);
    }

    #[test]
    fn an_unresolved_type_is_read_back_from_a_prelude() {
        let prelude = format!(
            "#define {} \"a member of `A<\\\"x\\\">`\"\n",
            super::unresolved_macro("ns::A_B")
        );
        assert_eq!(
            super::unresolved_in(&prelude, "ns::A_B").as_deref(),
            Some("a member of `A<\"x\">`")
        );
        assert_eq!(super::unresolved_in(&prelude, "ns::A"), None);
    }

    #[test]
    fn a_cpp_spelling_is_shown_as_the_name_it_stands_for() {
        use super::{shown, type_macro};
        let spelled = format!("{}::Blue", type_macro("ns::Color"));
        assert_eq!(shown(&spelled), "ns::Color::Blue");
        assert_eq!(shown(&type_macro("::FILE")), "FILE");
        assert_eq!(shown("PLAIN_A"), "PLAIN_A");
    }
}
