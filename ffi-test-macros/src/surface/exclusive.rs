//! Whether two items' `#[cfg]`s can never both hold, so that they may share a test name: a
//! binding declared once per target (`#[cfg(target_os = "linux")]` beside
//! `#[cfg(target_os = "macos")]`) keeps its own name on each, instead of one target's test
//! being called `NAME_2` because of an item compiled out there.
//!
//! Only what is plainly exclusive is recognised (`P` and `not(P)`; two values of a key a target
//! has one value of; `unix` and `windows`); anything else counts as possibly both, and the
//! names stay apart.

use syn::{Attribute, Expr, Lit, Meta};

/// Keys a target has exactly one value of.
const SINGLE_VALUED: &[&str] = &[
    "target_os",
    "target_arch",
    "target_pointer_width",
    "target_endian",
    "target_env",
    "target_vendor",
];

/// Whether no target compiles in both an item under `a` and one under `b` (each a list of
/// `#[cfg]` attributes, all of which must hold).
pub(super) fn exclusive(a: &[Attribute], b: &[Attribute]) -> bool {
    let (a, b) = (predicates(a), predicates(b));
    a.iter().any(|p| b.iter().any(|q| never_both(p, q)))
}

fn predicates(attrs: &[Attribute]) -> Vec<Meta> {
    attrs
        .iter()
        .filter_map(|a| a.parse_args::<Meta>().ok())
        .collect()
}

fn never_both(p: &Meta, q: &Meta) -> bool {
    let same = |x: &Meta, y: &Meta| text(x) == text(y);
    if negated(p).is_some_and(|n| same(&n, q)) || negated(q).is_some_and(|n| same(&n, p)) {
        return true;
    }
    if let (Some((k1, v1)), Some((k2, v2))) = (key_value(p), key_value(q)) {
        return k1 == k2 && v1 != v2 && SINGLE_VALUED.contains(&k1.as_str());
    }
    let words = [text(p), text(q)];
    words == ["unix", "windows"] || words == ["windows", "unix"]
}

/// `P` of `not(P)`.
fn negated(meta: &Meta) -> Option<Meta> {
    match meta {
        Meta::List(list) if list.path.is_ident("not") => list.parse_args().ok(),
        _ => None,
    }
}

fn key_value(meta: &Meta) -> Option<(String, String)> {
    let Meta::NameValue(nv) = meta else {
        return None;
    };
    let Expr::Lit(lit) = &nv.value else {
        return None;
    };
    let Lit::Str(s) = &lit.lit else { return None };
    Some((text_of_path(&nv.path), s.value()))
}

fn text(meta: &Meta) -> String {
    quote::ToTokens::to_token_stream(meta).to_string()
}

fn text_of_path(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path).to_string()
}

#[cfg(test)]
mod tests {
    use super::exclusive;

    fn cfgs(text: &str) -> Vec<syn::Attribute> {
        let item: syn::ItemFn = syn::parse_str(&format!("{text} fn f() {{}}")).unwrap();
        item.attrs
    }

    #[test]
    fn plainly_exclusive_cfgs_are_recognised_and_nothing_else() {
        let linux = cfgs("#[cfg(target_os = \"linux\")]");
        let macos = cfgs("#[cfg(target_os = \"macos\")]");
        let not_linux = cfgs("#[cfg(not(target_os = \"linux\"))]");
        let unix = cfgs("#[cfg(unix)]");
        let windows = cfgs("#[cfg(windows)] #[cfg(feature = \"x\")]");
        let feature = cfgs("#[cfg(feature = \"a\")]");
        let other_feature = cfgs("#[cfg(feature = \"b\")]");
        assert!(exclusive(&linux, &macos));
        assert!(exclusive(&linux, &not_linux));
        assert!(exclusive(&not_linux, &linux));
        assert!(exclusive(&unix, &windows));
        assert!(!exclusive(&linux, &unix));
        assert!(!exclusive(&feature, &other_feature)); // features are not single-valued
        assert!(!exclusive(&linux, &[]));
        assert!(!exclusive(&linux, &linux));
    }
}
