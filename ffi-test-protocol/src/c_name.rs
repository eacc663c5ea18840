//! Names pasted into generated C, by the macros (a `rename`, a `link_name`) and by the runtime
//! (a field name a Python mirror gives): each must be a C identifier, nothing more.

/// `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A `link_name`: a C identifier, or one with a symbol version (`cfgetispeed@GLIBC_2.2.5`,
/// as the libc crate binds some functions; C knows the name before the `@`).
pub fn is_link_name(name: &str) -> bool {
    let (symbol, version) = match name.split_once('@') {
        Some((symbol, version)) => (symbol, Some(version.strip_prefix('@').unwrap_or(version))),
        None => (name, None),
    };
    is_identifier(symbol)
        && version.is_none_or(|v| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        })
}

/// Why `header` (as `headers` lists it: `"lib.h"` or `"<stdio.h>"`) cannot be pasted into an
/// `#include` line, if it cannot: a quote, an angle bracket out of place or a line break would
/// end the directive and paste the rest into the unit as C.
pub fn header_problem(header: &str) -> Option<&'static str> {
    let inner = match header.strip_prefix('<') {
        Some(rest) => match rest.strip_suffix('>') {
            Some(inner) => inner,
            None => return Some("it starts with `<` but does not end with `>`"),
        },
        None => header,
    };
    if inner.trim().is_empty() {
        return Some("it is empty");
    }
    if inner.contains(['"', '<', '>']) {
        return Some("it contains a quote or an angle bracket");
    }
    if inner.chars().any(char::is_control) {
        return Some("it contains a line break or another control character");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::header_problem;

    #[test]
    fn link_names_are_identifiers_with_an_optional_symbol_version() {
        for fine in ["abs", "cfgetispeed@GLIBC_2.2.5", "f@@V_1"] {
            assert!(super::is_link_name(fine), "{fine}");
        }
        for bad in ["abs\n#error injected", "a@", "@V", "a@V;x", "a b"] {
            assert!(!super::is_link_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn headers_that_would_end_their_include_line_are_refused() {
        for fine in ["lib.h", "<stdio.h>", "sub dir/x.h", "../csrc/a-b.h"] {
            assert_eq!(header_problem(fine), None, "{fine}");
        }
        for bad in [
            "stdio.h\"\n#define INJECTED 42",
            "<stdio.h",
            "a.h>",
            "x\n.h",
            "",
            "<>",
        ] {
            assert!(header_problem(bad).is_some(), "{bad:?}");
        }
    }
}
