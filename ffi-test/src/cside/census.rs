//! What the named headers declare, read from the compiler's own output: the functions (GCC's
//! `-aux-info`, which names the file of each prototype), and the object-like macros, types
//! (tags and typedef names), enumerators and extern variables (the preprocessed text, whose
//! line markers name the file each line comes from). A whole-surface check compares this with
//! the names its bindings bind, to list C declarations no Rust item binds.

use std::collections::BTreeSet;

use super::compiler::Compiler;
use super::declarator::Declared;
use super::prebuilt::Builder;
use crate::registry::Language;

/// The declarations of the named headers, by kind, each a C name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Declarations {
    pub functions: BTreeSet<String>,
    pub macros: BTreeSet<String>,
    pub types: BTreeSet<String>,
    pub enumerators: BTreeSet<String>,
    pub variables: BTreeSet<String>,
}

/// The declarations `headers` (matched by the end of each file's path: `zlib.h`,
/// `netinet/tcp.h`) make in the unit of `config`'s headers.
pub fn census(toolchain: &super::Toolchain, headers: &[&str]) -> Result<Declarations, String> {
    let config = toolchain.config;
    let cache = toolchain.cache()?;
    let unit = super::unit::headers_only(config, &[]);
    let names = headers.join("\n");
    let parts = [FORMAT.as_bytes(), unit.as_bytes(), names.as_bytes()];
    let compiler = match Builder::find(toolchain, Some(cache.dir()), None, Language::C)? {
        Builder::Compiler(compiler) => compiler,
        Builder::Prebuilt(prebuilt) => return decode(&prebuilt.kept("census", &parts)?),
    };
    // The same unit, compiler and headers read the same: the two compiler runs are kept in the
    // cache (a warm run of a real library's surface spent half its time in them, twice: in the
    // census's check and in the end-of-run report).
    let key1 = super::hash::Hasher::new()
        .field(FORMAT.as_bytes())
        .field(compiler.fingerprint(&[]).as_bytes())
        .field(unit.as_bytes())
        .field(names.as_bytes())
        .hex();
    let kept = cache.remembered("census", &key1, &compiler.search_dirs(), || {
        let (out, read) = census_now(&cache, &compiler, &unit, headers)?;
        Ok((out.encode().into_bytes(), read))
    })?;
    if let Some(prebuild) = toolchain.prebuild {
        prebuild.record("census", &parts, &kept)?;
    }
    decode(&kept)
}

fn decode(kept: &[u8]) -> Result<Declarations, String> {
    std::str::from_utf8(kept)
        .ok()
        .and_then(Declarations::decode)
        .ok_or_else(|| "the kept census of the headers is damaged: remove the C cache".to_string())
}

/// How a kept census is written; part of its key, so a change of format is a miss.
const FORMAT: &str = "census 2";

impl Declarations {
    /// One line per name, `kind name`, kinds `f`, `m`, `t`, `e`, `v`: read back by [`decode`](Self::decode).
    fn encode(&self) -> String {
        let mut out = String::new();
        for (tag, names) in self.by_tag() {
            for name in names {
                out.push_str(&format!("{tag} {name}\n"));
            }
        }
        out
    }

    fn decode(text: &str) -> Option<Declarations> {
        let mut out = Declarations::default();
        for line in text.lines() {
            let (tag, name) = line.split_once(' ')?;
            let set = match tag {
                "f" => &mut out.functions,
                "m" => &mut out.macros,
                "t" => &mut out.types,
                "e" => &mut out.enumerators,
                "v" => &mut out.variables,
                _ => return None,
            };
            set.insert(name.to_string());
        }
        Some(out)
    }

    fn by_tag(&self) -> [(&str, &BTreeSet<String>); 5] {
        [
            ("f", &self.functions),
            ("m", &self.macros),
            ("t", &self.types),
            ("e", &self.enumerators),
            ("v", &self.variables),
        ]
    }
}

/// The census made now, and every file the compiler read for it.
fn census_now(
    cache: &super::Cache,
    compiler: &Compiler,
    unit: &str,
    headers: &[&str],
) -> Result<(Declarations, Vec<std::path::PathBuf>), String> {
    let scratch = cache.scratch()?;
    let preprocessed =
        super::headers::read_once("defines", compiler, unit, scratch.path(), |source, _| {
            let mut cmd = compiler.preprocess_with_markers_command();
            cmd.arg("-dD").arg(source);
            super::headers::output_of(cmd, "the C compiler", "compile")
        })?;
    let files: BTreeSet<&str> = preprocessed.lines().filter_map(marker_file).collect();
    let missing: Vec<&str> = headers
        .iter()
        .copied()
        .filter(|h| !files.iter().any(|file| is_named(file, &[h])))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "`headers = [..]` names {} that the binary's C unit never reads: {} (spelled as the \
             end of the path the compiler reads it from, e.g. `zlib.h` or `netinet/tcp.h`; \
             included through ffi_test::main!'s headers)",
            if missing.len() == 1 {
                "a header"
            } else {
                "headers"
            },
            missing
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut out = Declarations::default();
    read_preprocessed(&preprocessed, headers, &mut out);
    let aux = super::prototypes::aux_info(compiler, unit, scratch.path())?;
    read_aux_info(&aux, headers, &mut out);
    // Every file the unit read, as its line markers name them (the compiler's own names), but
    // the unit itself, made for this run only: its text is in the key already.
    let read = files
        .iter()
        .map(std::path::Path::new)
        .filter(|f| f.is_absolute() && !f.starts_with(scratch.path()))
        .map(std::path::Path::to_path_buf)
        .collect();
    Ok((out, read))
}

/// The file a line marker of a preprocessed unit names (`# 1 "/usr/include/zlib.h" 1`).
fn marker_file(line: &str) -> Option<&str> {
    line.strip_prefix("# ")?.split('"').nth(1)
}

fn is_named(file: &str, headers: &[&str]) -> bool {
    let file = file.replace('\\', "/");
    headers.iter().any(|h| {
        let h = h.trim_matches(|c| c == '<' || c == '>' || c == '"');
        file == h || file.ends_with(&format!("/{h}"))
    })
}

/// `/* /usr/include/zlib.h:1234:NC */ extern int deflate (z_streamp, int);`
fn read_aux_info(aux: &str, headers: &[&str], out: &mut Declarations) {
    for line in aux.lines() {
        let Some(rest) = line.strip_prefix("/* ") else {
            continue;
        };
        let Some((place, decl)) = rest.split_once(" */") else {
            continue;
        };
        let file = place.rsplitn(3, ':').nth(2).unwrap_or(place);
        if !is_named(file, headers) {
            continue;
        }
        let decl = decl.split(';').next().unwrap_or_default();
        if let Some(name) = decl.find('(').and_then(|at| last_identifier(&decl[..at])) {
            out.functions.insert(name.to_string());
        }
    }
}

/// The preprocessed unit with `-dD`: each line belongs to the file the last line marker named.
fn read_preprocessed(text: &str, headers: &[&str], out: &mut Declarations) {
    let mut named = false;
    let mut code = String::new();
    // Every file's macros: a constant may be defined through another header's.
    let mut macros = super::macro_values::Macros::default();
    let mut defined_here = Vec::new();
    for line in text.lines() {
        if line.starts_with("# ") {
            if let Some(file) = marker_file(line) {
                named = is_named(file, headers);
            }
            continue;
        }
        macros.read_line(line);
        if !named {
            continue;
        }
        if let Some(define) = line.strip_prefix("#define ") {
            let name_end = define
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(define.len());
            defined_here.push(&define[..name_end]);
        } else if !line.starts_with('#') {
            code.push_str(line);
            code.push('\n');
        }
    }
    // Object-like macros whose value is a constant: function-like ones, empty ones (include
    // guards, feature flags) and those standing for types, keywords or code have nothing a
    // binding holds as a constant (see `macro_values`).
    let constants = defined_here.into_iter().filter(|m| macros.is_constant(m));
    out.macros.extend(constants.map(str::to_string));
    read_declarations(&tokens(&code), out);
}

pub(super) fn tokens(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        } else if c == '"' || c == '\'' {
            let end = rest[1..].find(c).map_or(rest.len(), |e| e + 2);
            rest = &rest[end.min(rest.len())..];
        } else {
            out.push(&rest[..c.len_utf8()]);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

pub(super) fn is_identifier(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

fn last_identifier(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .rfind(|w| is_identifier(w))
}

/// Tags, enumerators, typedef names and extern variables, from the statements at file scope.
fn read_declarations(tokens: &[&str], out: &mut Declarations) {
    for (i, pair) in tokens.windows(3).enumerate() {
        if matches!(pair[0], "struct" | "union" | "enum")
            && is_identifier(pair[1])
            && pair[2] == "{"
        {
            out.types.insert(pair[1].to_string());
        }
        if pair[0] == "enum" && (pair[1] == "{" || pair[2] == "{") {
            let open = if pair[1] == "{" { i + 1 } else { i + 2 };
            enumerators(&tokens[open + 1..], out);
        }
    }
    let mut depth = 0usize;
    let mut statement: Vec<&str> = Vec::new();
    // A function defined in a header (`static inline`) ends at its body's `}`, not at a `;`.
    let mut in_body = false;
    for &t in tokens {
        match t {
            "{" if depth == 0 && statement.last() == Some(&")") => {
                in_body = true;
                depth += 1;
            }
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && in_body && t == "}" {
            in_body = false;
            statement.clear();
        } else if depth == 0 && t == ";" {
            declared_name(&statement, out);
            statement.clear();
        } else {
            statement.push(t);
        }
    }
}

/// The enumerators of the body starting at `body` (after its `{`).
fn enumerators(body: &[&str], out: &mut Declarations) {
    let mut depth = 0usize;
    let mut expect_name = true;
    for &t in body {
        match t {
            "(" | "{" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "}" if depth == 0 => return,
            "}" => depth -= 1,
            "," if depth == 0 => expect_name = true,
            t if expect_name && is_identifier(t) => {
                out.enumerators.insert(t.to_string());
                expect_name = false;
            }
            _ => expect_name = false,
        }
    }
}

/// Typedef names and extern variables; other statements declare nothing named here (extern
/// functions are read from `-aux-info`).
fn declared_name(statement: &[&str], out: &mut Declarations) {
    let Some(&first) = statement.first() else {
        return;
    };
    let is_typedef = statement.contains(&"typedef");
    if !is_typedef && first != "extern" && !statement.starts_with(&["__extension__", "extern"]) {
        return;
    }
    for (name, what) in super::declarator::declared(statement) {
        if is_typedef || what == Declared::Object {
            insert(is_typedef, name, out);
        }
    }
}

fn insert(is_typedef: bool, name: &str, out: &mut Declarations) {
    if is_typedef {
        out.types.insert(name.to_string());
    } else {
        out.variables.insert(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_read_from_the_named_headers_only() {
        let text = "# 1 \"/usr/include/other.h\"\nstruct other { int a; };\n#define OTHER 1\n\
                    # 1 \"/usr/include/zlib.h\" 1\n#define ZLIB_H\n#define Z_OK 0\n#define F(x) x\n\
                    typedef struct z_stream_s { int a; } z_stream;\ntypedef void (*free_func)(void *, void *);\n\
                    enum { Z_A = 1, Z_B = (2 + 3) };\nextern const char zlib_ver[4];\nextern int deflate(int);\nextern void (*const hook)(int);\n\
                    typedef unsigned char Byte __attribute__((aligned(1)));\n\
                    typedef int32_t (Arr)[4];\nstatic inline int helper(void) { return 0; }\ntypedef int After;\n";
        let mut out = Declarations::default();
        read_preprocessed(text, &["zlib.h"], &mut out);
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(out.macros, set(&["Z_OK"]));
        assert_eq!(
            out.types,
            set(&[
                "After",
                "Arr",
                "Byte",
                "free_func",
                "z_stream",
                "z_stream_s"
            ])
        );
        assert_eq!(out.enumerators, set(&["Z_A", "Z_B"]));
        assert_eq!(out.variables, set(&["hook", "zlib_ver"]));
        let mut aux = Declarations::default();
        read_aux_info(
            "/* /usr/include/zlib.h:1:NC */ extern int deflate (z_streamp, int);\n/* /x/other.h:2:NC */ extern int g (void);",
            &["zlib.h"],
            &mut aux,
        );
        assert_eq!(aux.functions, set(&["deflate"]));
    }
}
