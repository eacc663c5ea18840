//! The prelude of a C++ unit: what its checks ask of the headers, answered from clang's AST
//! (`cpp_ast`) instead of `-aux-info` and the preprocessed tags C units read. A type bindgen
//! names (`ns::Outer_Inner`) is spelled as C++ names it (`ns::Outer::Inner`), or said to have
//! no C++ name; a function's symbol (`_ZN...`) gets the signature macros C's prototypes get,
//! its implicit object parameter first, and its address through a weak reference to the
//! symbol itself (an overloaded or member function has no plain C++ expression for it).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::Path;

use super::compiler::Compiler;
use super::cpp_ast::{Declaration, Function};
use super::prototypes::{self, Prototype, Readings};
use ffi_test_protocol::signature::{self as protocol, MAX_PARAMS};
use ffi_test_protocol::surface::{type_macro, unresolved_macro};

/// The macros for `types` (type requests without their prefix) and `functions` (symbols) of a
/// C++ `unit`.
pub fn prelude(
    compiler: &Compiler,
    unit: &str,
    dir: &Path,
    types: &BTreeSet<&str>,
    functions: &BTreeSet<&str>,
) -> Result<String, String> {
    let text = super::headers::read_once("cppast", compiler, unit, dir, |source, _| {
        super::cpp_ast::declarations(compiler.cpp_ast_command()?, source)
    })?;
    let declared = by_symbol(&text);
    let mut out = String::new();
    for key in types {
        let _ = writeln!(out, "{}", type_line(key, &declared));
    }
    for request in functions {
        let _ = writeln!(out, "{}", function_macros(request, &declared));
    }
    Ok(out)
}

/// The declarations of `text` ([`super::cpp_ast::declarations`]) by symbol, a constructor and
/// destructor under each of its symbols: clang names the complete object's (`C1`, `D1`), and
/// bindgen binds an abstract class's through the base object's (`C2`, `D2`).
fn by_symbol(text: &str) -> HashMap<String, Declaration> {
    let mut out = HashMap::new();
    for d in text.lines().filter_map(Declaration::parse) {
        if let Declaration::Function(f) = &d {
            for alias in structor_symbols(f) {
                out.insert(alias, d.clone());
            }
        }
        out.insert(d.symbol().to_string(), d);
    }
    out
}

/// The other symbols of a constructor or destructor (Itanium ABI: `C1` complete, `C2` base,
/// `C3` allocating; `D0` deleting, `D1` complete, `D2` base), after its class's name.
fn structor_symbols(f: &Function) -> Vec<String> {
    let mut parts = f.qualified.rsplit("::");
    let (Some(own), Some(class)) = (parts.next(), parts.next()) else {
        return Vec::new();
    };
    let (given, others): (&str, &[&str]) = match own.strip_prefix('~') {
        Some(c) if c == class => ("D1", &["D0", "D2"]),
        None if own == class => ("C1", &["C2", "C3"]),
        _ => return Vec::new(),
    };
    let at = format!("{}{class}{given}", class.len());
    let Some(start) = f.symbol.find(&at) else {
        return Vec::new();
    };
    let token = start + at.len() - given.len();
    others
        .iter()
        .map(|o| format!("{}{o}{}", &f.symbol[..token], &f.symbol[token + 2..]))
        .collect()
}

/// The spelling of the type bindgen names `key`, or why C++ has no name for it.
fn type_line(key: &str, declared: &HashMap<String, Declaration>) -> String {
    if let Some(Declaration::Type { qualified, .. }) = declared.get(key) {
        return format!("#define {} {qualified}", type_macro(key));
    }
    let (scope, flat) = key.rsplit_once("::").unwrap_or(("", key));
    // The type itself, or the longest `Outer` of `Outer_Inner`, that is a class template.
    let ends = std::iter::once(flat.len()).chain(flat.match_indices('_').rev().map(|(at, _)| at));
    let template = ends.map(|end| &flat[..end]).find_map(|name| {
        match declared.get(&format!("{scope}::{name}")) {
            Some(Declaration::Template { qualified, .. }) => Some(qualified.clone()),
            _ => None,
        }
    });
    let why = match template {
        Some(t) if t.ends_with(flat) => format!("the class template `{t}`, which C++ names only with its arguments"),
        Some(t) => format!("a member of the class template `{t}`, which C++ names only with the template's arguments"),
        // A name clang's AST does not know (a macro, or none at all): as written, so that the
        // compiler says which.
        None => return format!("#define {} {}", type_macro(key), key.trim_start_matches("::")),
    };
    format!(
        "#define {} {}",
        unresolved_macro(key),
        prototypes::c_string(&why)
    )
}

/// The signature macros of one request: a symbol (`link|rust`: the first), or a function type,
/// which C++ units do not read.
fn function_macros(request: &str, declared: &HashMap<String, Declaration>) -> String {
    let name = protocol::request_macro_name(request);
    if protocol::parse_function_type_request(request).is_some() {
        let why = "the function type of a pointer in C++ bindings is not read (only C's are)";
        return prototypes::unread_macros(name, protocol::UNSUPPORTED, why);
    }
    let function = match declared.get(name) {
        Some(Declaration::Function(f)) => f,
        Some(_) => {
            let why = format!("`{name}` is not a function in the C++ headers");
            return prototypes::unread_macros(name, protocol::UNSUPPORTED, &why);
        }
        None => {
            let why = format!("no function of the C++ headers has the symbol `{name}`{}: its `link_name` is wrong, or names a declaration these headers do not have", demangled(name));
            return prototypes::unread_macros(name, protocol::NOT_FOUND, &why);
        }
    };
    match prototype(function) {
        Err(why) => prototypes::unread_macros(name, protocol::UNSUPPORTED, &why),
        Ok(p) => {
            // The symbol itself, weakly: null when no loaded library exports it (an inline
            // function), reported as such.
            let reference = format!("ffi_test_symbol_{name}");
            let declare = format!(
                "extern \"C\" char {reference}[] __asm__(\"{name}\") __attribute__((weak));"
            );
            let address = format!("((void *){reference})");
            // A C++ function's convention is not read (a member function's is thiscall on
            // 32-bit Windows, which `__builtin_has_attribute` on the symbol cannot say).
            let unknown = protocol::UNKNOWN_CONVENTION.to_string();
            let macros =
                prototypes::found_macros(name, &p, &Readings::none(), (&unknown, &address));
            format!("{declare}\n{macros}")
        }
    }
}

/// ` (tinyxml2::XMLNode::f(int))`: what a mangled symbol names, where it demangles.
fn demangled(symbol: &str) -> String {
    cpp_demangle::Symbol::new(symbol)
        .ok()
        .and_then(|s| s.demangle(&Default::default()).ok())
        .map_or(String::new(), |d| format!(" ({d})"))
}

/// A C++ function as the signature macros read a prototype: its object parameter first.
fn prototype(f: &Function) -> Result<Prototype, String> {
    let (ret, variadic) = f.return_and_variadic()?;
    let params: Vec<String> = f.this.iter().chain(&f.params).cloned().collect();
    if params.len() > MAX_PARAMS {
        return Err(format!(
            "`{}`: more than {MAX_PARAMS} parameters is not supported",
            f.qualified
        ));
    }
    let mut list = f.params.join(", ");
    if variadic {
        list.push_str(if list.is_empty() { "..." } else { ", ..." });
    }
    let this = f
        .this
        .as_ref()
        .map_or(String::new(), |t| format!(" [this: {t}]"));
    Ok(Prototype {
        text: format!("{ret} {}({list}){this}", f.qualified),
        ret,
        params,
        variadic,
        defined: f.defined,
        internal: false,
        name: f.symbol.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(lines: &[&str]) -> HashMap<String, Declaration> {
        lines
            .iter()
            .map(|l| Declaration::parse(&l.replace('|', "\u{1f}")).unwrap())
            .map(|d| (d.symbol().to_string(), d))
            .collect()
    }

    #[test]
    fn bindgen_names_are_spelled_as_cpp_names_them_or_said_to_have_none() {
        let d = declared(&[
            "T|ns::Outer_Inner|ns::Outer::Inner",
            "C|ns::Pool|ns::Pool",
            "T|::FILE|FILE",
        ]);
        assert_eq!(
            type_line("ns::Outer_Inner", &d),
            "#define FFI_TEST_C_TYPE_ns_Q_Outer_Inner ns::Outer::Inner"
        );
        assert_eq!(
            type_line("::FILE", &d),
            "#define FFI_TEST_C_TYPE__Q_FILE FILE"
        );
        assert_eq!(
            type_line("ns::Pool_Item", &d),
            "#define FFI_TEST_C_UNRESOLVED_ns_Q_Pool_Item \"a member of the class template \
             `ns::Pool`, which C++ names only with the template's arguments\""
        );
        // Not in the AST: as written (a macro constant, or a name the compiler will refuse).
        assert_eq!(
            type_line("::VERSION", &d),
            "#define FFI_TEST_C_TYPE__Q_VERSION VERSION"
        );
        assert_eq!(
            type_line("ns::Gone", &d),
            "#define FFI_TEST_C_TYPE_ns_Q_Gone ns::Gone"
        );
    }

    #[test]
    fn constructors_and_destructors_are_found_under_each_of_their_symbols() {
        let d = by_symbol(
            &[
                "F|_ZN2ns4NodeC1EPi|ns::Node::Node|ns::Node *|0|void (int *)|int *",
                "F|_ZN2ns4NodeD1Ev|ns::Node::~Node|ns::Node *|0|void () noexcept",
            ]
            .join("\n")
            .replace('|', "\u{1f}"),
        );
        for symbol in [
            "_ZN2ns4NodeC2EPi",
            "_ZN2ns4NodeC3EPi",
            "_ZN2ns4NodeD0Ev",
            "_ZN2ns4NodeD2Ev",
        ] {
            assert!(d.contains_key(symbol), "{symbol}");
        }
        assert_eq!(d.len(), 6);
    }

    #[test]
    fn a_member_function_takes_its_object_first() {
        let d = declared(&["F|_ZNK2ns1C3getEi|ns::C::get|const ns::C *|0|int (int) const|int"]);
        let Some(Declaration::Function(f)) = d.get("_ZNK2ns1C3getEi") else {
            panic!()
        };
        let p = prototype(f).unwrap();
        assert_eq!(p.text, "int ns::C::get(int) [this: const ns::C *]");
        assert_eq!(p.params, ["const ns::C *", "int"]);
        let macros = function_macros("_ZNK2ns1C3getEi", &d);
        assert!(macros.starts_with(
            "extern \"C\" char ffi_test_symbol__ZNK2ns1C3getEi[] __asm__(\"_ZNK2ns1C3getEi\") __attribute__((weak));"
        ));
        assert!(function_macros("_ZN2ns1C4goneEv", &d).contains(&format!(
            "FFI_TEST_SIG_INIT__ZN2ns1C4goneEv {{ {} }}",
            protocol::NOT_FOUND
        )));
    }
}
