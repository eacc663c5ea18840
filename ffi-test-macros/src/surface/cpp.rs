//! bindgen's C++ output (`--enable-cxx-namespaces`): every item lives under `pub mod root`,
//! each C++ namespace a module inside it, each class nested in another flattened to
//! `Outer_Inner`, and every function and static bound through its mangled `link_name`. The
//! file's items are planned as a C file's are; this module then gives each the names its C++
//! check needs. A type is asked of the runtime by bindgen's qualified name (`ns::Outer_Inner`,
//! `::FILE` in the global namespace), which clang's AST turns into C++'s (`cside::cpp_prelude`);
//! a constant or static member is named through its class's spelling
//! (`FFI_TEST_C_TYPE_ns_Q_Outer::member`); every check is compiled as C++.

use ffi_test_protocol::members::base_member;
use ffi_test_protocol::surface::{type_macro, type_request};

use super::names;
use super::walk::{Index, Plan, SurfaceItem};
use crate::layout::model::Shape;

/// The module bindgen puts everything of a C++ file in.
const ROOT: &str = "root";

/// How a file of bindgen's C++ output names C++'s items.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    /// `--enable-cxx-namespaces`: namespaces as modules under `root`.
    Namespaces,
    /// bindgen's default: every scope joined with `_` into one name (`ns_Outer_Inner`).
    Flat,
}

/// How `file` names C++'s items, if it is bindgen's C++ output: with namespaces as modules, or
/// flat, told by its mangled `link_name`s (`"\u{1}_ZN..."`).
pub fn style(file: &syn::File) -> Option<Style> {
    if is_cpp(file) {
        return Some(Style::Namespaces);
    }
    file.items
        .iter()
        .any(mangled_link_name)
        .then_some(Style::Flat)
}

/// Whether an extern block declares an item through a mangled C++ name.
fn mangled_link_name(item: &syn::Item) -> bool {
    let syn::Item::ForeignMod(block) = item else {
        return false;
    };
    block.items.iter().any(|f| {
        let attrs = match f {
            syn::ForeignItem::Fn(x) => &x.attrs,
            syn::ForeignItem::Static(x) => &x.attrs,
            _ => return false,
        };
        attrs.iter().any(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("link_name") => matches!(
                &nv.value,
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value().starts_with("\u{1}_Z")
            ),
            _ => false,
        })
    })
}

/// Whether `file` is bindgen's C++ output with namespaces: a `pub mod root` whose items
/// import `root` itself (`use self::super::root;`), as bindgen writes every namespace's module.
fn is_cpp(file: &syn::File) -> bool {
    file.items.iter().any(|item| {
        let syn::Item::Mod(m) = item else {
            return false;
        };
        let Some((_, items)) = &m.content else {
            return false;
        };
        m.ident == ROOT && items.iter().any(imports_root)
    })
}

fn imports_root(item: &syn::Item) -> bool {
    let syn::Item::Use(u) = item else {
        return false;
    };
    let text = quote::ToTokens::to_token_stream(&u.tree)
        .to_string()
        .replace(' ', "");
    text.ends_with("::root") && text.starts_with("self::super")
}

/// What a C++ item's check needs beyond its plan: the C++ expression naming it where its plan's
/// C name cannot (a constant, a static member), and the types that expression spells.
#[derive(Clone, Default)]
pub struct CppSide {
    pub expr: Option<String>,
    pub types: Vec<String>,
}

/// bindgen's qualified name for `name` in `module` (`root`, then namespaces): what
/// `cside::cpp_ast::bindgen_key` computes from clang's AST.
pub fn key(module: &[String], name: &str) -> String {
    let namespaces = module.get(1..).unwrap_or_default().join("::");
    format!("{namespaces}::{name}")
}

/// The key of the type a Rust type path names (`root::ns::Outer_Inner`; in a flat file,
/// `ns_Outer_Inner`), if it names one of the bindings' own.
fn key_of_path(ty: &syn::Type, style: Style) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let (last, front) = segments.split_last()?;
    match (style, front.first().map(String::as_str)) {
        (Style::Namespaces, Some(ROOT)) => Some(key(front, last)),
        (Style::Flat, None) => Some(key(&[], last)),
        _ => None,
    }
}

/// Gives `item` (planned in `module`) its C++ names.
pub fn qualify(item: &mut SurfaceItem, module: &[String], index: &Index) {
    let name = item
        .rust_name
        .rsplit("::")
        .next()
        .unwrap_or_default()
        .to_string();
    let mut side = CppSide::default();
    match &mut item.plan {
        Ok(Plan::Layout(model)) => {
            if let Some(c) = model.c_type_from_headers.clone() {
                let key = key(module, &c);
                model.c_type = syn::LitStr::new(&key, model.c_type.span());
                model.c_type_from_headers = Some(key.clone());
                if let Shape::Enum(variants) = &mut model.shape {
                    for v in variants {
                        v.c_name = format!("{}::{}", type_macro(&key), v.c_name);
                    }
                }
            }
            if let Shape::Struct(fields) | Shape::Union(fields) = &mut model.shape {
                for ty in fields.iter_mut().filter_map(|f| f.ty.as_mut()) {
                    in_module(ty, module);
                }
            }
            if let Shape::Struct(fields) = &mut model.shape {
                for f in fields.iter_mut().filter(|f| is_base(&f.rust_name)) {
                    let style = index.cpp.unwrap_or(Style::Namespaces);
                    if let Some(base) = f.ty.as_ref().and_then(|t| key_of_path(t, style)) {
                        f.c_name = base_member(&base);
                        side.types.push(type_request(&base));
                    }
                }
            }
        }
        Ok(Plan::Value(_, _, ty)) => {
            let (expr, types) = constant(&name, ty.as_ref(), module, index);
            side = CppSide {
                expr: Some(expr),
                types,
            };
        }
        Ok(Plan::Static(..)) => {
            let (expr, types) = member(&name, module, index);
            side = CppSide {
                expr: Some(expr),
                types,
            };
        }
        Ok(Plan::FunctionType(..)) => {
            item.plan = Err(
                "the function type of a pointer in C++ bindings: not compared (its \
                 size is, with the typedef or member)"
                    .into(),
            );
        }
        Ok(Plan::Function(f, ..)) => {
            for input in f.sig.inputs.iter_mut() {
                if let syn::FnArg::Typed(arg) = input {
                    in_module(&mut arg.ty, module);
                }
            }
            if let syn::ReturnType::Type(_, ty) = &mut f.sig.output {
                in_module(ty, module);
            }
        }
        Err(_) => {}
    }
    item.cpp = Some(side);
}

/// `ty` with every one-segment path in it (bindgen names a class's vtable type so, inside the
/// namespace's module) taken as `module`'s item, as the checks, outside the module, must.
fn in_module(ty: &mut syn::Type, module: &[String]) {
    struct Qualify<'m>(&'m [String]);
    impl syn::visit_mut::VisitMut for Qualify<'_> {
        fn visit_type_mut(&mut self, ty: &mut syn::Type) {
            match ty {
                syn::Type::Path(_) => *ty = super::plans::type_in(self.0, ty),
                _ => syn::visit_mut::visit_type_mut(self, ty),
            }
        }
    }
    syn::visit_mut::VisitMut::visit_type_mut(&mut Qualify(module), ty);
}

/// bindgen's name for a base class's subobject: `_base`, `_base_1`, ...
fn is_base(field: &str) -> bool {
    field == "_base"
        || field
            .strip_prefix("_base_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A name in `module` as C++ writes it: qualified in a namespace, bare in the global one (a
/// macro bindgen binds there cannot be qualified).
fn in_namespace(module: &[String], name: &str) -> String {
    match module.get(1..).unwrap_or_default() {
        [] => name.to_string(),
        namespaces => format!("{}::{name}", namespaces.join("::")),
    }
}

/// A member of a class named through the class's spelling, and the type it asks for.
fn through_class(module: &[String], class: &str, member: &str) -> (String, Vec<String>) {
    let key = key(module, class);
    (
        format!("{}::{member}", type_macro(&key)),
        vec![type_request(&key)],
    )
}

/// A constant of type `ty`: an enumerator through its enum (`Outer_Mode_A: Outer_Mode` is
/// `Outer::Mode::A`, valid for scoped and unscoped enums alike), an anonymous enum's through the
/// class it is in (`Outer_A: Outer__bindgen_ty_1` is `Outer::A`), anything else by its name.
fn constant(
    name: &str,
    ty: Option<&syn::Type>,
    module: &[String],
    index: &Index,
) -> (String, Vec<String>) {
    let alias = ty.and_then(names::last_segment).unwrap_or_default();
    if let Some(class) = names::anonymous_parent(&alias) {
        if let Some(rest) = name.strip_prefix(&format!("{class}_")) {
            return through_class(module, class, rest);
        }
    }
    let is_enum = index
        .aliases
        .get(&alias)
        .is_some_and(|t| names::is_integer_or_bool(t, &index.aliases));
    match name.strip_prefix(&format!("{alias}_")) {
        Some(rest) if is_enum && !names::is_anonymous_enum(&alias) => {
            through_class(module, &alias, rest)
        }
        _ => by_name(module, name, index),
    }
}

/// A constant or variable by its own name: in its namespace; in a flat file, through the name
/// clang's AST knows it by (`ns_LIMIT` is `ns::LIMIT`; a macro keeps its name).
fn by_name(module: &[String], name: &str, index: &Index) -> (String, Vec<String>) {
    match index.cpp {
        Some(Style::Flat) => {
            let key = key(module, name);
            (type_macro(&key), vec![type_request(&key)])
        }
        _ => (in_namespace(module, name), Vec::new()),
    }
}

/// A static: a class's static data member (`Outer_count` is `Outer::count`, the longest class
/// of the bindings that prefixes it), or a namespace's variable.
fn member(name: &str, module: &[String], index: &Index) -> (String, Vec<String>) {
    let class = name
        .match_indices('_')
        .rev()
        .map(|(at, _)| &name[..at])
        .find(|prefix| index.records.contains_key(*prefix));
    match class {
        Some(class) => through_class(module, class, &name[class.len() + 1..]),
        None => by_name(module, name, index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindgen_cpp_output_is_told_by_its_root_module_or_its_mangled_names() {
        let cpp: syn::File = syn::parse_quote! {
            pub mod root {
                #[allow(unused_imports)]
                use self::super::root;
                pub mod ns { use self::super::super::root; }
            }
        };
        assert_eq!(style(&cpp), Some(Style::Namespaces));
        let c: syn::File = syn::parse_quote! { pub mod root { pub struct A; } };
        assert_eq!(style(&c), None);
        let flat: syn::File = syn::parse_quote! {
            extern "C" {
                #[link_name = "\u{1}_ZN2ns3getEv"]
                pub fn ns_get() -> i32;
            }
        };
        assert_eq!(style(&flat), Some(Style::Flat));
    }

    #[test]
    fn names_are_keyed_as_the_runtime_keys_clangs() {
        let module = ["root".to_string(), "ns".to_string()];
        assert_eq!(key(&module, "Outer_Inner"), "ns::Outer_Inner");
        assert_eq!(key(&module[..1], "FILE"), "::FILE");
        assert_eq!(in_namespace(&module[..1], "VERSION"), "VERSION");
        assert_eq!(
            key_of_path(&syn::parse_quote!(root::ns::Base), Style::Namespaces).as_deref(),
            Some("ns::Base")
        );
        assert_eq!(
            key_of_path(&syn::parse_quote!(ns_Base), Style::Flat).as_deref(),
            Some("::ns_Base")
        );
        assert!(is_base("_base") && is_base("_base_1") && !is_base("_based"));
    }
}
