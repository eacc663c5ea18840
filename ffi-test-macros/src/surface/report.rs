//! The surface's inventory, registered for the run's surface report: every item with the test
//! that checks it, or the reason none does, and the parts of checked items left out.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::quote;

use super::args::SurfaceArgs;
use super::walk::SurfaceItem;

pub fn register<'a>(
    args: &SurfaceArgs,
    path: &std::path::Path,
    items: impl Iterator<Item = (&'a SurfaceItem, &'a String)>,
) -> TokenStream {
    let module = quote::ToTokens::to_token_stream(&args.module)
        .to_string()
        .replace(' ', "");
    let file = args.file.value();
    let shown_path = path.display().to_string();
    let items: Vec<(&SurfaceItem, &String)> = items.collect();
    let mut bound: Vec<String> = items.iter().flat_map(|(item, _)| c_names(item)).collect();
    bound.sort();
    bound.dedup();
    let headers: Vec<String> = args.headers.iter().map(syn::LitStr::value).collect();
    let deny = args.deny_unbound;
    let census = census_test(args, &module, &file);
    let rows = items.iter().map(|(item, test)| {
        let (name, what) = (&item.rust_name, item.what);
        let (test, reason) = match &item.plan {
            Ok(_) => (test.as_str(), ""),
            Err(reason) => ("", reason.as_str()),
        };
        let notes = &item.notes;
        let predicates = item.cfgs.iter().filter_map(|a| match &a.meta {
            syn::Meta::List(list) => Some(list.tokens.clone()),
            _ => None,
        });
        quote! {
            ::ffi_test::__private_0_1::SurfaceItem {
                name: #name, what: #what, test: #test, reason: #reason, notes: &[#(#notes),*],
                compiled_in: ::core::cfg!(all(#(#predicates),*)),
            }
        }
    });
    quote! {
        ::ffi_test::__private_0_1::inventory::submit! {
            ::ffi_test::__private_0_1::SurfaceEntry {
                module: #module,
                file: #file,
                path: #shown_path,
                items: &[#(#rows),*],
                headers: &[#(#headers),*],
                bound: &[#(#bound),*],
                deny_unbound: #deny,
            }
        }
        #census
    }
}

/// The C names an item binds: its type's (and an enum's enumerators), its symbol, its
/// constant's; an item not checked still binds the name it has.
fn c_names(item: &SurfaceItem) -> Vec<String> {
    use super::walk::Plan;
    match &item.plan {
        Ok(Plan::Layout(m)) => {
            let mut names = vec![m.c_type.value()];
            if let crate::layout::model::Shape::Enum(variants) = &m.shape {
                names.extend(variants.iter().map(|v| v.c_name.clone()));
            }
            names
        }
        // A function whose symbol is not its C name (an asm label: bindgen's `link_name =
        // "\u{1}sym"`) is compared with the declaration of its Rust name, which it binds too.
        Ok(Plan::Function(f, c, _)) => {
            let declared = crate::syntax::items::unraw(&f.sig.ident);
            if declared == *c {
                vec![c.clone()]
            } else {
                vec![c.clone(), declared]
            }
        }
        Ok(Plan::Static(_, c) | Plan::Value(_, c, _)) => vec![c.clone()],
        // Checked beside the typedef or record that binds the name.
        Ok(Plan::FunctionType(..)) => Vec::new(),
        Err(_) => vec![item
            .rust_name
            .rsplit("::")
            .next()
            .unwrap_or_default()
            .to_string()],
    }
}

/// With `headers`, the test that looks for their declarations with no binding:
/// `<module>__c_declarations__then_each_has_a_binding`.
fn census_test(args: &SurfaceArgs, module: &str, file: &str) -> TokenStream {
    if args.headers.is_empty() {
        return TokenStream::new();
    }
    let name = ffi_test_protocol::naming::Check::Census
        .test_name(&crate::layout::model::subject(&module.replace("::", "_")));
    let entry = crate::registration::Entry {
        name,
        kind: TestKind::Binding,
        line: quote!(::core::line!()),
        ignore: crate::registration::none(),
        should_panic: crate::registration::none(),
        c: crate::registration::none(),
        timeout_ms: None,
        expect: args.unbound_expect.clone(),
        run: quote!(__ffi_test_census),
        facts: Vec::new(),
        faults: None,
        py: None,
    }
    .submit();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    quote! {
        fn __ffi_test_census(#param) -> ::core::result::Result<(), ::std::string::String> {
            ::ffi_test::__private_0_1::run_census(#ctx, #module, #file)
        }
        #entry
    }
}
