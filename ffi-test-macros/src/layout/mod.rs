//! `#[layout_matches("c type")]`: arguments → validated model → Rust side + C text.

pub mod args;
pub mod external;
pub mod model;
mod rust_side;

use proc_macro2::TokenStream;

use crate::errors::Errors;

pub fn layout_matches(args: TokenStream, item: TokenStream) -> TokenStream {
    let parsed = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(parsed) => parsed,
        Err(e) => return with_item(e.to_compile_error(), item),
    };
    let mut errors = Errors::default();
    let args = args::LayoutArgs::parse(args, &mut errors);
    let model = model::LayoutModel::new(parsed, args, &mut errors);
    match model {
        Some(model) if errors.is_empty() => rust_side::expand(&model),
        _ => with_item(errors.into_compile_errors(), item),
    }
}

/// Errors plus the item without the helper attributes, so the errors stand alone.
fn with_item(errors: TokenStream, item: TokenStream) -> TokenStream {
    let item = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(mut parsed) => {
            strip_all_helpers(&mut parsed);
            quote::quote!(#parsed)
        }
        Err(_) => item,
    };
    quote::quote!(#errors #item)
}

fn strip_all_helpers(item: &mut syn::Item) {
    // Also out of `cfg_attr(.., layout(..))`; errors were reported already.
    let strip = |attrs: &mut Vec<syn::Attribute>| {
        model::strip_helpers(attrs, false, &mut Errors::default());
    };
    match item {
        syn::Item::Struct(s) => s.fields.iter_mut().for_each(|f| strip(&mut f.attrs)),
        syn::Item::Union(u) => u.fields.named.iter_mut().for_each(|f| strip(&mut f.attrs)),
        syn::Item::Enum(e) => e.variants.iter_mut().for_each(|v| strip(&mut v.attrs)),
        _ => {}
    }
}
