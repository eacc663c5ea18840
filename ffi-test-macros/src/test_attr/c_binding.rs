//! The Rust half of a paired C body: the test's top-level `extern "C"` blocks become typed
//! function pointers resolved from the compiled fragment at test start.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ForeignItem, ForeignItemFn, Ident, Item, LitStr, Stmt};

use crate::syntax::errors::Errors;

/// One function the Rust side declares and the C body must define.
pub struct BoundFn {
    /// The name used in Rust (the declared fn's ident).
    pub local: Ident,
    /// The C symbol (`#[link_name]` if given, else the ident).
    pub symbol: String,
    /// `unsafe extern "ABI" fn(..) -> ..`, the pointer type the symbol is cast to.
    pub pointer_type: TokenStream,
}

/// Removes every top-level `extern` block from `stmts` and returns its functions.
pub fn take_extern_fns(stmts: &mut Vec<Stmt>, errors: &mut Errors) -> Vec<BoundFn> {
    let mut bound = Vec::new();
    stmts.retain(|stmt| {
        let Stmt::Item(Item::ForeignMod(block)) = stmt else {
            return true;
        };
        for item in &block.items {
            match item {
                ForeignItem::Fn(f) => {
                    if let Some(b) = bind_fn(f, &block.abi, errors) {
                        bound.push(b);
                    }
                }
                other => errors.error(
                    other,
                    "only functions can be bound to a C body; for data, define a C function that returns a pointer to it",
                ),
            }
        }
        false
    });
    let mut seen = std::collections::HashSet::new();
    for b in &bound {
        if !seen.insert(b.local.to_string()) {
            errors.error(&b.local, format!("`{}` is declared twice", b.local));
        }
    }
    bound
}

fn bind_fn(f: &ForeignItemFn, abi: &syn::Abi, errors: &mut Errors) -> Option<BoundFn> {
    let sig = &f.sig;
    if !sig.generics.params.is_empty() {
        errors.error(&sig.generics, "a C function cannot be generic");
        return None;
    }
    let mut symbol = crate::syntax::items::unraw(&sig.ident);
    for attr in &f.attrs {
        if attr.path().is_ident("link_name") {
            match &attr.meta {
                syn::Meta::NameValue(nv) => match crate::syntax::literals::str_lit(&nv.value) {
                    Some(s) => {
                        symbol = s.value();
                        crate::syntax::c_names::check_identifier(&symbol, &s, "link_name", errors);
                    }
                    None => errors.error(&nv.value, "`link_name` must be a string literal"),
                },
                other => errors.error(other, "expected `#[link_name = \"symbol\"]`"),
            }
        }
    }
    let mut params: Vec<TokenStream> = sig
        .inputs
        .iter()
        .map(|arg| match arg {
            syn::FnArg::Typed(pat) => {
                let ty = &pat.ty;
                quote!(#ty)
            }
            syn::FnArg::Receiver(r) => {
                errors.error(r, "a C function has no `self`");
                quote!()
            }
        })
        .collect();
    // Joined with the fixed parameters, not appended after a comma: `fn g(...)` has none.
    if sig.variadic.is_some() {
        params.push(quote!(...));
    }
    let output = &sig.output;
    let abi_name = abi
        .name
        .clone()
        .unwrap_or_else(|| LitStr::new("C", abi.span()));
    Some(BoundFn {
        local: sig.ident.clone(),
        symbol,
        pointer_type: quote_spanned!(sig.span()=> unsafe extern #abi_name fn(#(#params),*) #output),
    })
}

/// The statements hoisted to the top of the test body: one typed pointer per bound function.
pub fn bindings(bound: &[BoundFn]) -> TokenStream {
    let lets = bound.iter().map(|b| {
        let local = &b.local;
        let ty = &b.pointer_type;
        let symbol = &b.symbol;
        let raw = format_ident!("__ffi_test_raw_{}", b.local);
        quote! {
            let #raw: *const () = ::ffi_test::__private_0_1::c_symbol(#symbol);
            #[allow(unused_variables, non_snake_case)]
            // SAFETY: the harness resolved this symbol from the test's compiled C body before the
            // test started (a missing symbol fails the test before it runs). The pointer type is
            // the test author's declaration of the C prototype, exactly as an `extern` block is.
            let #local: #ty = unsafe { ::core::mem::transmute::<*const (), #ty>(#raw) };
        }
    });
    quote!(#(#lets)*)
}
