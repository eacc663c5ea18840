//! The names a C declaration at file scope declares, read by the declarator grammar (C11
//! 6.7.6): declaration specifiers first (at most one type name among them), then declarators,
//! each pointers, then a name or a parenthesised declarator, then array and function
//! suffixes. So `typedef int32_t (Arr)[4];` declares `Arr`, `jmp_buf *(*f)(void)` declares
//! the pointer `f`, and `int (*g(void))[3];` the function `g`.

/// What a declarator makes of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    /// A function (its own suffix is a parameter list).
    Function,
    /// Anything else: an object, a pointer (to a function too), an array.
    Object,
}

/// Every name `statement` (its tokens, without the `;`) declares, and what it is.
pub fn declared<'a>(statement: &[&'a str]) -> Vec<(&'a str, Declared)> {
    let mut at = specifiers_end(statement);
    let mut out = Vec::new();
    while at < statement.len() {
        if let Some((name, what, end)) = declarator(statement, at, 0) {
            out.push((name, what.unwrap_or(Declared::Object)));
            at = end;
        }
        // Past attributes, `asm` labels and initialisers, to the next declarator.
        while at < statement.len() && statement[at] != "," {
            at = next(statement, at);
        }
        at += 1;
    }
    out
}

/// Where the declaration specifiers end: the first token that can only start a declarator.
fn specifiers_end(t: &[&str]) -> usize {
    let mut i = 0;
    let mut typed = false;
    while let Some(&token) = t.get(i) {
        if WITH_ARGUMENTS.contains(&token) {
            i = after_group(t, i + 1);
        } else if TYPEOF.contains(&token) || (token == "_Atomic" && t.get(i + 1) == Some(&"(")) {
            i = after_group(t, i + 1);
            typed = true;
        } else if matches!(token, "struct" | "union" | "enum") {
            i += 1;
            while t.get(i).is_some_and(|a| WITH_ARGUMENTS.contains(a)) {
                i = after_group(t, i + 1);
            }
            if t.get(i).is_some_and(|n| is_name(n)) {
                i += 1;
            }
            if t.get(i) == Some(&"{") {
                i = after_group(t, i);
            }
            typed = true;
        } else if QUALIFIERS.contains(&token) {
            i += 1;
        } else if TYPE_KEYWORDS.contains(&token) {
            typed = true;
            i += 1;
        } else if is_name(token) && !typed {
            typed = true; // a typedef name
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The declarator at `i`: its name, what it declares when decided at this level or inside,
/// and where it ends. `None` for an abstract declarator (no name).
fn declarator<'a>(
    t: &[&'a str],
    mut i: usize,
    depth: usize,
) -> Option<(&'a str, Option<Declared>, usize)> {
    if depth > 64 {
        return None; // not C any compiler accepts; never recurse without bound on input
    }
    let mut pointer = false;
    loop {
        match *t.get(i)? {
            "*" => pointer = true,
            q if QUALIFIERS.contains(&q) => {}
            a if WITH_ARGUMENTS.contains(&a) => {
                i = after_group(t, i + 1);
                continue;
            }
            _ => break,
        }
        i += 1;
    }
    let (name, inner, mut j) = if t[i] == "(" {
        let (name, inner, end) = declarator(t, i + 1, depth + 1)?;
        if t.get(end) != Some(&")") {
            return None;
        }
        (name, inner, end + 1)
    } else if is_name(t[i]) {
        (t[i], None, i + 1)
    } else {
        return None;
    };
    let first_suffix = t.get(j).copied();
    while matches!(t.get(j), Some(&"(") | Some(&"[")) {
        j = after_group(t, j);
    }
    let here = match first_suffix {
        Some("(") => Some(Declared::Function),
        Some("[") => Some(Declared::Object),
        _ if pointer => Some(Declared::Object),
        _ => None,
    };
    Some((name, inner.or(here), j))
}

/// The index after the token at `i`, or after the whole group it opens.
fn next(t: &[&str], i: usize) -> usize {
    if matches!(t[i], "(" | "[" | "{") {
        after_group(t, i)
    } else if WITH_ARGUMENTS.contains(&t[i]) {
        after_group(t, i + 1)
    } else {
        i + 1
    }
}

/// The index after the group opened at `i` (if `t[i]` opens one; else `i`).
fn after_group(t: &[&str], i: usize) -> usize {
    if !matches!(t.get(i), Some(&"(") | Some(&"[") | Some(&"{")) {
        return i;
    }
    let mut depth = 0usize;
    for (j, token) in t.iter().enumerate().skip(i) {
        match *token {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    t.len()
}

fn is_name(token: &str) -> bool {
    super::census::is_identifier(token)
        && !QUALIFIERS.contains(&token)
        && !TYPE_KEYWORDS.contains(&token)
        && !WITH_ARGUMENTS.contains(&token)
        && !TYPEOF.contains(&token)
        && !matches!(token, "struct" | "union" | "enum")
}

/// Storage classes, qualifiers and function specifiers: they never name a type.
const QUALIFIERS: &[&str] = &[
    "typedef",
    "extern",
    "static",
    "auto",
    "register",
    "inline",
    "__inline",
    "__inline__",
    "_Noreturn",
    "__extension__",
    "_Thread_local",
    "__thread",
    "const",
    "__const",
    "volatile",
    "__volatile__",
    "restrict",
    "__restrict",
    "__restrict__",
    "_Atomic",
];

/// Keywords that are (part of) a type.
const TYPE_KEYWORDS: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "__signed__",
    "unsigned",
    "_Bool",
    "_Complex",
    "__complex__",
    "__int128",
    "_Float16",
    "_Float32",
    "_Float64",
    "_Float128",
    "_Float32x",
    "_Float64x",
    "__float128",
    "_Decimal32",
    "_Decimal64",
    "_Decimal128",
];

/// Keywords followed by a parenthesised argument that is not a declarator.
const WITH_ARGUMENTS: &[&str] = &[
    "__attribute__",
    "__attribute",
    "__asm__",
    "__asm",
    "asm",
    "__declspec",
    "_Alignas",
    "alignas",
];

/// Keywords whose parenthesised argument is the type.
const TYPEOF: &[&str] = &["typeof", "__typeof__", "__typeof"];

#[cfg(test)]
mod tests {
    use super::Declared::{Function, Object};
    use super::*;

    fn names(code: &str) -> Vec<(&str, Declared)> {
        let tokens = super::super::census::tokens(code);
        declared(&tokens)
    }

    #[test]
    fn names_are_read_by_the_declarator_grammar() {
        assert_eq!(names("typedef int32_t (Arr)[4]"), [("Arr", Object)]);
        assert_eq!(
            names("typedef void (*free_func)(void *, void *)"),
            [("free_func", Object)]
        );
        assert_eq!(names("extern int deflate(int)"), [("deflate", Function)]);
        assert_eq!(names("extern int (f)(int)"), [("f", Function)]);
        assert_eq!(
            names("extern jmp_buf *(*set_fn)(png_structrp, size_t)"),
            [("set_fn", Object)]
        );
        assert_eq!(names("extern int (*g(void))[3]"), [("g", Function)]);
        assert_eq!(names("extern void (*const hook)(int)"), [("hook", Object)]);
        assert_eq!(
            names("typedef struct x { int a; } X, *PX"),
            [("X", Object), ("PX", Object)]
        );
        assert_eq!(
            names("typedef unsigned char Byte __attribute__((aligned(1)))"),
            [("Byte", Object)]
        );
        assert_eq!(
            names("extern const char ver[4] __asm__(\"v\"), n = 3"),
            [("ver", Object), ("n", Object)]
        );
        assert_eq!(
            names("__extension__ typedef __builtin_va_list __gnuc_va_list"),
            [("__gnuc_va_list", Object)]
        );
        assert_eq!(
            names("typedef __typeof__(sizeof 0) size_t"),
            [("size_t", Object)]
        );
        assert_eq!(names("typedef long double _Complex ldc"), [("ldc", Object)]);
        assert_eq!(names("struct s { int a; }"), []);
        // Unbalanced input is read as far as it goes, never past its end.
        assert_eq!(names("typedef int (((x"), []);
    }
}
