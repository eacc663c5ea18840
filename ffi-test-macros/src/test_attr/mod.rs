//! `#[ffi_test]`: attribute arguments → validated model → Rust test + registration.

pub mod attr;
mod c_binding;
mod expand;
mod faults;
mod model;

use proc_macro2::TokenStream;

/// Never panics: every problem becomes a spanned compile error, and the original item is
/// re-emitted beside the errors so they do not cascade into "unresolved name" noise.
pub fn ffi_test(args: TokenStream, item: TokenStream) -> TokenStream {
    let func = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Fn(func)) => func,
        Ok(other) => {
            let err = syn::Error::new_spanned(
                crate::syntax::items::item_head(&other),
                format!(
                    "#[ffi_test] applies to a fn, not to {}",
                    crate::syntax::items::item_kind(&other)
                ),
            );
            return with_item(err, item);
        }
        Err(e) => return with_item(e, item),
    };
    // A second #[ffi_test] would expand again and register the test twice: the binary would
    // then refuse to start. Said here, where the attribute is.
    if let Some(again) = func.attrs.iter().find(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "ffi_test")
    }) {
        let err = syn::Error::new_spanned(
            again,
            "#[ffi_test] twice on one fn: each registers the test, so the binary would refuse to \
             start; give one attribute all the arguments",
        );
        return with_item(err, item);
    }
    let args = match attr::TestArgs::parse(args) {
        Ok(args) => args,
        Err(e) => return with_item(e, item),
    };
    match model::TestModel::new(func, args) {
        Ok(model) => expand::expand(model),
        Err(e) => with_item(e, item),
    }
}

fn with_item(error: syn::Error, item: TokenStream) -> TokenStream {
    let errors = error.to_compile_error();
    crate::fallback::item(
        errors,
        quote::quote!(#[allow(dead_code, non_snake_case)] #item),
        crate::fallback::Stubs::None,
    )
}
