//! C++ declarations by symbol, for signature and static checks of C++ bindings (bindgen's
//! `link_name = "\u{1}_ZN..."`): GCC prints no prototypes of C++ (`-aux-info` is C only), so
//! clang's AST is read as JSON (`-Xclang -ast-dump=json`), which names every function's and
//! variable's mangled symbol beside its qualified name and types. Only the declarations are
//! kept: each function's symbol, qualified name, `this` (for a member function), return and
//! parameter types; each variable's symbol, qualified name and type. They are written as
//! lines (one per declaration, cached per unit like `-aux-info`) and read back by
//! [`Declaration::parse`].

use std::fmt;
use std::io::BufReader;
use std::path::Path;
use std::process::Command;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Separates a line's fields.
const FIELD: char = '\u{1f}';

/// One C++ declaration with a symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    /// A function, a member function, a constructor or a destructor.
    Function(Function),
    /// A variable (a static data member, a namespace-scope variable).
    Variable {
        symbol: String,
        qualified: String,
        ty: String,
    },
    /// A type (a class, an enum, a typedef) or a variable under a name bindgen gives it
    /// ([`bindgen_key`], [`flat_bindgen_key`]).
    Type { key: String, qualified: String },
    /// A class template: its members have no C++ name without the template's arguments.
    Template { key: String, qualified: String },
}

/// A function as the C++ AST declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its mangled symbol.
    pub symbol: String,
    /// `ns::Class::method`.
    pub qualified: String,
    /// The implicit object parameter of a non-static member function (`const ns::Class *` for
    /// a `const` one): the first parameter at the call, as bindgen binds it.
    pub this: Option<String>,
    /// The function's type as clang prints it (`bool (const char *, int *) const`).
    pub ty: String,
    /// Each parameter's type.
    pub params: Vec<String>,
    /// Defined where declared (in the headers: inline, so a library need not export it).
    pub defined: bool,
}

impl Declaration {
    /// Its symbol (a type's key).
    pub fn symbol(&self) -> &str {
        match self {
            Declaration::Function(f) => &f.symbol,
            Declaration::Variable { symbol, .. } => symbol,
            Declaration::Type { key, .. } | Declaration::Template { key, .. } => key,
        }
    }

    /// The declaration a line of [`declarations`]' text holds.
    pub fn parse(line: &str) -> Option<Declaration> {
        let mut fields = line.split(FIELD);
        match fields.next()? {
            "T" => Some(Declaration::Type {
                key: fields.next()?.to_string(),
                qualified: fields.next()?.to_string(),
            }),
            "C" => Some(Declaration::Template {
                key: fields.next()?.to_string(),
                qualified: fields.next()?.to_string(),
            }),
            "V" => Some(Declaration::Variable {
                symbol: fields.next()?.to_string(),
                qualified: fields.next()?.to_string(),
                ty: fields.next()?.to_string(),
            }),
            "F" => {
                let symbol = fields.next()?.to_string();
                let qualified = fields.next()?.to_string();
                let this = Some(fields.next()?.to_string()).filter(|t| !t.is_empty());
                let defined = fields.next()? == "1";
                let ty = fields.next()?.to_string();
                let params = fields.map(str::to_string).collect();
                Some(Declaration::Function(Function {
                    symbol,
                    qualified,
                    this,
                    ty,
                    params,
                    defined,
                }))
            }
            _ => None,
        }
    }
}

impl fmt::Display for Declaration {
    /// The line [`Declaration::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Declaration::Variable {
                symbol,
                qualified,
                ty,
            } => write!(f, "V{FIELD}{symbol}{FIELD}{qualified}{FIELD}{ty}"),
            Declaration::Type { key, qualified } => write!(f, "T{FIELD}{key}{FIELD}{qualified}"),
            Declaration::Template { key, qualified } => {
                write!(f, "C{FIELD}{key}{FIELD}{qualified}")
            }
            Declaration::Function(func) => {
                write!(
                    f,
                    "F{FIELD}{}{FIELD}{}{FIELD}{}{FIELD}{}{FIELD}{}",
                    func.symbol,
                    func.qualified,
                    func.this.as_deref().unwrap_or(""),
                    if func.defined { "1" } else { "0" },
                    func.ty
                )?;
                for p in &func.params {
                    write!(f, "{FIELD}{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl Function {
    /// The return type and whether the function is variadic, read from its type: `R (P..) q`
    /// with the qualifiers after the parameter list (`const`, `noexcept`, `&`) taken off. A
    /// return type with a declarator of its own (a pointer to a function or an array, which
    /// clang prints around the parameter list) is not read: `Err` says so.
    pub fn return_and_variadic(&self) -> Result<(String, bool), String> {
        let mut ty = self.ty.trim();
        loop {
            let before = ty;
            for q in [" const", " volatile", " &&", " &", " noexcept", " throw()"] {
                ty = ty.strip_suffix(q).unwrap_or(ty).trim_end();
            }
            if let Some(rest) = ty.strip_suffix(')') {
                // `noexcept(expr)`, `__attribute__((..))` after the parameter list.
                if let Some(open) = matching_open(rest) {
                    let head = rest[..open].trim_end();
                    if head.ends_with("noexcept") || head.ends_with("__attribute__(") {
                        ty = head.trim_end_matches("__attribute__(").trim_end();
                        ty = ty.strip_suffix("noexcept").unwrap_or(ty).trim_end();
                    }
                }
            }
            if ty == before {
                break;
            }
        }
        let unreadable = || {
            format!("`{}`: its return type is not read from clang's C++ type (a pointer to a function or array)", self.ty)
        };
        let inner = ty.strip_suffix(')').ok_or_else(unreadable)?;
        let open = matching_open(inner).ok_or_else(unreadable)?;
        let ret = inner[..open].trim();
        if ret.is_empty() || ret.contains('(') {
            return Err(unreadable());
        }
        let variadic = inner[open + 1..].trim_end().ends_with("...");
        Ok((ret.to_string(), variadic))
    }
}

/// Where the `(` matching the `)` just after `text` is.
fn matching_open(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(i),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The declarations of `source` as lines, from clang's AST dump as JSON, run as `cmd` (a C++
/// compiler that is clang, with the unit's flags).
pub fn declarations(cmd: Command, source: &Path) -> Result<String, String> {
    let found = super::clang_ast::read_ast(
        cmd,
        source,
        "-ast-dump=json",
        "C++ declarations",
        |stdout| {
            // The dump nests as deep as the headers' expressions: read on a thread with room for
            // it, without serde_json's depth limit.
            let reader = std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || read_dump(BufReader::new(stdout)))
                .map_err(|e| format!("cannot start reading clang's AST: {e}"))?;
            reader
                .join()
                .unwrap_or_else(|_| Err("reading clang's AST panicked".into()))
        },
    )?;
    Ok(found.iter().map(|d| format!("{d}\n")).collect())
}

/// Every declaration with a symbol in a dump.
fn read_dump(reader: impl std::io::Read) -> Result<Vec<Declaration>, String> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    de.disable_recursion_limit();
    let mut out = Vec::new();
    Node {
        scope: &mut Vec::new(),
        out: &mut out,
    }
    .deserialize(&mut de)
    .map_err(|e| format!("cannot read clang's AST dump: {e}"))?;
    Ok(out)
}

/// The kinds whose children are declarations in a scope this module follows: templates are
/// not (a template's members have no symbol until instantiated).
fn scope_kind(kind: &str) -> bool {
    matches!(
        kind,
        "TranslationUnitDecl" | "NamespaceDecl" | "CXXRecordDecl" | "LinkageSpecDecl"
    )
}

fn function_kind(kind: &str) -> bool {
    matches!(
        kind,
        "FunctionDecl" | "CXXMethodDecl" | "CXXConstructorDecl" | "CXXDestructorDecl"
    )
}

/// A namespace or class a declaration is in.
#[derive(Clone)]
struct Scope {
    name: String,
    class: bool,
}

/// bindgen's name for `name` declared in `scope`, as `check_surface!` writes it from the module
/// path of bindgen's C++ namespaces (`--enable-cxx-namespaces`): the namespaces as modules
/// (`ns::`, `::` alone for the global namespace), the classes it is nested in joined to its own
/// name with `_` (`ns::Outer_Inner`).
pub fn bindgen_key(namespaces: &[&str], classes: &[&str], name: &str) -> String {
    let mut flat: Vec<&str> = classes.to_vec();
    flat.push(name);
    format!("{}::{}", namespaces.join("::"), flat.join("_"))
}

/// bindgen's name for it without namespaces as modules (its default): every scope joined with
/// `_` (`ns_Outer_Inner`), as an item of the global namespace (`::ns_Outer_Inner`).
pub fn flat_bindgen_key(scope: &[&str], name: &str) -> String {
    let mut flat: Vec<&str> = scope.to_vec();
    flat.push(name);
    format!("::{}", flat.join("_"))
}

/// One node of the dump, read with the scope it is in: `inner` comes after a node's own
/// fields in clang's output, so its kind and name are known when its children are read.
struct Node<'a> {
    scope: &'a mut Vec<Scope>,
    out: &'a mut Vec<Declaration>,
}

/// What a node says of itself.
#[derive(Default)]
struct Own {
    kind: String,
    name: Option<String>,
    symbol: Option<String>,
    ty: Option<String>,
    storage: Option<String>,
    params: Vec<String>,
    defined: bool,
    /// Made by the compiler (a class's injected name, an implicit member).
    implicit: bool,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a clang AST node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut own = Own::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => own.kind = map.next_value()?,
                "name" => own.name = Some(map.next_value()?),
                "mangledName" => own.symbol = Some(map.next_value()?),
                "isImplicit" => own.implicit = map.next_value()?,
                "storageClass" => own.storage = Some(map.next_value()?),
                "type" => {
                    let ty: serde_json::Value = map.next_value()?;
                    own.ty = ty["qualType"].as_str().map(str::to_string);
                }
                "inner" if scope_kind(&own.kind) => {
                    let pushed = own.kind == "NamespaceDecl" || own.kind == "CXXRecordDecl";
                    let name = own.name.clone().unwrap_or_default();
                    if pushed {
                        // An anonymous namespace or record: its members' names cannot be
                        // written (`declaration` skips them).
                        self.scope.push(Scope {
                            name,
                            class: own.kind == "CXXRecordDecl",
                        });
                    }
                    map.next_value_seed(Children {
                        scope: self.scope,
                        out: self.out,
                    })?;
                    if pushed {
                        self.scope.pop();
                    }
                }
                "inner" if function_kind(&own.kind) => {
                    let (params, defined) = map.next_value_seed(Parameters)?;
                    own.params = params;
                    own.defined = defined;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.out.extend(declared_by(own, self.scope));
        Ok(())
    }
}

/// What a node declares, if it has a symbol (or is named by bindgen) and a scope that can be
/// written: a type or a variable under each name bindgen may give it, a variable and a
/// function by symbol.
fn declared_by(own: Own, scope: &[Scope]) -> Vec<Declaration> {
    if scope.iter().any(|s| s.name.is_empty()) || own.implicit {
        return Vec::new();
    }
    let name = own.name.clone().unwrap_or_default();
    let all: Vec<&str> = scope.iter().map(|s| s.name.as_str()).collect();
    let qualified = [&all[..], &[name.as_str()]].concat().join("::");
    let named = matches!(
        own.kind.as_str(),
        "CXXRecordDecl" | "EnumDecl" | "TypedefDecl" | "TypeAliasDecl" | "VarDecl"
    );
    let mut out = Vec::new();
    if (named || own.kind == "ClassTemplateDecl") && !name.is_empty() {
        let names = |class: bool| -> Vec<&str> {
            let of = scope.iter().filter(|s| s.class == class);
            of.map(|s| s.name.as_str()).collect()
        };
        let keys = [
            bindgen_key(&names(false), &names(true), &name),
            flat_bindgen_key(&all, &name),
        ];
        let distinct = if keys[0] == keys[1] {
            &keys[..1]
        } else {
            &keys[..]
        };
        for key in distinct {
            let (key, qualified) = (key.clone(), qualified.clone());
            out.push(match named {
                true => Declaration::Type { key, qualified },
                false => Declaration::Template { key, qualified },
            });
        }
    }
    out.extend(symbol_declaration(own, scope, qualified));
    out
}

/// The declaration of a node with a symbol: a variable's, a function's.
fn symbol_declaration(own: Own, scope: &[Scope], qualified: String) -> Option<Declaration> {
    let symbol = own.symbol?;
    let ty = own.ty?;
    if own.kind == "VarDecl" {
        return Some(Declaration::Variable {
            symbol,
            qualified,
            ty,
        });
    }
    if !function_kind(&own.kind) {
        return None;
    }
    let member = own.kind != "FunctionDecl" && own.storage.as_deref() != Some("static");
    let this = member.then(|| {
        let names: Vec<&str> = scope.iter().map(|s| s.name.as_str()).collect();
        let class = names.join("::");
        // A `const` member function's object parameter points to const.
        let tail = ty.rsplit_once(')').map_or("", |(_, t)| t);
        match tail.split_whitespace().any(|w| w == "const") {
            true => format!("const {class} *"),
            false => format!("{class} *"),
        }
    });
    Some(Declaration::Function(Function {
        symbol,
        qualified,
        this,
        ty,
        params: own.params,
        defined: own.defined,
    }))
}

/// A scope's children.
struct Children<'a> {
    scope: &'a mut Vec<Scope>,
    out: &'a mut Vec<Declaration>,
}

impl<'de> DeserializeSeed<'de> for Children<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Children<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of clang AST nodes")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Node {
                scope: &mut *self.scope,
                out: &mut *self.out,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// A function's children: its parameters' types, and whether it has a body.
struct Parameters;

impl<'de> DeserializeSeed<'de> for Parameters {
    type Value = (Vec<String>, bool);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Parameters {
    type Value = (Vec<String>, bool);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a function's children")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let (mut params, mut defined) = (Vec::new(), false);
        while let Some(child) = seq.next_element::<Child>()? {
            match child.kind.as_str() {
                "ParmVarDecl" => params.push(child.ty.unwrap_or_default()),
                "CompoundStmt" | "CXXTryStmt" => defined = true,
                _ => {}
            }
        }
        Ok((params, defined))
    }
}

/// A function's child: its kind and type; nothing under it is kept.
struct Child {
    kind: String,
    ty: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Child {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Child, D::Error> {
        struct ChildVisitor;
        impl<'de> Visitor<'de> for ChildVisitor {
            type Value = Child;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a clang AST node")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Child, A::Error> {
                let mut child = Child {
                    kind: String::new(),
                    ty: None,
                };
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "kind" => child.kind = map.next_value()?,
                        "type" => {
                            let ty: serde_json::Value = map.next_value()?;
                            child.ty = ty["qualType"].as_str().map(str::to_string);
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(child)
            }
        }
        d.deserialize_map(ChildVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(ty: &str) -> Function {
        Function {
            symbol: "_Z1fv".into(),
            qualified: "f".into(),
            this: None,
            ty: ty.into(),
            params: Vec::new(),
            defined: false,
        }
    }

    #[test]
    fn a_dump_is_read_into_declarations_by_symbol() {
        let dump = r#"{"kind": "TranslationUnitDecl", "inner": [
            {"kind": "NamespaceDecl", "name": "ns", "inner": [
                {"kind": "CXXRecordDecl", "name": "C", "inner": [
                    {"kind": "CXXRecordDecl", "name": "C", "isImplicit": true},
                    {"kind": "CXXRecordDecl", "name": "In", "inner": [
                        {"kind": "EnumDecl", "name": "Mode"}]},
                    {"kind": "CXXMethodDecl", "name": "get", "mangledName": "_ZNK2ns1C3getEi",
                     "type": {"qualType": "int (int) const"},
                     "inner": [{"kind": "ParmVarDecl", "name": "x", "type": {"qualType": "int"}}]},
                    {"kind": "CXXMethodDecl", "name": "make", "mangledName": "_ZN2ns1C4makeEv",
                     "type": {"qualType": "ns::C *()"}, "storageClass": "static",
                     "inner": [{"kind": "CompoundStmt", "inner": [{"kind": "ReturnStmt"}]}]},
                    {"kind": "VarDecl", "name": "count", "mangledName": "_ZN2ns1C5countE",
                     "type": {"qualType": "int"}, "storageClass": "static"}
                ]},
                {"kind": "ClassTemplateDecl", "name": "T", "inner": [
                    {"kind": "CXXMethodDecl", "name": "skip", "mangledName": "_ZN2ns1T4skipEv",
                     "type": {"qualType": "void ()"}}]}
            ]},
            {"kind": "FunctionDecl", "name": "free_fn", "mangledName": "free_fn",
             "type": {"qualType": "void (const ns::C &, ...)"},
             "inner": [{"kind": "ParmVarDecl", "type": {"qualType": "const ns::C &"}}]}
        ]}"#;
        let found = read_dump(dump.as_bytes()).unwrap();
        let lines: Vec<String> = found
            .iter()
            .map(|d| d.to_string().replace(FIELD, "|"))
            .collect();
        assert_eq!(
            lines,
            [
                // Types by the names bindgen gives them: nested classes joined with `_`, in
                // their namespace's module, or everything joined (bindgen's default).
                "T|ns::C_In_Mode|ns::C::In::Mode",
                "T|::ns_C_In_Mode|ns::C::In::Mode",
                "T|ns::C_In|ns::C::In",
                "T|::ns_C_In|ns::C::In",
                "F|_ZNK2ns1C3getEi|ns::C::get|const ns::C *|0|int (int) const|int",
                "F|_ZN2ns1C4makeEv|ns::C::make||1|ns::C *()",
                // A variable by its names and by its symbol.
                "T|ns::C_count|ns::C::count",
                "T|::ns_C_count|ns::C::count",
                "V|_ZN2ns1C5countE|ns::C::count|int",
                "T|ns::C|ns::C",
                "T|::ns_C|ns::C",
                // A template's members are not read; the template is named.
                "C|ns::T|ns::T",
                "C|::ns_T|ns::T",
                "F|free_fn|free_fn||0|void (const ns::C &, ...)|const ns::C &",
            ]
        );
        for d in &found {
            assert_eq!(Declaration::parse(&d.to_string()).as_ref(), Some(d));
        }
    }

    #[test]
    fn the_return_type_is_read_past_the_qualifiers() {
        let read = |ty: &str| function(ty).return_and_variadic();
        assert_eq!(read("int (int) const"), Ok(("int".into(), false)));
        assert_eq!(read("void () noexcept"), Ok(("void".into(), false)));
        assert_eq!(
            read("const char *(const char *, ...)"),
            Ok(("const char *".into(), true))
        );
        assert_eq!(
            read("ns::C &(const ns::C &) &&"),
            Ok(("ns::C &".into(), false))
        );
        assert_eq!(
            read("void (int) noexcept(true)"),
            Ok(("void".into(), false))
        );
        assert!(read("void (*(int))(int)").unwrap_err().contains("not read"));
    }
}
