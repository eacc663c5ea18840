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
use super::records::{record_plan, repr, Record};
use crate::layout::args::LayoutArgs;
use crate::layout::model::{LayoutModel, Shape, VariantModel};
use crate::syntax::helper_attrs;

/// What one item becomes.
pub enum Plan {
    Layout(Box<LayoutModel>),
    Function(Box<syn::ForeignItemFn>, String),
    Static(syn::ForeignItemStatic, String),
    /// A constant: the Rust expression of its value, the C name it is compared with, and its
    /// type where the file spells it (not for a newtype enum's `.0`).
    Value(proc_macro2::TokenStream, String, Option<syn::Type>),
    /// The function type of a function pointer (a typedef's, a record member's), as a
    /// declaration named by its probe (`ffi_test_protocol::signature::function_type_probe`),
    /// with the prototype requests that make C print it.
    FunctionType(Box<syn::ForeignItemFn>, String, Vec<String>),
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
}

impl SurfaceItem {
    /// An item no test checks, with the reason.
    fn unchecked(rust_name: String, what: &'static str, reason: impl Into<String>) -> SurfaceItem {
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
        }
    }
}

/// The records (structs and unions) and impl blocks of the file, by name, to follow anonymous
/// members into the types bindgen made for them and to find bit-field setters.
pub(super) struct Index<'f> {
    pub(super) records: HashMap<String, Vec<&'f syn::Field>>,
    pub(super) impls: HashMap<String, Vec<&'f syn::ItemImpl>>,
    pub(super) aliases: HashMap<String, &'f Type>,
}

/// Field refinements: `(item, field) -> reason` for fields deliberately bound another way.
pub type SkippedFields = HashMap<(String, String), String>;

pub fn walk(file: &syn::File, skipped_fields: &SkippedFields) -> Vec<SurfaceItem> {
    let mut index = Index {
        records: HashMap::new(),
        impls: HashMap::new(),
        aliases: HashMap::new(),
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
        for pushed in &mut out[first..] {
            if pushed.cfgs.is_empty() {
                pushed.cfgs = cfgs.clone();
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
            for f in &block.items {
                let mut item = foreign_item(f, module, qualified);
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
                let shown = crate::bindings::signatures::type_text(&c.ty);
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

fn rust_path(module: &[String], ident: &syn::Ident) -> proc_macro2::TokenStream {
    let parts = module
        .iter()
        .map(|m| syn::Ident::new(m, proc_macro2::Span::call_site()));
    quote::quote!(#(#parts::)* #ident)
}

/// `ty` as named from the surface's scope: a one-segment path written inside `module` (bindgen's
/// moduleconsts: `pub mod level { pub type Type = c_uint; pub const LOW: Type = 0; }`) is
/// that module's item; primitives and other paths stay as written.
fn type_in(module: &[String], ty: &syn::Type) -> syn::Type {
    const PRIMITIVES: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "bool", "char", "str",
    ];
    match ty {
        syn::Type::Path(p)
            if !module.is_empty()
                && p.qself.is_none()
                && p.path.leading_colon.is_none()
                && p.path.segments.len() == 1
                && !PRIMITIVES.contains(&p.path.segments[0].ident.to_string().as_str()) =>
        {
            let name = p.path.segments[0].ident.to_string();
            syn::Type::Path(syn::TypePath {
                qself: None,
                path: type_path(module, &name),
            })
        }
        other => other.clone(),
    }
}

fn type_path(module: &[String], name: &str) -> syn::Path {
    let mut path = String::new();
    for m in module {
        path.push_str(m);
        path.push_str("::");
    }
    path.push_str(name);
    syn::parse_str(&path).unwrap_or_else(|_| {
        syn::Ident::new("__ffi_test_unnameable", proc_macro2::Span::call_site()).into()
    })
}

pub(super) fn layout_model(
    module: &[String],
    rust_name: &str,
    c_name: &str,
    shape: Shape,
) -> LayoutModel {
    let ty = type_path(module, rust_name);
    let ident = syn::Ident::new(
        &names::identifier_for(rust_name),
        proc_macro2::Span::call_site(),
    );
    LayoutModel {
        item: None,
        ty,
        ident,
        c_type: syn::LitStr::new(c_name, proc_macro2::Span::call_site()),
        shape,
        args: LayoutArgs::default(),
        c_type_from_headers: Some(c_name.to_string()),
        bitfields: Vec::new(),
        subject: None,
        all_members: true,
    }
}

fn enum_plan(
    name: &str,
    module: &[String],
    e: &syn::ItemEnum,
) -> Result<(Plan, Vec<String>), String> {
    let repr = repr(&e.attrs);
    if !(repr.c || repr.int) || !e.generics.params.is_empty() {
        return Err("no #[repr(C)] or integer repr: not a C enum".into());
    }
    if e.variants.iter().any(|v| !matches!(v.fields, Fields::Unit)) {
        return Err("variants with data: not a C enum".into());
    }
    let variants = e
        .variants
        .iter()
        .map(|v| VariantModel {
            c_name: crate::syntax::items::unraw(&v.ident),
            ident: v.ident.clone(),
            line: 0,
            conditions: Default::default(),
        })
        .collect();
    if names::is_anonymous_enum(name) || names::anonymous_parent(name).is_some() {
        // The type has no C name; its enumerators still are C's.
        let mut model = layout_model(module, name, "int", Shape::Enum(variants));
        model.c_type_from_headers = None;
        return Ok((
            Plan::Layout(Box::new(model)),
            vec!["an anonymous C enum: compared with `int`".into()],
        ));
    }
    Ok((
        Plan::Layout(Box::new(layout_model(
            module,
            name,
            name,
            Shape::Enum(variants),
        ))),
        Vec::new(),
    ))
}

/// Why an alias names a type C gives no size: `void` (`typedef void CURL;`) or, through any
/// chain of aliases, a record bindgen left opaque (`typedef struct png_struct_def png_struct;`,
/// the struct declared but never defined). C can say nothing of such a type but that it is
/// incomplete, so it is listed, never compared by `sizeof`; its uses behind pointers are
/// compared by the checks of the functions and fields that take it.
fn handle_of(ty: &Type, index: &Index) -> Option<String> {
    // A record ends the chain: an opaque one is a handle, any other is not.
    let what = names::first_on_chain(ty, &index.aliases, |name| {
        match name {
        "c_void" => Some(Some("`void` in C".to_string())),
        _ => index.records.get(name).map(|fields| {
            let opaque = matches!(fields.as_slice(), [only] if only.ident.as_ref().is_some_and(|i| i == "_unused"));
            opaque.then(|| format!("`{name}`, opaque: declared but never defined in C"))
        }),
    }
    })??;
    Some(format!("a handle ({what}): C gives it no size; its uses behind pointers are checked with the functions and fields that take it"))
}

fn alias_plan(
    name: &str,
    c_name: &str,
    module: &[String],
    t: &syn::ItemType,
) -> Result<(Plan, Vec<String>), String> {
    if !t.generics.params.is_empty() {
        return Err("a generic alias: C has no generics".into());
    }
    if names::is_anonymous_enum(c_name) {
        return Err("the type of an anonymous C enum: it has no C name; its constants are checked one by one".into());
    }
    if let Some(parent) = names::anonymous_parent(c_name) {
        return Err(format!(
            "an anonymous C type: checked through `{parent}`, which contains it"
        ));
    }
    let mut model = layout_model(module, name, c_name, Shape::Alias);
    model.c_type = syn::LitStr::new(c_name, proc_macro2::Span::call_site());
    Ok((Plan::Layout(Box::new(model)), Vec::new()))
}

fn foreign_item(
    f: &ForeignItem,
    module: &[String],
    qualified: &dyn Fn(&str) -> String,
) -> SurfaceItem {
    let mut ignored = crate::syntax::errors::Errors::default();
    match f {
        ForeignItem::Fn(func) if !matches!(func.vis, syn::Visibility::Public(_)) => {
            SurfaceItem::unchecked(
                qualified(&crate::syntax::items::unraw(&func.sig.ident)),
                "fn",
                "not `pub`: the checks, outside its module, cannot name it",
            )
        }
        ForeignItem::Static(st) if !matches!(st.vis, syn::Visibility::Public(_)) => {
            SurfaceItem::unchecked(
                qualified(&crate::syntax::items::unraw(&st.ident)),
                "static",
                "not `pub`: the checks, outside its module, cannot name it",
            )
        }
        ForeignItem::Fn(func) => {
            let name = crate::syntax::items::unraw(&func.sig.ident);
            let c_name =
                crate::bindings::signatures::c_name(&func.attrs, &func.sig.ident, &mut ignored);
            let plan = if std::mem::take(&mut ignored).discard() {
                Err(bad_link_name(&c_name))
            } else if module.is_empty() {
                Ok(Plan::Function(Box::new(func.clone()), c_name))
            } else {
                Err("declared inside a module of the bindings: not reached by the checks".into())
            };
            SurfaceItem::planned(qualified(&name), "fn", plan)
        }
        ForeignItem::Static(s) => {
            let name = crate::syntax::items::unraw(&s.ident);
            let c_name = crate::bindings::signatures::c_name(&s.attrs, &s.ident, &mut ignored);
            let plan = if std::mem::take(&mut ignored).discard() {
                Err(bad_link_name(&c_name))
            } else if module.is_empty() {
                Ok(Plan::Static(s.clone(), c_name))
            } else {
                Err("declared inside a module of the bindings: not reached by the checks".into())
            };
            SurfaceItem::planned(qualified(&name), "static", plan)
        }
        other => SurfaceItem::unchecked(
            quote::ToTokens::to_token_stream(other).to_string(),
            "extern item",
            "only functions and statics of an extern block are C declarations",
        ),
    }
}

/// Why an extern item whose `link_name` is not a C name is not checked (the bindings file is
/// read, not compiled, so the reason is listed rather than reported at a span of it).
fn bad_link_name(link_name: &str) -> String {
    format!(
        "its `link_name` {:?} is not a C identifier (optionally `@VERSION`): it is never pasted \
         into generated C",
        link_name
    )
}

/// The C name of constant `name` of type `ty`: bindgen's constified enums name each constant
/// `<enum>_<enumerator>` with the enum's alias as its type; anything else keeps C's name.
fn const_c_name(name: &str, ty: &Type, module: &[String], index: &Index) -> String {
    if !module.is_empty() {
        return name.to_string(); // moduleconsts: `pub mod e { pub const A: Type = 0; }`
    }
    if let Some(alias) = names::last_segment(ty) {
        if !names::is_anonymous_enum(&alias) && index.aliases.contains_key(&alias) {
            if let Some(rest) = name.strip_prefix(&format!("{alias}_")) {
                if crate::syntax::c_names::is_identifier(rest) && enum_alias(&alias, index) {
                    return rest.to_string();
                }
            }
        }
    }
    name.to_string()
}

/// Whether alias `alias` is an enum's (an integer alias that constants are typed by): bindgen
/// types its `#define`d constants as plain integers, never by an alias.
fn enum_alias(alias: &str, index: &Index) -> bool {
    index
        .aliases
        .get(alias)
        .is_some_and(|t| names::is_integer_or_bool(t, &index.aliases))
}

/// bindgen's newtype enums: `impl e { pub const e_A: e = e(0); }`, compared through `.0`.
fn newtype_consts(
    i: &syn::ItemImpl,
    module: &[String],
    qualified: &dyn Fn(&str) -> String,
    out: &mut Vec<SurfaceItem>,
) {
    let Some(owner) = names::last_segment(&i.self_ty) else {
        return;
    };
    for item in &i.items {
        let syn::ImplItem::Const(c) = item else {
            continue;
        };
        let name = crate::syntax::items::unraw(&c.ident);
        let owner_ident = syn::Ident::new(&owner, proc_macro2::Span::call_site());
        let prefix = module
            .iter()
            .map(|m| syn::Ident::new(m, proc_macro2::Span::call_site()));
        let ident = &c.ident;
        let expr = quote::quote!(#(#prefix::)* #owner_ident::#ident.0);
        let c_name = name
            .strip_prefix(&format!("{owner}_"))
            .filter(|rest| crate::syntax::c_names::is_identifier(rest))
            .unwrap_or(&name)
            .to_string();
        out.push(SurfaceItem::planned(
            qualified(&format!("{owner}::{name}")),
            "const",
            Ok(Plan::Value(expr, c_name, None)),
        ));
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
                    Ok(Plan::Function(_, c)) => format!("signature of `{c}`"),
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
