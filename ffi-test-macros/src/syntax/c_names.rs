//! Names that are pasted into generated C: each must be what C reads it as, and nothing more,
//! or a name could change the meaning of the C around it (a newline in a `link_name` starting a
//! `#error`, a `rename` closing a statement).

pub use ffi_test_protocol::c_name::is_identifier;

/// A C++ qualified name (`ns::Mode::Fast`, `::global`): identifiers joined by `::`.
pub fn is_qualified_name(name: &str) -> bool {
    let name = name.strip_prefix("::").unwrap_or(name);
    name.contains("::") && name.split("::").all(is_identifier)
}

/// An identifier, or a member designator as `offsetof` takes it: `a`, `a.b`, `a[3]`, `a.b[3].c`.
pub fn is_designator(name: &str) -> bool {
    let mut rest = name;
    let mut first = true;
    while !rest.is_empty() {
        if first || rest.starts_with('.') {
            if !first {
                rest = &rest[1..];
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if !is_identifier(&rest[..end]) {
                return false;
            }
            rest = &rest[end..];
        } else if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').unwrap_or(0);
            if end == 0 || !inner[..end].bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            rest = &inner[end + 1..];
        } else {
            return false;
        }
        first = false;
    }
    !first
}

/// Characters a C identifier may continue with (for a `prefix` glued to enumerator names).
pub fn is_identifier_tail(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reports `name` (given as `what`) at `at` unless it is a C identifier.
pub fn check_identifier(
    name: &str,
    at: &dyn quote::ToTokens,
    what: &str,
    errors: &mut crate::syntax::errors::Errors,
) {
    if !is_identifier(name) {
        errors.error(
            at,
            format!(
                "`{what}` must be a C identifier, not `{}`: it is pasted into generated C",
                name.escape_debug()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_designators() {
        for ok in ["a", "_x9", "outer.inner", "items[2]", "a.b[3].c"] {
            assert!(is_designator(ok), "{ok}");
        }
        for bad in [
            "", "9a", "a\nb", "a;b", "a.", ".a", "a[]", "a[x]", "a b", "a)", "a[1",
        ] {
            assert!(!is_designator(bad), "{bad:?}");
        }
        assert!(
            is_identifier("registry_t") && !is_identifier("a.b") && !is_identifier("f\n#error")
        );
    }
}
