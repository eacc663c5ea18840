//! How C spells a type a Rust binding names by one identifier. bindgen names `struct foo` and a
//! typedef `foo` alike, and a constified enum's alias `foo` may be C's `enum foo`; only the
//! headers tell. The preprocessed headers are read for the names that follow `struct`, `union`
//! or `enum`; a requested name found there is spelled with its keyword (correct even when a
//! typedef of the same name exists, since C requires them to agree), any other as a typedef.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::Path;

use super::compiler::Compiler;
use ffi_test_protocol::surface::type_macro;

/// The `#define`s spelling each of `names` (type requests without their prefix).
pub fn type_macros(
    compiler: &Compiler,
    unit: &str,
    dir: &Path,
    names: &BTreeSet<&str>,
) -> Result<String, String> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let source = dir.join(format!("tags-{}-{n}.c", std::process::id()));
    super::cache::create_new(&source, unit.as_bytes())?;
    let out = compiler.preprocess_command().arg(&source).output();
    let _ = std::fs::remove_file(&source);
    let out = out.map_err(|e| format!("cannot run the C preprocessor: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the headers do not preprocess:\n{}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    let preprocessed = String::from_utf8_lossy(&out.stdout);
    let tags = tags_in(&preprocessed);
    let mut text = String::new();
    for name in names {
        let spelled = match tags.get(*name) {
            Some(keyword) => format!("{keyword} {name}"),
            // x86-64's `va_list` element, which bindgen names and C source cannot.
            None if *name == "__va_list_tag" => super::prototypes::spelled_in_c(name),
            None => name.to_string(),
        };
        let _ = writeln!(text, "#define {} {spelled}", type_macro(name));
    }
    Ok(text)
}

/// Every identifier that follows `struct`, `union` or `enum`, with that keyword (the first seen).
fn tags_in(text: &str) -> HashMap<&str, &'static str> {
    let mut tags = HashMap::new();
    let mut previous: Option<&'static str> = None;
    for word in words(text) {
        if let Some(keyword) = previous.take() {
            tags.entry(word).or_insert(keyword);
            continue;
        }
        previous = match word {
            "struct" => Some("struct"),
            "union" => Some("union"),
            "enum" => Some("enum"),
            _ => None,
        };
    }
    tags
}

/// The identifiers of `text` in order (anything else separates them; `__attribute__((..))`
/// between a keyword and its tag is skipped by ignoring words that start with `__attribute`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|w| {
            !matches!(
                *w,
                "__attribute__"
                    | "aligned"
                    | "packed"
                    | "__aligned__"
                    | "__packed__"
                    | "__may_alias__"
                    | "may_alias"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_told_from_typedefs() {
        let tags = tags_in("typedef struct z_stream_s { int a; } z_stream; enum e { A }; union __attribute__((aligned(8))) u { int x; };");
        assert_eq!(tags.get("z_stream_s"), Some(&"struct"));
        assert_eq!(tags.get("e"), Some(&"enum"));
        assert_eq!(tags.get("u"), Some(&"union"));
        assert_eq!(tags.get("z_stream"), None);
    }
}
