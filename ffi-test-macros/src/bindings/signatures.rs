//! `#[signatures_match] extern "C" { ... }` and `check_signatures!(path::to::sys { ... })`: one
//! test per declared function (parameters, return, variadic, same symbol) and per static. The
//! block is read into models (`model.rs`), and each model's test written (`emit.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::ItemForeignMod;

use super::emit::{checks, register, Form};
use super::model::declarations;
use crate::syntax::errors::Errors;

/// `#[signatures_match]` on an `extern "C"` block.
pub fn signatures_match(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    if !args.is_empty() {
        errors.push(syn::Error::new_spanned(
            &args,
            "#[signatures_match] takes no arguments; put `#[signature(expect = fail)]` on an item",
        ));
    }
    let mut block = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::ForeignMod(block)) => block,
        // The arguments' error too, if any: every mistake in one compile.
        Ok(other) => {
            errors.error(
                crate::syntax::items::item_head(&other),
                format!(
                    "#[signatures_match] applies to an `extern \"C\"` block, not to {}",
                    crate::syntax::items::item_kind(&other)
                ),
            );
            let errors = errors.into_compile_errors();
            return crate::fallback::item(errors, item, crate::fallback::Stubs::None);
        }
        Err(e) => {
            errors.push(e);
            let errors = errors.into_compile_errors();
            return crate::fallback::item(errors, item, crate::fallback::Stubs::None);
        }
    };
    let declared = declarations(&mut block, &mut errors);
    if !errors.is_empty() {
        let errors = errors.into_compile_errors();
        return crate::fallback::item(errors, quote!(#block), crate::fallback::Stubs::None);
    }
    let tests = register(checks(declared, Form::Attribute));
    quote! {
        #block
        const _: () = { #tests };
    }
}

/// `check_signatures!(path::to::module { extern "C" { ... } })`, also without the `extern` line.
struct External {
    module: syn::Path,
    block: ItemForeignMod,
}

impl Parse for External {
    fn parse(input: ParseStream) -> syn::Result<External> {
        let module: syn::Path = input.parse()?;
        let content;
        syn::braced!(content in input);
        let block = if content.peek(syn::Token![extern]) || content.peek(syn::Token![unsafe]) {
            content.parse()?
        } else {
            let items: TokenStream = content.parse()?;
            syn::parse2(quote!(extern "C" { #items }))?
        };
        Ok(External { module, block })
    }
}

pub fn check_signatures(input: TokenStream) -> TokenStream {
    let External { module, mut block } = match syn::parse2(input) {
        Ok(x) => x,
        Err(e) => {
            let msg = format!("{e}: expected `check_signatures!(path::to::sys {{ fn name(arg: Type) -> Ret; static NAME: Type; }})`");
            return syn::Error::new(e.span(), msg).to_compile_error();
        }
    };
    let mut errors = Errors::default();
    let declared = declarations(&mut block, &mut errors);
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    let tests = register(checks(declared, Form::External(&module)));
    quote!(const _: () = { #tests };)
}
