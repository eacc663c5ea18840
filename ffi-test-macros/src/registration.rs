//! The inventory registration every generated test ends with, in one place for all attributes.

use ffi_test_protocol::language::Language;
use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::quote;

/// The parts of one `TestEntry`, as token streams of const expressions.
pub struct Entry {
    pub name: String,
    /// `TestKind::...` variant name.
    pub kind: TestKind,
    /// A `u32` expression for the declaration's line.
    pub line: TokenStream,
    pub ignore: TokenStream,
    pub should_panic: TokenStream,
    /// `Option<CFragment>` expression.
    pub c: TokenStream,
    pub timeout_ms: Option<u64>,
    /// `Expect` expression; `None` for `Expect::Pass`.
    pub expect: Option<TokenStream>,
    /// A path to the `fn() -> Result<(), String>` running the test.
    pub run: TokenStream,
    /// The check's facts records (`crate::facts`), emitted with the entry.
    pub facts: Vec<crate::facts::Record>,
    /// `&'static [Sweep]` expression: fault-injection sweeps (`#[ffi_test(fail_allocs)]`).
    pub faults: Option<TokenStream>,
    /// `Option<PyFragment>` expression: the paired Python body; `None` for none.
    pub py: Option<TokenStream>,
}

pub fn none() -> TokenStream {
    quote!(::core::option::Option::None)
}

impl Entry {
    /// The entry registered on its own.
    pub fn submit(&self) -> TokenStream {
        let literal = self.literal();
        let records = crate::facts::emit(&self.records());
        quote! {
            ::ffi_test::__private_0_1::inventory::submit! { #literal }
            #records
        }
    }

    /// The `TestEntry` literal, a constant expression (`run` may be a non-capturing closure).
    /// The test's facts record (name, kind, place, expectation, whether ignored), so that
    /// run-free verification lists every test of the binary, then the check's own records.
    pub fn records(&self) -> Vec<crate::facts::Record> {
        use crate::facts::{num, record, text, Tokens};
        use ffi_test_protocol::facts::records::Test;
        let (name, line, ignore) = (&self.name, &self.line, &self.ignore);
        let expect = self
            .expect
            .clone()
            .unwrap_or_else(|| quote!(::ffi_test::__private_0_1::Expect::Pass));
        let test = record(
            &[],
            Test::<Tokens> {
                name: text(name),
                kind: text(self.kind.name()),
                // `file!()` of the expansion (known now: a frame's strings are written here).
                file: text(proc_macro2::Span::call_site().file()),
                line: num(quote!(#line)),
                expect: num(quote!(::ffi_test::__private_0_1::Expect::facts_code(&(#expect)))),
                ignored: num(
                    quote!(::core::option::Option::<::core::option::Option<&'static str>>::is_some(&(#ignore))),
                ),
            },
        );
        std::iter::once(test)
            .chain(self.facts.iter().cloned())
            .collect()
    }

    pub fn literal(&self) -> TokenStream {
        let Entry {
            name,
            line,
            ignore,
            should_panic,
            c,
            run,
            ..
        } = self;
        let kind = syn::Ident::new(self.kind.name(), proc_macro2::Span::call_site());
        let timeout = match self.timeout_ms {
            Some(ms) => {
                quote!(::core::option::Option::Some(::core::time::Duration::from_millis(#ms)))
            }
            None => none(),
        };
        let expect = self
            .expect
            .clone()
            .unwrap_or_else(|| quote!(::ffi_test::__private_0_1::Expect::Pass));
        let faults = self.faults.clone().unwrap_or_else(|| quote!(&[]));
        let py = self.py.clone().unwrap_or_else(none);
        quote! {
            ::ffi_test::__private_0_1::TestEntry {
                name: #name,
                module_path: ::core::module_path!(),
                file: ::core::file!(),
                line: #line,
                kind: ::ffi_test::__private_0_1::TestKind::#kind,
                ignore: #ignore,
                should_panic: #should_panic,
                c: #c,
                timeout: #timeout,
                expect: #expect,
                faults: #faults,
                run: #run,
                py: #py,
            }
        }
    }
}

/// How many entries one static array holds. The compiler's work on a static's initializer
/// (building, checking and evaluating its MIR) grows faster than its length: libpng's 628
/// entries took 290 ms of const evaluation in one array and 180 ms in arrays of this size
/// (`-Zself-profile`), the whole test crate 1.40 s and 1.35 s to build (16 and 128 were slower).
const BATCH: usize = 64;

/// `entries` registered together, as static arrays of [`BATCH`] (a whole surface has
/// thousands: a registration per array instead of one each).
pub fn submit_all(entries: &[Entry]) -> TokenStream {
    let records: Vec<_> = entries.iter().flat_map(Entry::records).collect();
    let records = crate::facts::emit(&records);
    let batches = entries.chunks(BATCH).map(|batch| {
        let count = batch.len();
        let literals = batch.iter().map(Entry::literal);
        quote! {
            const _: () = {
                // A constant check measures a byte-string constant (a reference) too; its
                // width is not used.
                #[allow(clippy::size_of_ref)]
                static ENTRIES: [::ffi_test::__private_0_1::TestEntry; #count] = [#(#literals),*];
                ::ffi_test::__private_0_1::inventory::submit! {
                    ::ffi_test::__private_0_1::TestBatch(&ENTRIES)
                }
            };
        }
    });
    quote! {
        #records
        #(#batches)*
    }
}

/// `Option<CFragment>` for C text with its declared symbols (tests of one `group` share it),
/// reading the prototypes of `prototypes`.
pub fn with_prototypes(
    language: Language,
    source: TokenStream,
    line: TokenStream,
    headers: &[syn::LitStr],
    symbols: &[String],
    group: &str,
    prototypes: &[String],
) -> TokenStream {
    let place = (quote!(::core::file!()), line);
    fragment(language, source, place, headers, symbols, group, prototypes)
}

/// `Option<CFragment>` of a body in `language` (a test's `c = ..` or `cpp = ..`) whose text
/// `source` is written at `line` of this file.
pub fn body_fragment(
    language: Language,
    source: TokenStream,
    line: TokenStream,
    headers: &[syn::LitStr],
    symbols: &[String],
    group: &str,
) -> TokenStream {
    let place = (quote!(::core::file!()), line);
    fragment(language, source, place, headers, symbols, group, &[])
}

/// `Option<CFragment>` of C text `source` (an expression) that is the whole of the file `file`,
/// as the test binary names it (relative to its package).
pub fn file_c_fragment(
    language: Language,
    source: TokenStream,
    file: &str,
    headers: &[syn::LitStr],
    symbols: &[String],
    group: &str,
) -> TokenStream {
    let place = (quote!(#file), quote!(1));
    fragment(language, source, place, headers, symbols, group, &[])
}

/// `Option<CFragment>` of C text `source` found at `(file, line)`.
fn fragment(
    language: Language,
    source: TokenStream,
    (file, line): (TokenStream, TokenStream),
    headers: &[syn::LitStr],
    symbols: &[String],
    group: &str,
    prototypes: &[String],
) -> TokenStream {
    let language = syn::Ident::new(language.variant(), proc_macro2::Span::call_site());
    quote!(::core::option::Option::Some(::ffi_test::__private_0_1::CFragment {
        source: #source,
        render: ::core::option::Option::None,
        file: #file,
        line: #line,
        headers: &[#(#headers),*],
        symbols: &[#(#symbols),*],
        group: #group,
        prototypes: &[#(#prototypes),*],
        language: ::ffi_test::__private_0_1::Language::#language,
    }))
}

/// `Option<CFragment>` whose C text the runtime renders by calling `render` (a path to a
/// `fn() -> String`), defining the symbols named by `symbols` (token expressions), reading the
/// prelude's entries for `prototypes`.
pub fn rendered_c_fragment(
    language: Language,
    render: TokenStream,
    line: TokenStream,
    symbols: TokenStream,
    group: &str,
    prototypes: &[String],
) -> TokenStream {
    let language = syn::Ident::new(language.variant(), proc_macro2::Span::call_site());
    quote!(::core::option::Option::Some(::ffi_test::__private_0_1::CFragment {
        source: "",
        render: ::core::option::Option::Some(#render),
        file: ::core::file!(),
        line: #line,
        headers: &[],
        symbols: #symbols,
        group: #group,
        prototypes: &[#(#prototypes),*],
        language: ::ffi_test::__private_0_1::Language::#language,
    }))
}

/// The parameter list of every generated `run` function: the test's context, through which
/// the runtime's checks reach the binary's configuration and the test's C side (the runtime's
/// `registry::context`). Generated calls pass it on as [`context`].
pub fn context_param() -> TokenStream {
    quote!(__ffi_test_ctx: &dyn ::ffi_test::__private_0_1::TestContext)
}

/// The generated `run` function's context, as its body passes it on.
pub fn context() -> TokenStream {
    quote!(__ffi_test_ctx)
}
