//! The surface's inventory, registered for the run's surface report: every item with the test
//! that checks it, or the reason none does, and the parts of checked items left out.

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
    let rows = items.map(|(item, test)| {
        let (name, what) = (&item.rust_name, item.what);
        let (test, reason) = match &item.plan {
            Ok(_) => (test.as_str(), ""),
            Err(reason) => ("", reason.as_str()),
        };
        let notes = &item.notes;
        quote! {
            ::ffi_test::__private_0_1::SurfaceItem {
                name: #name, what: #what, test: #test, reason: #reason, notes: &[#(#notes),*],
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
            }
        }
    }
}
