//! Which object-like macros hold a constant a binding can hold as a `const`: literals (numbers,
//! strings, characters) and the operators of a constant expression over them and over other
//! such macros, what bindgen evaluates and binds. A macro that stands for a type (`z_off_t` as
//! `long`), a keyword (`ZEXTERN` as `extern`), a cast (`BAD_CAST` as `(xmlChar *)`), a call, a
//! statement or another declaration's name is no declaration a binding holds as a constant:
//! the census does not ask for a binding of it.

use std::collections::{HashMap, HashSet};

/// The macros defined at the end of a preprocessed unit, by name: an object-like one's body,
/// or `None` for a function-like one.
#[derive(Debug, Default)]
pub struct Macros<'a>(HashMap<&'a str, Option<&'a str>>);

/// How deep a macro may refer to others before it is taken as no constant (a chain that deep is
/// no constant anyone binds; a cycle never ends).
const DEPTH: usize = 32;

/// The operators of a C constant expression, longest first.
const OPERATORS: [&str; 24] = [
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "(", ")", "+", "-", "*", "/", "%", "<", ">",
    "&", "|", "^", "~", "!", "?", ":",
];

impl<'a> Macros<'a> {
    /// Reads `#define` and `#undef` from a line of `-dD` output; other lines are no concern.
    pub fn read_line(&mut self, line: &'a str) {
        if let Some(define) = line.strip_prefix("#define ") {
            let end = define
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(define.len());
            let (name, rest) = define.split_at(end);
            let body = (!rest.starts_with('(')).then(|| rest.trim());
            self.0.insert(name, body);
        } else if let Some(name) = line.strip_prefix("#undef ") {
            self.0.remove(name.trim());
        }
    }

    /// Whether `name` is an object-like macro whose value is a constant.
    pub fn is_constant(&self, name: &str) -> bool {
        self.constant(name, &mut HashSet::new())
    }

    fn constant<'n>(&self, name: &'n str, seen: &mut HashSet<&'n str>) -> bool
    where
        'a: 'n,
    {
        let Some(Some(body)) = self.0.get(name) else {
            return false;
        };
        if seen.len() > DEPTH || !seen.insert(name) {
            return false;
        }
        let constant = match tokens(body) {
            Some(tokens) if !tokens.is_empty() => tokens.iter().all(|t| match t {
                Token::Name(other) => self.constant(other, seen),
                Token::Literal | Token::Operator => true,
            }),
            _ => false,
        };
        seen.remove(name);
        constant
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Name(&'a str),
    Literal,
    Operator,
}

/// The tokens of a macro's body, or `None` where it has one no constant expression has
/// (braces, `;`, `,`, `.`, `[`, `#`, an unterminated literal).
fn tokens(body: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (token, len) = if c.is_ascii_digit()
            || (c == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            (Token::Literal, number_len(rest))
        } else if c.is_ascii_alphabetic() || c == '_' {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            match rest[len..].chars().next() {
                // An encoding prefix: `L"wide"`, `u8"text"`, `U'c'`.
                Some(q @ ('"' | '\'')) if matches!(&rest[..len], "L" | "u" | "U" | "u8") => {
                    (Token::Literal, len + quoted_len(&rest[len..], q)?)
                }
                _ => (Token::Name(&rest[..len]), len),
            }
        } else if c == '"' || c == '\'' {
            (Token::Literal, quoted_len(rest, c)?)
        } else {
            let op = OPERATORS.iter().find(|op| rest.starts_with(*op))?;
            (Token::Operator, op.len())
        };
        out.push(token);
        rest = &rest[len..];
    }
    Some(out)
}

/// The length of the number `text` starts with (`0x1F`, `1.5e-3f`, `10UL`): a preprocessing
/// number, whose exponent's sign belongs to it.
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let hex = text.starts_with("0x") || text.starts_with("0X");
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let exponent_sign = matches!(b, b'+' | b'-')
            && i > 0
            && (matches!(bytes[i - 1], b'p' | b'P')
                || (!hex && matches!(bytes[i - 1], b'e' | b'E')));
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exponent_sign {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The length of the string or character literal `text` starts with (its quote `q`), escapes
/// included; `None` if it does not end.
fn quoted_len(text: &str, q: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == q => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn macros(lines: &'static str) -> Macros<'static> {
        let mut m = Macros::default();
        lines.lines().for_each(|l| m.read_line(l));
        m
    }

    #[test]
    fn constants_are_literals_and_operators_over_them_and_other_constants() {
        let m = macros(
            "#define Z_OK 0\n#define MAX_WBITS 15\n#define NEG (-1)\n#define BIG 0xFFFFFFFFUL\n\
             #define F 1.5e-3f\n#define H 0x1p+4\n#define SHIFTED (1 << MAX_WBITS)\n\
             #define VERSION \"1.2.13\"\n#define WIDE L\"w\"\n#define CH '\\''\n\
             #define CHOICE (Z_OK ? 1 : 2)\n#define DOTTED VERSION\n",
        );
        for name in [
            "Z_OK",
            "MAX_WBITS",
            "NEG",
            "BIG",
            "F",
            "H",
            "SHIFTED",
            "VERSION",
            "WIDE",
            "CH",
            "CHOICE",
            "DOTTED",
        ] {
            assert!(m.is_constant(name), "{name}");
        }
    }

    #[test]
    fn types_keywords_casts_calls_and_statements_are_not() {
        // What libxml2's and zlib's headers define beside their constants.
        let m = macros(
            "#define ZEXTERN extern\n#define z_off_t long\n#define zlib_version zlibVersion()\n\
             #define BAD_CAST (xmlChar *)\n#define XML_XML_NAMESPACE (const xmlChar *) \"http://x\"\n\
             #define ATTRIBUTE_UNUSED __attribute__((unused))\n\
             #define LIBXML_TEST_VERSION xmlCheckVersion(20914);\n\
             #define CHECK_ERROR if (ctxt->error != 0) return\n#define xmlRootNode children\n\
             #define LOOP LOOP\n#define A B\n#define B A\n#define CALL F(1)\n#define F(x) x\n\
             #define SIZE sizeof(int)\n#define MEMBER s.a\n#define UNTERMINATED \"abc\n\
             #define GONE 1\n#undef GONE\n#define COMMA (1, 2)\n",
        );
        for name in [
            "ZEXTERN",
            "z_off_t",
            "zlib_version",
            "BAD_CAST",
            "XML_XML_NAMESPACE",
            "ATTRIBUTE_UNUSED",
            "LIBXML_TEST_VERSION",
            "CHECK_ERROR",
            "xmlRootNode",
            "LOOP",
            "A",
            "CALL",
            "F",
            "SIZE",
            "MEMBER",
            "UNTERMINATED",
            "GONE",
            "COMMA",
            "NEVER_DEFINED",
        ] {
            assert!(!m.is_constant(name), "{name}");
        }
    }
}
