//! How deep a bindings file nests, measured on its tokens before it is parsed: syn's parser and
//! the checks' walks recurse once per level of a type, and a type 250 pointers deep overflowed
//! the compiler's stack. Real bindings nest a handful of levels.

use proc_macro2::{TokenStream, TokenTree};

/// The most pointer levels (`*mut *const ...`) one type may have.
pub const MAX_POINTERS: usize = 32;
/// The most nested groups (`()`, `[]`, `{}`, `<>` are not groups) a file may have.
pub const MAX_GROUPS: usize = 64;

/// Why `text` nests too deep, if it does. Tokens that do not lex are left to the parser.
pub fn too_deep(text: &str) -> Option<String> {
    let tokens: TokenStream = text.parse().ok()?;
    // Iterative: the point is not to recurse per level.
    let mut stack = vec![(tokens.into_iter(), 1usize)];
    let mut pointers = 0;
    let mut last_star = false;
    while let Some((iter, depth)) = stack.last_mut() {
        let depth = *depth;
        let Some(tree) = iter.next() else {
            stack.pop();
            continue;
        };
        match tree {
            TokenTree::Group(group) => {
                if depth + 1 > MAX_GROUPS {
                    return Some(format!(
                        "they nest more than {MAX_GROUPS} brackets deep, more than check_surface! reads"
                    ));
                }
                last_star = false;
                pointers = 0;
                stack.push((group.stream().into_iter(), depth + 1));
            }
            TokenTree::Punct(p) if p.as_char() == '*' => last_star = true,
            TokenTree::Ident(i) if last_star && (i == "mut" || i == "const") => {
                last_star = false;
                pointers += 1;
                if pointers > MAX_POINTERS {
                    return Some(format!(
                        "a type in them has more than {MAX_POINTERS} pointer levels, more than check_surface! reads"
                    ));
                }
            }
            _ => {
                last_star = false;
                pointers = 0;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_pointers_and_groups_are_told() {
        let ok = format!("pub static p: {}u8;", "*mut ".repeat(MAX_POINTERS));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("pub static p: {}u8;", "*mut ".repeat(MAX_POINTERS + 1));
        assert!(too_deep(&deep).unwrap().contains("pointer levels"));
        let groups = format!(
            "{}{}",
            "(".repeat(MAX_GROUPS + 1),
            ")".repeat(MAX_GROUPS + 1)
        );
        assert!(too_deep(&groups).unwrap().contains("brackets deep"));
    }
}
