//! C prototypes as the compiler sees them, for signature checks. C cannot introspect a
//! function's parameters, so the compiler prints every prototype (GCC's `-aux-info`, in a
//! normalised form); each is split only at its top-level commas, and every parameter's size and
//! kind are then computed by the compiler itself (`sizeof`, `FFI_TEST_KIND`) through macros
//! this module writes: `FFI_TEST_SIG_FACTS_<f>(out)` and `FFI_TEST_SIG_TEXT_<f>`.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use super::compiler::Compiler;

/// The version of the macros `render_found` writes. The prelude is made only on a cache miss, so the
/// unit text names this version (and with it the cache key): bump it whenever `render_found` or the parsing of `-aux-info` lines changes.
pub const FORMAT: u32 = 22;

use ffi_test_protocol::signature::{self as protocol, MAX_PARAMS};

/// One prototype: return type and parameter types as C text.
#[derive(Debug, PartialEq, Eq)]
pub struct Prototype {
    pub text: String,
    pub ret: String,
    pub params: Vec<String>,
    pub variadic: bool,
    /// Defined where declared (a function in a header), not only declared.
    pub defined: bool,
    /// Declared `static` (internal linkage).
    pub internal: bool,
    /// The function's C name.
    pub name: String,
}

/// Runs the compiler over `unit` (headers only) and returns the macros for `names`. Function-type
/// requests (`fntype:`, see `ffi_test_protocol::signature`) are answered by probes declared
/// after `types` (the type macros their C text may use). The run answers every request of
/// `asked` (which holds `names`), so that callers asking for parts of one set share it.
pub fn prelude(
    compiler: &Compiler,
    unit: &str,
    (types, asked): (&str, &BTreeSet<&str>),
    dir: &Path,
    names: &BTreeSet<&str>,
) -> Result<String, String> {
    let probes: Vec<(&str, &str)> = asked
        .iter()
        .filter_map(|n| protocol::parse_function_type_request(n))
        .collect();
    let text = if probes.is_empty() {
        aux_info(compiler, unit, dir)?
    } else {
        // A parameter's type is read from its function's prototype first: C cannot name it.
        let probes = if probes
            .iter()
            .any(|(_, t)| protocol::parse_parameter_type(t).is_some())
        {
            super::function_types::with_parameter_types(&aux_info(compiler, unit, dir)?, &probes)
        } else {
            probes.iter().map(|&(p, t)| (p, t.to_string())).collect()
        };
        super::function_types::aux_info_with_probes(compiler, unit, types, dir, &probes)?
    };
    // Each prototype is looked up once: its types are probed, then its macros rendered.
    let found = find_all(&text, names);
    let incomplete = incomplete_pointees(compiler, unit, dir, &requested_types(&found))?;
    Ok(render_found(&text, found, incomplete))
}

/// What `-aux-info` says of a request: its prototype (or why it cannot be read), or nothing.
pub(super) type Found = Option<Result<Prototype, String>>;

/// Each request of `names` with what `aux` says of it: a name, or `link|rust` (see
/// [`render_found`]);
/// a function-type request by its probe's names (see `function_types::probe_names`).
fn find_all<'n>(aux: &str, names: &BTreeSet<&'n str>) -> Vec<(&'n str, Found)> {
    names
        .iter()
        .map(|&request| {
            let candidates: Vec<String> = match protocol::parse_function_type_request(request) {
                Some((probe, _)) => super::function_types::probe_names(probe),
                None => request.split('|').map(str::to_string).collect(),
            };
            let found = candidates
                .iter()
                .find_map(|name| aux.lines().find_map(|l| parse_line(l, name)));
            (request, found)
        })
        .collect()
}

/// The C spelling of every return and parameter type of the prototypes found, but `void`.
fn requested_types(found: &[(&str, Found)]) -> BTreeSet<String> {
    let prototypes = found.iter().filter_map(|(_, f)| f.as_ref()?.as_ref().ok());
    prototypes
        .flat_map(|p| std::iter::once(&p.ret).chain(&p.params))
        .filter_map(|t| c_spelling(t))
        .collect()
}

/// The types among `types` that point to a struct or union C declares and never defines: C
/// cannot measure what they point to (GCC refuses even an unevaluated `sizeof` of it), so the
/// compiler is asked once, over `unit` and one probe a line, which it refuses.
fn incomplete_pointees(
    compiler: &Compiler,
    unit: &str,
    dir: &Path,
    types: &BTreeSet<String>,
) -> Result<BTreeSet<String>, String> {
    if types.is_empty() {
        return Ok(BTreeSet::new());
    }
    let mut text = format!("{unit}\n");
    let first_line = text.lines().count() + 1;
    for (i, ty) in types.iter().enumerate() {
        let _ = writeln!(
            text,
            "extern char ffi_test_pointee_{i}[sizeof(*FFI_TEST_PTR_OR_CHAR(*(__typeof__({ty}) *)0))];"
        );
    }
    let stderr = super::headers::read_once("pointees", compiler, &text, dir, |source, _| {
        let mut cmd = compiler.syntax_only_command();
        cmd.arg(source);
        let out = crate::os::reaper::output(&mut cmd)
            .map_err(|e| format!("cannot run the C compiler for pointer types: {e}"))?;
        Ok(String::from_utf8_lossy(&out.stderr).into_owned())
    })?;
    // Another error on a probe's line (a type C cannot spell) leaves the probe out: its pointee
    // is then measured as usual, and if that does not compile either, its check says so.
    let list: Vec<&String> = types.iter().collect();
    let refused =
        super::function_types::refused_lines(&stderr, first_line, list.len(), "incomplete");
    Ok(refused.into_iter().map(|i| list[i].clone()).collect())
}

/// Each request is a name, or `link|rust` for a binding whose `link_name` differs from its
/// Rust name: the prototype of `link` if C declares one, else `rust`'s (C may reach the same
/// symbol through an asm label: glibc's `fscanf` is `__isoc99_fscanf`). The macros are named
/// after the first.
/// GCC's `-aux-info` of `unit` (clang's AST dump written as the same lines): every prototype it
/// declares, with its file and line (read once per process and unit, see `headers`).
pub fn aux_info(
    compiler: &Compiler,
    unit: &str,
    dir: &Path,
) -> Result<std::sync::Arc<String>, String> {
    super::headers::read_once("aux", compiler, unit, dir, |source, aux| {
        if compiler.is_clang() {
            return super::clang_ast::aux_info(compiler.syntax_only_command(), source);
        }
        let mut cmd: Command = compiler.syntax_only_command();
        cmd.arg("-aux-info").arg(aux).arg(source);
        // Auxiliary outputs (a .gcno when CFLAGS has --coverage) go beside the unit, not into
        // the directory the tests run in (the user's package).
        if let Some(dir) = aux.parent() {
            cmd.arg("-dumpdir").arg(format!("{}/", dir.display()));
        }
        let out = crate::os::reaper::output(&mut cmd)
            .map_err(|e| format!("cannot run the C compiler for prototypes: {e}"))?;
        let text = std::fs::read_to_string(aux).unwrap_or_default();
        if !out.status.success() || text.is_empty() {
            return Err(format!(
                "could not read C prototypes: signature checks need GCC's -aux-info or clang's AST dump{}",
                if out.stderr.is_empty() { String::new() } else { format!(":\n{}", String::from_utf8_lossy(&out.stderr).trim_end()) }
            ));
        }
        Ok(text)
    })
}

/// The macros of each request, from what [`find_all`] found of it in `aux`.
fn render_found(aux: &str, found: Vec<(&str, Found)>, incomplete: BTreeSet<String>) -> String {
    let mut out = String::new();
    let readings = Readings {
        transparent: Transparent::of(aux),
        incomplete,
    };
    for (request, found) in found {
        if let Some((probe, c_type)) = protocol::parse_function_type_request(request) {
            // A line of its own: the next request's macros must not continue this one's last.
            let _ = writeln!(
                out,
                "{}",
                super::function_types::render_found(probe, c_type, found, &readings)
            );
            continue;
        }
        let name = protocol::request_macro_name(request);
        let declared = found
            .as_ref()
            .and_then(|f| f.as_ref().ok())
            .map_or(name.to_string(), |p| p.name.clone());
        let _ = match found {
            None => writeln!(out, "{}", unread_macros(name, protocol::NOT_FOUND, "")),
            Some(Err(why)) => writeln!(out, "{}", unread_macros(name, protocol::UNSUPPORTED, &why)),
            Some(Ok(p)) => {
                // A function only declared is referenced weakly: when no library defines it
                // (declared in a header, not exported), the object still loads and C's address
                // is null, reported as such instead of failing every test of the unit.
                if !p.defined {
                    let _ = writeln!(out, "#pragma weak {declared}");
                }
                let address = format!("((void *)&{declared})");
                let convention = protocol::c_convention(&declared);
                let c = (convention.as_str(), address.as_str());
                writeln!(out, "{}", found_macros(name, &p, &readings, c))
            }
        };
    }
    out
}

/// The macros of a prototype not read: `code` (protocol::NOT_FOUND or UNSUPPORTED) and why.
pub(super) fn unread_macros(name: &str, code: u64, why: &str) -> String {
    format!(
        "#define FFI_TEST_SIG_INIT_{name} {{ {code} }}\n\
         #define FFI_TEST_SIG_FACTS_{name}(out) do {{ (out)[0] = {code}; }} while (0)\n#define FFI_TEST_SIG_TEXT_{name} {}\n\
         #define FFI_TEST_SIG_PARAMS_{name} \"\"\n#define FFI_TEST_SIG_ADDRESS_{name} ((void *)0)",
        c_string(why)
    )
}

/// The macros of a prototype read: its facts (protocol::HEADER, then PER_PARAM per parameter),
/// stored by the facts function or an initializer (run-free verification reads it), its text,
/// its types, and, as C expressions, its calling convention and `address` as C resolves it.
pub(super) fn found_macros(
    name: &str,
    p: &Prototype,
    readings: &Readings,
    (convention, address): (&str, &str),
) -> String {
    let found = if p.internal {
        protocol::INTERNAL
    } else {
        protocol::FOUND
    };
    let [ret_size, ret_kind, ret_pointee] = facts_of(&p.ret, readings);
    let mut values = vec![
        found.to_string(),
        (p.variadic as u8).to_string(),
        p.params.len().to_string(),
        ret_size,
        ret_kind,
        convention.to_string(),
        ret_pointee,
    ];
    for param in &p.params {
        values.extend(facts_of(param, readings));
    }
    let mut facts = String::new();
    for (i, value) in values.iter().enumerate() {
        let _ = write!(facts, " (out)[{i}] = {value};");
    }
    // The return type, then each parameter, separated by \x1f, for the report.
    let types = std::iter::once(p.ret.as_str())
        .chain(p.params.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\u{1f}");
    format!(
        "#define FFI_TEST_SIG_INIT_{name} {{ {} }}\n\
         #define FFI_TEST_SIG_FACTS_{name}(out) do {{ {facts} }} while (0)\n#define FFI_TEST_SIG_TEXT_{name} {}\n\
         #define FFI_TEST_SIG_PARAMS_{name} {}\n#define FFI_TEST_SIG_ADDRESS_{name} {address}",
        values.join(", "),
        c_string(&p.text),
        c_string(&types)
    )
}

/// What was read about a unit's types beside its prototypes.
pub(crate) struct Readings {
    pub transparent: Transparent,
    /// The types (as [`c_spelling`] spells them) that point to an incomplete struct or union.
    pub incomplete: BTreeSet<String>,
}

impl Readings {
    /// Nothing read: no transparent union listed, no incomplete pointee known.
    pub fn none() -> Readings {
        Readings {
            transparent: Transparent::Listed(BTreeSet::new()),
            incomplete: BTreeSet::new(),
        }
    }
}

/// Which types are transparent unions: GCC answers `__builtin_has_attribute` itself; from
/// clang, the AST reader lists them (clang has no such builtin).
pub(crate) enum Transparent {
    AskGcc,
    Listed(BTreeSet<String>),
}

impl Transparent {
    fn of(aux: &str) -> Transparent {
        let mark = super::clang_ast::TRANSPARENT_MARK;
        if !aux.contains(super::clang_ast::CLANG_MARK) {
            return Transparent::AskGcc;
        }
        Transparent::Listed(
            aux.lines()
                .filter_map(|l| l.strip_prefix(mark)?.strip_suffix(" */"))
                .map(str::to_string)
                .collect(),
        )
    }
}

/// A type as `-aux-info` prints it, as C source names it (a C++ reference as the pointer it is
/// passed as); `None` for `void`.
fn c_spelling(ty: &str) -> Option<String> {
    // GCC prints a `noreturn` function's return type as `volatile void`.
    if matches!(ty.trim(), "void" | "volatile void") {
        return None;
    }
    // A C++ reference is passed as a pointer to what it refers to (C has none).
    let ty = match ty.trim_end().strip_suffix('&') {
        Some(referred) => format!("{} *", referred.trim_end_matches('&')),
        None => ty.to_string(),
    };
    Some(spelled_in_c(&ty))
}

/// `sizeof`, kind and pointee (`protocol::POINTEE_NONE`...) of a C type given as text, computed
/// by the compiler (`void`: all 0).
pub(super) fn facts_of(ty: &str, readings: &Readings) -> [String; 3] {
    let Some(ty) = c_spelling(ty) else {
        return ["0".into(), "0".into(), "0".into()];
    };
    // A transparent union is passed as its first member: said so, and matched with what Rust
    // passes in its place (a pointer, or an integer of its size).
    let union = ffi_test_protocol::kind::TRANSPARENT_UNION;
    let kind = match &readings.transparent {
        Transparent::AskGcc => format!(
            "(__builtin_has_attribute(__typeof__({ty}), transparent_union) ? {union} : FFI_TEST_KIND(*(__typeof__({ty}) *)0))"
        ),
        Transparent::Listed(names) if names.contains(ty.trim()) => union.to_string(),
        Transparent::Listed(_) => format!("FFI_TEST_PASSED_KIND(*(__typeof__({ty}) *)0)"),
    };
    let pointee = match readings.incomplete.contains(&ty) {
        true => format!("{}ULL", protocol::POINTEE_INCOMPLETE),
        false => format!("FFI_TEST_POINTEE(*(__typeof__({ty}) *)0)"),
    };
    [format!("sizeof({ty})"), kind, pointee]
}

/// A type as `-aux-info` prints it, spelled so C source can name it: a `va_list` parameter is
/// printed as the compiler's internal `__va_list_tag *` (x86-64; clang's dump says `struct
/// __va_list_tag *`), which source cannot name; `__builtin_va_list`'s element type is the same
/// type.
pub fn spelled_in_c(ty: &str) -> String {
    const INTERNAL: &str = "__va_list_tag";
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(ty.len());
    let mut rest = ty;
    while let Some(at) = rest.find(INTERNAL) {
        let end = at + INTERNAL.len();
        let whole = !rest[..at].ends_with(is_ident) && !rest[end..].starts_with(is_ident);
        out.push_str(&rest[..at]);
        // clang spells it `struct __va_list_tag`, GCC without the tag keyword.
        if whole && out.ends_with("struct ") {
            out.truncate(out.len() - "struct ".len());
        }
        out.push_str(if whole {
            "__typeof__((*(__builtin_va_list *)0)[0])"
        } else {
            INTERNAL
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

pub(super) fn c_string(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\u{1f}', "\\x1f\" \"")
    )
}

/// The parameter names a definition's `-aux-info` trailer lists: `/* (x, y) int x; ... */`.
fn parameter_names(trailer: &str) -> Vec<String> {
    let Some(list) = trailer
        .trim_start()
        .strip_prefix("/*")
        .and_then(|t| t.trim_start().strip_prefix('('))
        .and_then(|t| t.split_once(')'))
        .map(|(list, _)| list)
    else {
        return Vec::new();
    };
    list.split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// `param` with the identifier `name` taken out, leaving the abstract type (`int x` -> `int`,
/// `int (*cb) (int)` -> `int (*) (int)`).
fn without_name(param: &str, name: &str) -> String {
    let bytes = param.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(at) = param[from..].find(name).map(|i| i + from) {
        let end = at + name.len();
        let alone =
            (at == 0 || !is_ident(bytes[at - 1])) && (end == bytes.len() || !is_ident(bytes[end]));
        if alone {
            return format!("{}{}", &param[..at], &param[end..])
                .trim()
                .to_string();
        }
        from = end;
    }
    param.to_string()
}

/// The prototype of `name` in one line of `-aux-info` output, if the line declares it.
pub(super) fn parse_line(line: &str, name: &str) -> Option<Result<Prototype, String>> {
    let decl = line.split_once("*/").map_or(line, |(_, d)| d).trim();
    // A definition (a function defined in a header) has a trailing K&R-style comment after the
    // `;` (`static int f (int x); /* (x) int x; */`): the declaration ends at its first `;`,
    // which no prototype contains otherwise, and the comment lists the parameters' names.
    let (decl, trailer) = decl.split_once(';').unwrap_or((decl, ""));
    let decl = decl.trim();
    let names = parameter_names(trailer);
    let at = find_name(decl, name)?;
    let ret = decl[..at].trim();
    let internal = ret.split_whitespace().any(|w| w == "static");
    let ret = ["extern ", "static ", "inline ", "__inline__ "]
        .iter()
        .fold(ret, |r, kw| r.strip_prefix(kw).unwrap_or(r))
        .trim()
        .to_string();
    let rest = decl[at + name.len()..].trim_start();
    let inner = rest.strip_prefix('(')?;
    let close = matching_paren(inner)?;
    // C's declarator grammar: the function's declarator `name(params)` taken out of the
    // declaration leaves its return type as an abstract declarator, whatever wraps it:
    // `jmp_buf (*f (int))` returns `jmp_buf (*)`, `int (*g (int)) (double)` returns
    // `int (*) (double)`.
    let after = &inner[close + 1..];
    let own = format!("{name}({})", inner[..close].trim());
    let text = format!("{ret} {own}{after}").trim_end().to_string();
    let ret = format!("{ret}{after}").trim().to_string();
    if ret.is_empty() {
        return Some(Err(format!("`{decl}`: no return type could be read")));
    }
    let mut params: Vec<String> = split_top_level(&inner[..close]);
    // `...` has no name in the trailer: a variadic definition's names are its fixed ones.
    let variadic = params.last().is_some_and(|p| p == "...");
    if variadic {
        params.pop();
    }
    if names.len() == params.len() {
        for (param, name) in params.iter_mut().zip(&names) {
            *param = without_name(param, name);
        }
    }
    if params.len() == 1 && params[0] == "void" {
        params.clear();
    }
    if params.len() > MAX_PARAMS {
        return Some(Err(format!(
            "`{decl}`: more than {MAX_PARAMS} parameters is not supported"
        )));
    }
    Some(Ok(Prototype {
        text,
        ret,
        params,
        variadic,
        defined: !trailer.trim().is_empty(),
        internal,
        name: name.to_string(),
    }))
}

/// Where `name` stands as the declared identifier: followed by `(`, preceded by a space or `*`.
fn find_name(decl: &str, name: &str) -> Option<usize> {
    decl.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = decl[..i].chars().last();
        let after = decl[i + name.len()..].trim_start();
        matches!(before, Some(' ') | Some('*')) && after.starts_with('(')
    })
}

fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        parts.push(last.to_string());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_incomplete_types_on_probe_lines_are_incomplete() {
        let stderr = "/t/pointees-1-0.c:12:25: error: invalid application of 'sizeof' to incomplete type 'struct h'\n\
                      /t/pointees-1-0.c:14:3: error: unknown type name 'x'\n\
                      /t/pointees-1-0.c:3:1: error: invalid use of incomplete typedef 'y'\n\
                      /t/pointees-1-0.c:13:25: note: incomplete type declared here";
        let refused = super::super::function_types::refused_lines;
        assert_eq!(refused(stderr, 11, 5, "incomplete"), [1]);
    }

    #[test]
    fn aux_info_lines_are_split_at_top_level_commas() {
        let line = "/* r.h:52:NC */ extern int registry_set_callback (registry_t *, int (*) (uint32_t, void *), void *);";
        let p = parse_line(line, "registry_set_callback").unwrap().unwrap();
        assert_eq!(p.ret, "int");
        assert_eq!(
            p.params,
            ["registry_t *", "int (*) (uint32_t, void *)", "void *"]
        );
        assert!(!p.variadic);
        let create = parse_line(
            "/* r.h:47:NC */ extern registry_t *registry_create (void);",
            "registry_create",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (create.ret.as_str(), create.params.len()),
            ("registry_t *", 0)
        );
        let log = parse_line(
            "/* p.c:3:NC */ extern int logf_ (const char *, ...);",
            "logf_",
        )
        .unwrap()
        .unwrap();
        assert!(log.variadic && log.params == ["const char *"]);
        // A variadic function defined in a header (mingw-w64's `printf`): its trailer names
        // the fixed parameters only, and the names come off.
        let printf = parse_line(
            "/* stdio.h:368:NF */ static int printf (const char *__format, ...); /* (__format) const char *__format; */",
            "printf",
        )
        .unwrap()
        .unwrap();
        assert!(printf.variadic && printf.internal && printf.params == ["const char *"]);
        // The return type is what the declaration is with the function's declarator taken
        // out: a function pointer, a pointer to an array (libpng's `jmp_buf *`).
        let handler = parse_line(
            "/* p.c:4:NC */ extern void (*get_handler (int)) (int);",
            "get_handler",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (handler.ret.as_str(), handler.params.as_slice()),
            ("void (*) (int)", &["int".to_string()][..])
        );
        let jmp = parse_line(
            "/* png.h:1:NC */ extern jmp_buf (*png_set_longjmp_fn (png_structrp restrict , png_longjmp_ptr, size_t));",
            "png_set_longjmp_fn",
        )
        .unwrap()
        .unwrap();
        assert_eq!(jmp.ret, "jmp_buf (*)");
        assert_eq!(jmp.params.len(), 3);
        assert!(parse_line(
            "/* x */ extern int registry_count_all (void);",
            "registry_count"
        )
        .is_none());
        // A function defined in a header: a trailing comment after the `;`.
        let twice = parse_line(
            "/* api_copies.h:8:OF */ static int api_twice (int x); /* (x) int x; */",
            "api_twice",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (twice.ret.as_str(), twice.params.as_slice()),
            ("int", &["int".to_string()][..])
        );
        let named = parse_line(
            "/* h.h:3:OF */ static int call (int (*cb) (int), const char *cb_name); /* (cb, cb_name) int (*cb)(); const char *cb_name; */",
            "call",
        )
        .unwrap()
        .unwrap();
        assert_eq!(named.params, ["int (*) (int)", "const char *"]);
        assert_eq!(
            spelled_in_c("__va_list_tag *"),
            "__typeof__((*(__builtin_va_list *)0)[0]) *"
        );
        assert_eq!(
            spelled_in_c("struct __va_list_tag *"),
            "__typeof__((*(__builtin_va_list *)0)[0]) *"
        );
        assert_eq!(
            spelled_in_c("struct my__va_list_tag_x *"),
            "struct my__va_list_tag_x *"
        );
    }
}
