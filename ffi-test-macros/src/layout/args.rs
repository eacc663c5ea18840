//! `#[layout_matches("c type", key = value, ...)]` arguments, every error collected.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, LitInt, LitStr, Meta, Token};

use crate::syntax::errors::Errors;
use crate::syntax::literals::str_lit;

#[derive(Default)]
pub struct LayoutArgs {
    pub c_type: Option<LitStr>,
    pub size: Option<LitInt>,
    pub align: Option<LitInt>,
    /// Enums: prepended to every variant's C name.
    pub prefix: Option<LitStr>,
    /// Enums: how variant names become C names.
    pub case: Option<(LitStr, Case)>,
    pub expect: Option<proc_macro2::TokenStream>,
}

/// A C++ scope an enumerator is named in (`Mode::`, `ns::Mode::`).
fn is_scope(prefix: &str) -> bool {
    use crate::syntax::c_names::{is_identifier, is_qualified_name};
    prefix
        .strip_suffix("::")
        .is_some_and(|scope| is_identifier(scope) || is_qualified_name(scope))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Case {
    ScreamingSnake,
    Snake,
    Pascal,
    Camel,
    Verbatim,
}

const KNOWN: &str = "`size`, `align`, `prefix`, `case`, `expect`";

/// `"c type", key = value, ...`: the shape of every attribute naming a C type (layout and
/// round-trip), before each key is interpreted.
pub struct Raw {
    pub c_type: Option<LitStr>,
    pub rest: Punctuated<Meta, Token![,]>,
}

impl Parse for Raw {
    fn parse(input: ParseStream) -> syn::Result<Raw> {
        let c_type = if input.peek(LitStr) {
            Some(input.parse()?)
        } else {
            None
        };
        if c_type.is_some() && !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        Ok(Raw {
            c_type,
            rest: Punctuated::parse_terminated(input)?,
        })
    }
}

impl LayoutArgs {
    pub fn parse(tokens: proc_macro2::TokenStream, errors: &mut Errors) -> LayoutArgs {
        let raw: Raw = match syn::parse2(tokens) {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(syn::Error::new(
                    e.span(),
                    format!("malformed #[layout_matches] arguments: {e}; expected e.g. `#[layout_matches(\"struct point\", size = 16)]`"),
                ));
                return LayoutArgs::default();
            }
        };
        let mut args = LayoutArgs {
            c_type: raw.c_type,
            ..LayoutArgs::default()
        };
        for meta in raw.rest {
            let key = meta
                .path()
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            let Meta::NameValue(nv) = &meta else {
                errors.error(&meta, format!("expected `key = value`, one of {KNOWN}"));
                continue;
            };
            match key.as_str() {
                "size" | "align" => match int_lit(&nv.value) {
                    Some(n) if key == "size" => args.size = Some(n),
                    Some(n) => args.align = Some(n),
                    None => errors.error(&nv.value, format!("`{key}` takes a whole number of bytes, e.g. `{key} = 8`")),
                },
                "prefix" => match str_lit(&nv.value) {
                    // A C++ scoped enumeration's: `prefix = "ns::Mode::"`.
                    Some(s) if is_scope(&s.value()) => args.prefix = Some(s),
                    Some(s) if !crate::syntax::c_names::is_identifier_tail(&s.value()) => errors.error(
                        &s,
                        format!("`prefix` must be made of the characters of a C identifier, not `{}`: it is glued to each enumerator's name", s.value().escape_debug()),
                    ),
                    Some(s) => args.prefix = Some(s),
                    None => errors.error(&nv.value, "`prefix` takes a string, e.g. `prefix = \"COLOR_\"`"),
                },
                "case" => match str_lit(&nv.value) {
                    Some(s) => match Case::from_name(&s.value()) {
                        Some(case) => args.case = Some((s, case)),
                        None => errors.error(&s, "`case` is one of \"SCREAMING_SNAKE_CASE\", \"snake_case\", \"PascalCase\", \"camelCase\", \"verbatim\""),
                    },
                    None => errors.error(&nv.value, "`case` takes a string, e.g. `case = \"SCREAMING_SNAKE_CASE\"`"),
                },
                "expect" => args.expect = crate::syntax::expect::parse(&nv.value, errors),
                _ => errors.error(meta.path(), format!("unknown #[layout_matches] argument `{key}`; expected one of {KNOWN}")),
            }
        }
        args
    }
}

fn int_lit(expr: &Expr) -> Option<LitInt> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => Some(i.clone()),
        _ => None,
    }
}

impl Case {
    fn from_name(name: &str) -> Option<Case> {
        Some(match name {
            "SCREAMING_SNAKE_CASE" => Case::ScreamingSnake,
            "snake_case" => Case::Snake,
            "PascalCase" => Case::Pascal,
            "camelCase" => Case::Camel,
            "verbatim" => Case::Verbatim,
            _ => return None,
        })
    }

    pub fn apply(self, name: &str) -> String {
        let words = words(name);
        match self {
            Case::Verbatim => name.to_string(),
            Case::ScreamingSnake => words
                .iter()
                .map(|w| w.to_uppercase())
                .collect::<Vec<_>>()
                .join("_"),
            Case::Snake => words
                .iter()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
                .join("_"),
            Case::Pascal => words.iter().map(|w| capitalise(w)).collect(),
            Case::Camel => {
                let mut out = String::new();
                for (i, w) in words.iter().enumerate() {
                    out.push_str(&if i == 0 {
                        w.to_lowercase()
                    } else {
                        capitalise(w)
                    });
                }
                out
            }
        }
    }
}

fn capitalise(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Splits `FooBar`, `foo_bar`, `FOO_BAR` and `HTTPServer` into words.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = if i > 0 { chars[i - 1] } else { '_' };
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let boundary = c.is_uppercase()
            && (prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_lower));
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::Case;

    #[test]
    fn variant_name_cases() {
        assert_eq!(Case::ScreamingSnake.apply("ErrNull"), "ERR_NULL");
        assert_eq!(Case::ScreamingSnake.apply("REGISTRY_OK"), "REGISTRY_OK");
        assert_eq!(Case::ScreamingSnake.apply("HTTPServer"), "HTTP_SERVER");
        assert_eq!(Case::Snake.apply("ErrNull"), "err_null");
        assert_eq!(Case::Camel.apply("ErrNull"), "errNull");
        assert_eq!(Case::Pascal.apply("err_null"), "ErrNull");
        assert_eq!(Case::Verbatim.apply("Err_Null"), "Err_Null");
    }
}
