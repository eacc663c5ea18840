//! How C spells a type a Rust binding names by one identifier. bindgen names `struct foo` and a
//! typedef `foo` alike, and a constified enum's alias `foo` may be C's `enum foo`; only the
//! headers tell. The preprocessed headers are read for the names that follow `struct`, `union`
//! or `enum`; a requested name found there is spelled with its keyword (correct even when a
//! typedef of the same name exists, since C requires them to agree), any other as a typedef.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::Path;

use super::compiler::Compiler;

// The macros are part of the prelude, made only on a cache miss: a change to how they are
// made must bump `prototypes::FORMAT`, which the unit text (and so the cache key) names.
use ffi_test_protocol::surface::type_macro;

/// The `#define`s spelling each of `names` (type requests without their prefix).
pub fn type_macros(
    compiler: &Compiler,
    unit: &str,
    dir: &Path,
    names: &BTreeSet<&str>,
) -> Result<String, String> {
    let preprocessed = super::headers::read_once("tags", compiler, unit, dir, |source, _| {
        let mut cmd = compiler.preprocess_command();
        cmd.arg(source);
        super::headers::output_of(cmd, "the C preprocessor", "preprocess")
    })?;
    let tags = tags_in(&preprocessed);
    let mut text = String::new();
    for name in names {
        let tag = tags.get(*name).map(|keyword| (*keyword, *name));
        let spelled = match tag.or_else(|| nested_tag(name, &tags)) {
            Some((keyword, tag)) => format!("{keyword} {tag}"),
            // x86-64's `va_list` element, which bindgen names and C source cannot.
            None if *name == "__va_list_tag" => super::prototypes::spelled_in_c(name),
            None => name.to_string(),
        };
        let _ = writeln!(text, "#define {} {spelled}", type_macro(name));
    }
    Ok(text)
}

/// bindgen names a record declared inside another `PARENT_CHILD` (sqlite's
/// `sqlite3_index_info_sqlite3_index_constraint`); C's own name is the inner tag, which C
/// declares at file scope: `struct sqlite3_index_constraint`. Found only where both the parent
/// and the child are tags of the headers, never guessed.
fn nested_tag<'n>(
    name: &'n str,
    tags: &HashMap<&str, &'static str>,
) -> Option<(&'static str, &'n str)> {
    nested_parts(name).find_map(|(parent, child)| {
        let keyword = tags.get(child)?;
        tags.contains_key(parent).then_some((*keyword, child))
    })
}

/// Every `(parent, child)` reading of a bindgen name for a nested record, `PARENT_CHILD`.
pub fn nested_parts(name: &str) -> impl Iterator<Item = (&str, &str)> {
    name.match_indices('_')
        .map(move |(at, _)| (&name[..at], &name[at + 1..]))
}

/// Every identifier that directly follows `struct`, `union` or `enum` (attributes between them
/// skipped), with that keyword (the first seen). `enum { A }` names no tag.
fn tags_in(text: &str) -> HashMap<&str, &'static str> {
    let tokens = super::census::tokens(text);
    let mut tags = HashMap::new();
    let mut i = 0;
    while i < tokens.len() {
        let keyword = match tokens[i] {
            "struct" => "struct",
            "union" => "union",
            "enum" => "enum",
            _ => {
                i += 1;
                continue;
            }
        };
        let mut j = i + 1;
        while j < tokens.len() && matches!(tokens[j], "__attribute__" | "__attribute") {
            j = skip_parens(&tokens, j + 1);
        }
        if let Some(name) = tokens.get(j).filter(|t| super::census::is_identifier(t)) {
            tags.entry(*name).or_insert(keyword);
        }
        i = j.max(i + 1);
    }
    tags
}

/// The index after the balanced parenthesised group starting at `at` (or `at` if none).
fn skip_parens(tokens: &[&str], at: usize) -> usize {
    if tokens.get(at) != Some(&"(") {
        return at;
    }
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(at) {
        match *t {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_told_from_typedefs() {
        let tags = tags_in("typedef struct z_stream_s { int a; } z_stream; enum e { A }; union __attribute__((aligned(8))) u { int x; }; union { uint16_t v; } w; enum { B };");
        assert_eq!(tags.get("z_stream_s"), Some(&"struct"));
        assert_eq!(tags.get("e"), Some(&"enum"));
        assert_eq!(tags.get("u"), Some(&"union"));
        assert_eq!(tags.get("z_stream"), None);
        assert_eq!(tags.get("uint16_t"), None);
    }

    #[test]
    fn a_record_declared_inside_another_is_named_by_its_own_tag() {
        let tags = tags_in("struct sqlite3_index_info { struct sqlite3_index_constraint { int c; } *a; }; struct my_thing { int x; };");
        assert_eq!(
            nested_tag("sqlite3_index_info_sqlite3_index_constraint", &tags),
            Some(("struct", "sqlite3_index_constraint"))
        );
        // Both halves must be tags: a typedef or plain name with an underscore is left alone.
        assert_eq!(nested_tag("my_thing", &tags), None);
        assert_eq!(nested_tag("sqlite3_index_info_unknown", &tags), None);
    }
}
