//! What one item of a bindings file becomes, item by item: a layout, an enum's or an alias's
//! check, a foreign function's or static's, a constant's, with the C names bindgen's vocabulary
//! implies (the walk that visits every item is `walk.rs`).

use syn::{Fields, ForeignItem, Type};

use super::names;
use super::records::repr;
use super::walk::{Index, Plan, SurfaceItem};
use crate::layout::args::LayoutArgs;
use crate::layout::model::{LayoutModel, Shape, VariantModel};

pub(super) fn rust_path(module: &[String], ident: &syn::Ident) -> proc_macro2::TokenStream {
    let parts = module
        .iter()
        .map(|m| syn::Ident::new(m, proc_macro2::Span::call_site()));
    quote::quote!(#(#parts::)* #ident)
}

/// `ty` as named from the surface's scope: a one-segment path written inside `module` (bindgen's
/// moduleconsts: `pub mod level { pub type Type = c_uint; pub const LOW: Type = 0; }`) is
/// that module's item; primitives and other paths stay as written.
pub(super) fn type_in(module: &[String], ty: &syn::Type) -> syn::Type {
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
        function_adjusted: false,
    }
}

pub(super) fn enum_plan(
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
pub(super) fn handle_of(ty: &Type, index: &Index) -> Option<String> {
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

pub(super) fn alias_plan(
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
    model.function_adjusted = super::function_types::bare_fn(&t.ty).is_some();
    Ok((Plan::Layout(Box::new(model)), Vec::new()))
}

pub(super) fn foreign_item(
    f: &ForeignItem,
    module: &[String],
    abi: &syn::Abi,
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
            let c_name = crate::bindings::model::c_name(&func.attrs, &func.sig.ident, &mut ignored);
            let plan = if std::mem::take(&mut ignored).discard() {
                Err(bad_link_name(&c_name))
            } else if module.is_empty() {
                crate::bindings::model::block_abi(abi)
                    .map(|abi| Plan::Function(Box::new(func.clone()), c_name, abi))
            } else {
                Err("declared inside a module of the bindings: not reached by the checks".into())
            };
            SurfaceItem::planned(qualified(&name), "fn", plan)
        }
        ForeignItem::Static(s) => {
            let name = crate::syntax::items::unraw(&s.ident);
            let c_name = crate::bindings::model::c_name(&s.attrs, &s.ident, &mut ignored);
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
pub(super) fn const_c_name(name: &str, ty: &Type, module: &[String], index: &Index) -> String {
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
pub(super) fn newtype_consts(
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
