//! The bindings' source, read item by item into what each item becomes: a check (with the C
//! names bindgen's vocabulary implies) or the reason it is not one. Nothing is dropped: every C
//! declaration the file binds ends up in one list or the other.

use std::collections::HashMap;

use ffi_test_protocol::signature::{function_type_probe, function_type_request};

use super::function_types::{
    bare_fn, extern_function_types, function_type_item, member_function_types,
};
use syn::{Fields, ForeignItem, Item, Type};

use super::names;
use super::plans::{
    alias_plan, const_c_name, enum_plan, foreign_item, handle_of, newtype_consts, rust_path,
    type_in,
};
use super::records::{record_plan, Record};
use crate::bindings::model::BlockAbi;
use crate::layout::model::LayoutModel;
use crate::syntax::helper_attrs;

/// What one item becomes.
pub enum Plan {
    Layout(Box<LayoutModel>),
    /// A function, its C name and its extern block's ABI.
    Function(Box<syn::ForeignItemFn>, String, BlockAbi),
    Static(syn::ForeignItemStatic, String),
    /// A constant: the Rust expression of its value, the C name it is compared with, and its
    /// type where the file spells it (not for a newtype enum's `.0`).
    Value(proc_macro2::TokenStream, String, Option<syn::Type>),
    /// The function type of a function pointer (a typedef's, a record member's), as a
    /// declaration named by its probe (`ffi_test_protocol::signature::function_type_probe`),
    /// with the prototype requests that make C print it.
    FunctionType(Box<syn::ForeignItemFn>, String, Vec<String>),
}

impl Plan {
    /// A function's extern block ABI. A function pointer's type is compared as `extern "C"`:
    /// C's convention of a function type is not read (`signature::UNKNOWN_CONVENTION`).
    pub fn abi(&self) -> BlockAbi {
        match self {
            Plan::Function(_, _, abi) => abi.clone(),
            _ => BlockAbi::c(),
        }
    }
}

/// One item of the surface.
pub struct SurfaceItem {
    /// Its name as the report shows it (`foo`, `module::CONST`).
    pub rust_name: String,
    /// `struct`, `union`, `enum`, `type`, `fn`, `static`, `const`.
    pub what: &'static str,
    pub plan: Result<Plan, String>,
    /// Parts of the item not compared, with the reason (padding, a refined field...).
    pub notes: Vec<String>,
    /// The user's expectation for its test (`item(NAME, expect = ...)`).
    pub expect: Option<proc_macro2::TokenStream>,
    /// The `#[cfg]`s under which the item is compiled (its own, its extern block's, its
    /// modules'): its check exists where they hold.
    pub cfgs: Vec<syn::Attribute>,
    /// Its test's subject where not its Rust name (a member's function type,
    /// `sqlite3_io_methods_xRead`, refined as `item(sqlite3_io_methods.xRead, ..)`).
    pub subject: Option<String>,
    /// An item of bindgen's C++ output: checked in C++, with these names (`cpp.rs`).
    pub cpp: Option<super::cpp::CppSide>,
}

impl SurfaceItem {
    /// An item no test checks, with the reason.
    pub(super) fn unchecked(
        rust_name: String,
        what: &'static str,
        reason: impl Into<String>,
    ) -> SurfaceItem {
        SurfaceItem::planned(rust_name, what, Err(reason.into()))
    }

    /// An item and what becomes of it.
    pub(super) fn planned(
        rust_name: String,
        what: &'static str,
        plan: Result<Plan, String>,
    ) -> SurfaceItem {
        SurfaceItem {
            rust_name,
            what,
            plan,
            notes: Vec::new(),
            expect: None,
            cfgs: Vec::new(),
            subject: None,
            cpp: None,
        }
    }
}

/// The records (structs and unions) and impl blocks of the file, by name, to follow anonymous
/// members into the types bindgen made for them and to find bit-field setters.
pub(super) struct Index<'f> {
    pub(super) records: HashMap<String, Vec<&'f syn::Field>>,
    pub(super) impls: HashMap<String, Vec<&'f syn::ItemImpl>>,
    pub(super) aliases: HashMap<String, &'f Type>,
    /// The file is bindgen's C++ output, and how it names C++'s items (`cpp.rs`).
    pub(super) cpp: Option<super::cpp::Style>,
}

/// Field refinements: `(item, field) -> reason` for fields deliberately bound another way.
pub type SkippedFields = HashMap<(String, String), String>;

pub fn walk(file: &syn::File, skipped_fields: &SkippedFields) -> Vec<SurfaceItem> {
    let mut index = Index {
        records: HashMap::new(),
        impls: HashMap::new(),
        aliases: HashMap::new(),
        cpp: super::cpp::style(file),
    };
    index_items(&file.items, &mut index);
    let mut out = Vec::new();
    walk_items(&file.items, &[], &[], &index, skipped_fields, &mut out);
    out
}

fn attrs_of(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Struct(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Const(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        _ => &[],
    }
}

fn index_items<'f>(items: &'f [Item], index: &mut Index<'f>) {
    for item in items {
        match item {
            Item::Struct(s) => {
                index
                    .records
                    .insert(s.ident.to_string(), s.fields.iter().collect());
            }
            Item::Union(u) => {
                index
                    .records
                    .insert(u.ident.to_string(), u.fields.named.iter().collect());
            }
            Item::Impl(i) if i.trait_.is_none() => {
                if let Type::Path(p) = &*i.self_ty {
                    if let Some(last) = p.path.segments.last() {
                        index
                            .impls
                            .entry(last.ident.to_string())
                            .or_default()
                            .push(i);
                    }
                }
            }
            Item::Type(t) => {
                index.aliases.insert(t.ident.to_string(), &t.ty);
            }
            Item::Use(u) => {
                if let Some(alias) = renamed_alias(u) {
                    // Leaked, as a macro's items are: the index borrows for this macro run.
                    let alias: &'static syn::ItemType = Box::leak(Box::new(alias));
                    index.aliases.insert(alias.ident.to_string(), &alias.ty);
                }
            }
            Item::Macro(m) if m.ident.is_none() => {
                if let Some(inner) = wrapped_items(m) {
                    // Leaked: the index borrows from the file for the one walk of this macro run.
                    index_items(Box::leak(Box::new(inner)), index);
                }
            }
            // bindgen's `moduleconsts` enums: `pub mod e { pub type Type = c_uint; .. }`.
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    index_items(items, index);
                }
            }
            _ => {}
        }
    }
}

fn walk_items(
    items: &[Item],
    module: &[String],
    outer_cfgs: &[syn::Attribute],
    index: &Index,
    skipped: &SkippedFields,
    out: &mut Vec<SurfaceItem>,
) {
    let qualified = |name: &str| {
        let mut parts = module.to_vec();
        parts.push(name.to_string());
        parts.join("::")
    };
    for item in items {
        let mut cfgs = outer_cfgs.to_vec();
        cfgs.extend(helper_attrs::cfgs(attrs_of(item)));
        let first = out.len();
        walk_item(item, module, &cfgs, index, skipped, out, &qualified);
        // A namespace's module is walked item by item: its items are qualified there.
        let nested = matches!(item, Item::Mod(_));
        for pushed in &mut out[first..] {
            if pushed.cfgs.is_empty() {
                pushed.cfgs = cfgs.clone();
            }
            if index.cpp.is_some() && !nested && pushed.cpp.is_none() {
                super::cpp::qualify(pushed, module, index);
            }
        }
    }
}

fn walk_item(
    item: &Item,
    module: &[String],
    cfgs: &[syn::Attribute],
    index: &Index,
    skipped: &SkippedFields,
    out: &mut Vec<SurfaceItem>,
    qualified: &dyn Fn(&str) -> String,
) {
    if let Some((name, what)) = private_item(item) {
        out.push(SurfaceItem::unchecked(
            qualified(&name),
            what,
            "not `pub`: the checks, outside its module, cannot name it",
        ));
        return;
    }
    match item {
        // `i! { pub const X: u32 = 4; }`, `s! { pub struct .. }`: a macro given items is read
        // as those items (what such macros expand to); any other invocation is listed.
        Item::Macro(m) if m.ident.is_none() => match wrapped_items(m) {
            Some(inner) => walk_items(&inner, module, cfgs, index, skipped, out),
            None => {
                let name = m
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                out.push(SurfaceItem::unchecked(format!("{name}!"), "macro", "a macro invocation whose input is not items: what it expands to cannot be read"));
            }
        },
        Item::Use(u) => {
            if let Some(alias) = renamed_alias(u) {
                walk_item(
                    &Item::Type(alias),
                    module,
                    cfgs,
                    index,
                    skipped,
                    out,
                    qualified,
                );
            }
        }
        Item::Struct(s) => {
            let name = crate::syntax::items::unraw(&s.ident);
            let fields: Vec<&syn::Field> = s.fields.iter().collect();
            let record = Record {
                name: &name,
                attrs: &s.attrs,
                generics: &s.generics,
                fields: &fields,
                union: false,
                tuple: matches!(s.fields, Fields::Unnamed(_)),
            };
            let plan = record_plan(&record, module, index, skipped);
            let checked = plan.is_ok();
            out.push(with_notes(qualified(&name), "struct", plan));
            if checked && module.is_empty() {
                member_function_types(&name, &fields, skipped, out);
            }
        }
        Item::Union(u) => {
            let name = crate::syntax::items::unraw(&u.ident);
            let fields: Vec<&syn::Field> = u.fields.named.iter().collect();
            let record = Record {
                name: &name,
                attrs: &u.attrs,
                generics: &u.generics,
                fields: &fields,
                union: true,
                tuple: false,
            };
            let plan = record_plan(&record, module, index, skipped);
            let checked = plan.is_ok();
            out.push(with_notes(qualified(&name), "union", plan));
            if checked && module.is_empty() {
                member_function_types(&name, &fields, skipped, out);
            }
        }
        Item::Enum(e) => {
            let name = crate::syntax::items::unraw(&e.ident);
            out.push(with_notes(
                qualified(&name),
                "enum",
                enum_plan(&name, module, e),
            ));
        }
        Item::Type(t) => {
            let name = crate::syntax::items::unraw(&t.ident);
            // bindgen's `moduleconsts` enum style: `pub mod e { pub type Type = c_uint; }`.
            let c_name = match module.last() {
                Some(m) if name == "Type" => m.clone(),
                _ => name.clone(),
            };
            let plan = match handle_of(&t.ty, index) {
                Some(reason) => Err(reason),
                None => alias_plan(&name, &c_name, module, t),
            };
            let checked = plan.is_ok();
            out.push(with_notes(qualified(&name), "type", plan));
            if let Some(f) = bare_fn(&t.ty).filter(|_| checked && module.is_empty()) {
                let probe = function_type_probe(&name, None);
                let request = function_type_request(&probe, &c_name);
                // Refined as `item(fn NAME, ..)`; the typedef's own check is `item(type NAME, ..)`.
                out.extend(function_type_item(
                    &name,
                    "fn",
                    None,
                    &probe,
                    vec![request],
                    f,
                ));
            }
        }
        Item::ForeignMod(block) => {
            // bindgen's C++ functions and statics are in their namespace's module.
            let home: &[String] = if index.cpp.is_some() { &[] } else { module };
            for f in &block.items {
                let mut item = foreign_item(f, home, &block.abi, qualified);
                let own = match f {
                    ForeignItem::Fn(x) => helper_attrs::cfgs(&x.attrs),
                    ForeignItem::Static(x) => helper_attrs::cfgs(&x.attrs),
                    _ => Vec::new(),
                };
                if !own.is_empty() {
                    item.cfgs = cfgs.iter().cloned().chain(own).collect();
                }
                let mut function_types = Vec::new();
                extern_function_types(&item, &mut function_types);
                for extra in &mut function_types {
                    extra.cfgs = item.cfgs.clone();
                }
                out.push(item);
                out.extend(function_types);
            }
        }
        // `const _: () = ...` (bindgen's own layout assertions) names nothing.
        Item::Const(c) if c.ident == "_" => {}
        Item::Const(c) => {
            let name = crate::syntax::items::unraw(&c.ident);
            let rust = rust_path(module, &c.ident);
            let c_name = const_c_name(&name, &c.ty, module, index);
            let plan = if names::is_comparable_constant(&c.ty, &index.aliases) {
                Ok(Plan::Value(
                    quote::quote!(#rust),
                    c_name,
                    Some(type_in(module, &c.ty)),
                ))
            } else {
                let shown = crate::bindings::model::type_text(&c.ty);
                Err(format!("a constant of type `{shown}`: only integers, floats, `bool` and strings are compared with C"))
            };
            out.push(SurfaceItem::planned(qualified(&name), "const", plan));
        }
        Item::Impl(i) if i.trait_.is_none() => newtype_consts(i, module, qualified, out),
        Item::Mod(m) => {
            if let Some((_, items)) = &m.content {
                let mut inner = module.to_vec();
                inner.push(crate::syntax::items::unraw(&m.ident));
                walk_items(items, &inner, cfgs, index, skipped, out);
            }
        }
        // `use`, trait impls, macros and Rust functions declare nothing of C's.
        _ => {}
    }
}

/// The items a macro invocation is given, when its input parses as items.
pub fn wrapped_items(m: &syn::ItemMacro) -> Option<Vec<Item>> {
    let file: syn::File = syn::parse2(m.mac.tokens.clone()).ok()?;
    (!file.items.is_empty()).then_some(file.items)
}

/// `pub use self::yaml_break_e as yaml_break_t;`, bindgen's binding of a typedef of an enum,
/// as the alias it is: `pub type yaml_break_t = yaml_break_e;` (checked against C's typedef,
/// and so bound). Any other `use` binds nothing of C's.
fn renamed_alias(u: &syn::ItemUse) -> Option<syn::ItemType> {
    if !matches!(u.vis, syn::Visibility::Public(_)) || u.leading_colon.is_some() {
        return None;
    }
    let syn::UseTree::Path(path) = &u.tree else {
        return None;
    };
    let syn::UseTree::Rename(rename) = &*path.tree else {
        return None;
    };
    if path.ident != "self" {
        return None;
    }
    let (attrs, from, to) = (&u.attrs, &rename.ident, &rename.rename);
    syn::parse2(quote::quote!(#(#attrs)* pub type #to = #from;)).ok()
}

/// `(name, what)` of a C-declaring item that is not `pub` (an extern block's items are
/// judged one by one).
fn private_item(item: &Item) -> Option<(String, &'static str)> {
    let (vis, ident, what) = match item {
        Item::Struct(i) => (&i.vis, &i.ident, "struct"),
        Item::Union(i) => (&i.vis, &i.ident, "union"),
        Item::Enum(i) => (&i.vis, &i.ident, "enum"),
        Item::Type(i) => (&i.vis, &i.ident, "type"),
        Item::Const(i) if i.ident != "_" => (&i.vis, &i.ident, "const"),
        _ => return None,
    };
    (!matches!(vis, syn::Visibility::Public(_))).then(|| (crate::syntax::items::unraw(ident), what))
}

fn with_notes(
    rust_name: String,
    what: &'static str,
    plan: Result<(Plan, Vec<String>), String>,
) -> SurfaceItem {
    let (plan, notes) = match plan {
        Ok((plan, notes)) => (Ok(plan), notes),
        Err(e) => (Err(e), Vec::new()),
    };
    SurfaceItem {
        notes,
        ..SurfaceItem::planned(rust_name, what, plan)
    }
}

#[cfg(test)]
mod tests {
    use super::{walk, Plan, SkippedFields};

    /// Each item as `what name: plan`, the plan's kind and C name, or why it is not checked.
    fn summary(source: &str) -> Vec<String> {
        let file = syn::parse_file(source).unwrap();
        walk(&file, &SkippedFields::new())
            .into_iter()
            .map(|item| {
                let plan = match item.plan {
                    Ok(Plan::Layout(model)) => format!("layout of `{}`", model.c_type.value()),
                    Ok(Plan::Function(_, c, _)) => format!("signature of `{c}`"),
                    Ok(Plan::Static(_, c)) => format!("static `{c}`"),
                    Ok(Plan::Value(_, c, ty)) => {
                        format!("value `{c}`{}", if ty.is_some() { " (typed)" } else { "" })
                    }
                    Ok(Plan::FunctionType(_, c, _)) => format!("function type `{c}`"),
                    Err(why) => format!("unchecked: {why}"),
                };
                format!("{} {}: {plan}", item.what, item.rust_name)
            })
            .collect()
    }

    #[test]
    fn every_kind_of_bindgen_item_becomes_a_check_or_a_reason() {
        let items = summary(
            r#"
            #[repr(C)]
            pub struct point { pub x: ::std::os::raw::c_int, pub y: ::std::os::raw::c_int }
            pub type point_t = point;
            pub const LIMIT: u32 = 8;
            pub type cb = ::std::option::Option<unsafe extern "C" fn(arg1: *mut point) -> i32>;
            extern "C" {
                pub fn move_point(p: *mut point, dx: i32) -> i32;
                #[link_name = "\u{1}real_name"]
                pub fn renamed();
                #[link_name = "not a name"]
                pub fn pasted();
                fn hidden();
                pub static mut counter: ::std::os::raw::c_long;
            }
            "#,
        );
        assert_eq!(
            items,
            [
                // The C spelling (`struct point` or a typedef) is the headers' to say, at run time.
                "struct point: layout of `point`",
                "type point_t: layout of `point_t`",
                "const LIMIT: value `LIMIT` (typed)",
                // A function pointer: its size as a layout, and its function type.
                "type cb: layout of `cb`",
                "fn cb: function type `ffi_test_fntype__cb`",
                "fn move_point: signature of `move_point`",
                // bindgen's asm-label symbol, after LLVM's U+0001 marker.
                "fn renamed: signature of `real_name`",
                "fn pasted: unchecked: its `link_name` \"not a name\" is not a C identifier \
                 (optionally `@VERSION`): it is never pasted into generated C",
                "fn hidden: unchecked: not `pub`: the checks, outside its module, cannot name it",
                "static counter: static `counter`",
            ]
        );
    }
}
