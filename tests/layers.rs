//! The layer tables of docs/ARCHITECTURE.md hold: every `crate::…` and `super::…` path in the
//! runtime and the macro crate points at its own layer or one below, and each table names
//! exactly the folders (and root files) its crate has. No exceptions are listed anywhere: an
//! import that points up is fixed by moving code, or the table is changed in the document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The crate root's own items (`lib.rs`): above every layer.
const ROOT: usize = usize::MAX;

#[test]
fn runtime_imports_point_down_the_layer_table() {
    check_crate("ffi-test", "runtime");
}

#[test]
fn macro_crate_imports_point_down_the_layer_table() {
    check_crate("ffi-test-macros", "macros");
}

fn check_crate(dir: &str, table: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layers = layer_table(
        &std::fs::read_to_string(repo.join("docs/ARCHITECTURE.md")).unwrap(),
        table,
    );
    let src = repo.join(dir).join("src");
    assert_eq!(
        top_modules(&src),
        layers.keys().cloned().collect::<Vec<_>>(),
        "the `{table}` layer table of docs/ARCHITECTURE.md must name exactly the top-level \
         modules of {dir}/src (folders and root files, lib.rs aside)"
    );
    let upward = upward_imports(&src, &layers);
    assert!(
        upward.is_empty(),
        "imports that point up the layer table:\n{}",
        upward.join("\n")
    );
}

/// Each path in a file under `src` that names a module of a higher layer, as a line naming the
/// file (relative to `src`), both modules and both layers.
fn upward_imports(src: &Path, layers: &BTreeMap<String, usize>) -> Vec<String> {
    let mut upward = Vec::new();
    for file in rust_files(src) {
        let module = module_path(src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        let tokens = TokenStream::from_str(&text)
            .unwrap_or_else(|e| panic!("{} does not lex: {e}", file.display()));
        let mut found = Vec::new();
        targets(tokens, &module, &mut found);
        let from = layer_of(layers, &module);
        for target in found {
            let to = layer_of(layers, &target);
            if to > from {
                upward.push(format!(
                    "{}: `{}` (layer {}) uses `crate::{}` (layer {})",
                    file.strip_prefix(src).unwrap().display(),
                    module.join("::"),
                    name(from),
                    target.join("::"),
                    name(to)
                ));
            }
        }
    }
    upward.sort();
    upward.dedup();
    upward
}

#[test]
fn an_import_pointing_up_is_reported_and_one_pointing_down_is_not() {
    let src = std::env::temp_dir().join(format!("ffi-test-layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(src.join("low")).unwrap();
    std::fs::create_dir_all(src.join("high")).unwrap();
    let write = |path: &str, text: &str| std::fs::write(src.join(path), text).unwrap();
    write("lib.rs", "mod low; mod high; pub fn api() {}");
    write(
        "low/mod.rs",
        "mod leaf; pub(crate) fn f() { crate::high::g(); }",
    );
    write(
        "low/leaf.rs",
        "use super::super::{high::g, api}; use super::f;",
    );
    write(
        "high/mod.rs",
        "use crate::low::f; pub(crate) fn g() { f() }",
    );
    let doc = "<!-- layers: t -->\n| layer | module | owns |\n| --- | --- | --- |\n\
               | 0. low | `low/` | - |\n| 1. high | `high/` | - |\n";
    let layers = layer_table(doc, "t");
    assert_eq!(top_modules(&src), ["high", "low"]);
    let upward = upward_imports(&src, &layers);
    std::fs::remove_dir_all(&src).unwrap();
    assert_eq!(
        upward,
        [
            "low/leaf.rs: `low::leaf` (layer 0) uses `crate::api` (layer crate root)",
            "low/leaf.rs: `low::leaf` (layer 0) uses `crate::high` (layer 1)",
            "low/mod.rs: `low` (layer 0) uses `crate::high` (layer 1)",
        ]
    );
}

fn name(layer: usize) -> String {
    if layer == ROOT {
        "crate root".to_string()
    } else {
        layer.to_string()
    }
}

/// The table under `<!-- layers: NAME -->`: rows `| N. name | `a/`, `b.rs` | … |`, module
/// names from the second column.
fn layer_table(text: &str, table: &str) -> BTreeMap<String, usize> {
    let marker = format!("<!-- layers: {table} -->");
    let start = text
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/ARCHITECTURE.md has no `{marker}` table"));
    let mut layers = BTreeMap::new();
    for line in text[start + marker.len()..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with('|'))
        .skip(2)
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let number: usize = cells[1]
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a layer row must start with its number: {line}"));
        for module in cells[2].split(',') {
            let module = module.trim().trim_matches('`');
            let module = module
                .strip_suffix('/')
                .or_else(|| module.strip_suffix(".rs"))
                .unwrap_or_else(|| panic!("`{module}` is neither a folder/ nor a file.rs"));
            assert!(
                layers.insert(module.to_string(), number).is_none(),
                "`{module}` is in two layers"
            );
        }
    }
    assert!(!layers.is_empty(), "the `{table}` table has no rows");
    layers
}

fn top_modules(src: &Path) -> Vec<String> {
    let mut modules: Vec<String> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            if p.is_dir() {
                (name != "bin").then_some(name)
            } else {
                let stem = name.strip_suffix(".rs")?;
                (stem != "lib").then(|| stem.to_string())
            }
        })
        .collect();
    modules.sort();
    modules
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().unwrap() != "bin" {
                files.extend(rust_files(&path));
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `run/isolation.rs` → `[run, isolation]`; `run/mod.rs` → `[run]`; `lib.rs` → `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn layer_of(layers: &BTreeMap<String, usize>, module: &[String]) -> usize {
    module
        .first()
        .and_then(|top| layers.get(top))
        .copied()
        .unwrap_or(ROOT)
}

/// Every module path a `crate::` or `super::` path in `tokens` names, written inside `module`
/// (inline `mod x { … }` blocks extend it, so their `super` is the file's own module).
fn targets(tokens: TokenStream, module: &[String], found: &mut Vec<Vec<String>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Ident(id) if id == "mod" => {
                if let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) =
                    (trees.get(i + 1), trees.get(i + 2))
                {
                    if body.delimiter() == Delimiter::Brace {
                        let mut inner = module.to_vec();
                        inner.push(name.to_string());
                        targets(body.stream(), &inner, found);
                        i += 3;
                        continue;
                    }
                }
            }
            TokenTree::Ident(id) if id == "crate" && !after_dollar(&trees, i) => {
                i = path_from(&trees, i + 1, Vec::new(), found);
                continue;
            }
            TokenTree::Ident(id) if id == "super" && !after_colons(&trees, i) => {
                let mut base = module.to_vec();
                base.pop();
                let mut j = i + 1;
                // super::super::…
                while colons_at(&trees, j)
                    && matches!(trees.get(j + 2), Some(TokenTree::Ident(s)) if s == "super")
                {
                    base.pop();
                    j += 3;
                }
                i = path_from(&trees, j, base, found);
                continue;
            }
            TokenTree::Group(group) => targets(group.stream(), module, found),
            _ => {}
        }
        i += 1;
    }
}

/// Reads `:: a :: b` or `:: { a, b :: c }` from `at`, below `base`; records each path's first
/// module below the crate root (enough to place it in a layer). Returns where reading stopped.
fn path_from(
    trees: &[TokenTree],
    at: usize,
    base: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    // `pub(crate)`, `pub(super)`: a visibility, not a path.
    if !colons_at(trees, at) {
        return at;
    }
    match trees.get(at + 2) {
        Some(TokenTree::Ident(next)) => {
            let mut path = base;
            path.push(next.to_string());
            found.push(path);
            at + 3
        }
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            for item in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
                match item.first() {
                    Some(TokenTree::Ident(first)) if first == "self" => found.push(base.clone()),
                    Some(TokenTree::Ident(first)) => {
                        let mut path = base.clone();
                        path.push(first.to_string());
                        found.push(path);
                    }
                    _ => {}
                }
            }
            at + 3
        }
        _ => {
            found.push(base);
            at + 2
        }
    }
}

fn colons_at(trees: &[TokenTree], at: usize) -> bool {
    matches!(
        (trees.get(at), trees.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// `$crate` in a `macro_rules!` is the user's path to this crate, not an import.
fn after_dollar(trees: &[TokenTree], at: usize) -> bool {
    at > 0 && matches!(&trees[at - 1], TokenTree::Punct(p) if p.as_char() == '$')
}

/// `crate::a::super` cannot be written; `x::super` is not a relative path's start.
fn after_colons(trees: &[TokenTree], at: usize) -> bool {
    at >= 2 && colons_at(trees, at - 2)
}

#[test]
fn the_path_reader_sees_groups_super_chains_and_inline_modules() {
    let source = "use crate::{a::x, b, self}; use super::super::c; fn f() { crate::d::g(); } \
                  mod tests { use super::e; } macro_rules! m { () => { $crate::z } }";
    let mut found = Vec::new();
    targets(
        TokenStream::from_str(source).unwrap(),
        &["top".to_string(), "file".to_string()],
        &mut found,
    );
    let expected: Vec<Vec<String>> = [
        vec!["a"],
        vec!["b"],
        vec![],
        vec!["c"],
        vec!["d"],
        vec!["top", "file", "e"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(found, expected);
}
