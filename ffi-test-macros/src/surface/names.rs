//! bindgen's naming conventions, read back: which names are anonymous types, how a Rust member
//! name maps to C's, which types are integers.

use std::collections::HashMap;

use syn::Type;

/// `Some(parent)` for a type bindgen made for an anonymous member or type (`foo__bindgen_ty_1`).
pub fn anonymous_parent(name: &str) -> Option<&str> {
    name.find("__bindgen_ty_").map(|at| &name[..at])
}

/// bindgen's name for an anonymous enum's type: `_bindgen_ty_3`.
pub fn is_anonymous_enum(name: &str) -> bool {
    name.strip_prefix("_bindgen_ty_")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An identifier for `name` (a Rust item name, so already one): kept as is.
pub fn identifier_for(name: &str) -> String {
    name.trim_start_matches("r#").to_string()
}

/// The last identifier of a type path (`foo` for `foo`, `self::foo` or `[..]`-free paths).
pub fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Rust keywords bindgen escapes by appending `_` to a C member named like one.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The C member bindgen bound as Rust field `rust`: `type_` is C's `type`.
pub fn c_member(rust: &str) -> String {
    let rust = rust.trim_start_matches("r#");
    match rust.strip_suffix('_') {
        Some(stem) if KEYWORDS.contains(&stem) => stem.to_string(),
        _ => rust.to_string(),
    }
}

/// Whether `ty` is an integer or `bool`, also through the file's aliases (`__u8`, `c_uint`).
pub fn is_integer_or_bool(ty: &Type, aliases: &HashMap<String, &Type>) -> bool {
    resolves_to(ty, aliases, is_primitive_integer)
}

/// Whether a constant of type `ty` can be compared with C (`AsConst`): integers, floats and
/// `bool` (also through the file's aliases), byte strings, `&CStr`, `&str`, `*const c_char`.
pub fn is_comparable_constant(ty: &Type, aliases: &HashMap<String, &Type>) -> bool {
    match ty {
        Type::Reference(r) => match &*r.elem {
            Type::Array(a) => last_segment(&a.elem).as_deref() == Some("u8"),
            Type::Slice(s) => last_segment(&s.elem).as_deref() == Some("u8"),
            other => matches!(last_segment(other).as_deref(), Some("CStr" | "str")),
        },
        Type::Ptr(p) => {
            p.mutability.is_none() && last_segment(&p.elem).as_deref() == Some("c_char")
        }
        _ => {
            is_integer_or_bool(ty, aliases)
                || resolves_to(ty, aliases, |n| {
                    matches!(n, "f32" | "f64" | "c_float" | "c_double")
                })
        }
    }
}

fn resolves_to(ty: &Type, aliases: &HashMap<String, &Type>, accept: impl Fn(&str) -> bool) -> bool {
    first_on_chain(ty, aliases, |name| accept(name).then_some(())).is_some()
}

/// The first answer `find` gives for a name on `ty`'s chain of aliases (`ty`'s own name, the
/// name its alias names, and so on, at most 16 deep).
pub fn first_on_chain<T>(
    ty: &Type,
    aliases: &HashMap<String, &Type>,
    find: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let mut ty = ty;
    for _ in 0..16 {
        let name = last_segment(ty)?;
        if let Some(found) = find(&name) {
            return Some(found);
        }
        ty = aliases.get(&name)?;
    }
    None
}

fn is_primitive_integer(name: &str) -> bool {
    matches!(
        name,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "bool"
            | "c_char"
            | "c_schar"
            | "c_uchar"
            | "c_short"
            | "c_ushort"
            | "c_int"
            | "c_uint"
            | "c_long"
            | "c_ulong"
            | "c_longlong"
            | "c_ulonglong"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindgen_names_are_read_back() {
        assert_eq!(
            anonymous_parent("tcphdr__bindgen_ty_1__bindgen_ty_2"),
            Some("tcphdr")
        );
        assert!(is_anonymous_enum("_bindgen_ty_11") && !is_anonymous_enum("_bindgen_ty_x"));
        assert_eq!(c_member("type_"), "type");
        assert_eq!(c_member("th_x2"), "th_x2");
        assert_eq!(c_member("data_"), "data_");
        let target: Type = syn::parse_quote!(::std::os::raw::c_uint);
        let aliases = HashMap::from([("__u32".to_string(), &target)]);
        assert!(is_integer_or_bool(&syn::parse_quote!(__u32), &aliases));
        assert!(!is_integer_or_bool(
            &syn::parse_quote!(tcp_ca_state_e),
            &aliases
        ));
    }
}
