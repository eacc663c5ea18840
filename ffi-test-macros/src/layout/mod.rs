//! `#[layout_matches("c type")]`: arguments → validated model → Rust side + C text.

pub mod args;
pub mod description;
pub mod external;
pub mod facts;
pub mod measure;
pub mod model;
pub mod rust_side;

use proc_macro2::TokenStream;

use crate::syntax::errors::Errors;

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

fn with_item(errors: TokenStream, item: TokenStream) -> TokenStream {
    crate::fallback::item(errors, item, crate::fallback::Stubs::Layout)
}
