//! `#[signatures_match] extern "C" { ... }` and `check_signatures!(path::to::sys { ... })`: one
//! test per declared function (parameters, return, variadic, same symbol) and per static.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{ForeignItem, ItemForeignMod, ReturnType, Type};

use crate::facts::{self, Tokens};
use crate::layout::model::subject;
use crate::registration::{none, with_prototypes, Entry};
use crate::syntax::errors::Errors;
use crate::syntax::source_line::line_of;
use ffi_test_protocol::facts::records::{Param, Signature, SignatureHead, Static};

/// Where the checked declarations are and how the generated code reaches them.
#[derive(Clone, Copy)]
pub(crate) enum Form<'a> {
    /// `#[signatures_match]` on the block: the items are in scope.
    Attribute,
    /// `check_signatures!(path { .. })`: repeated here, reached through `path`, and asserted to
    /// have the real item's type.
    External(&'a syn::Path),
    /// `check_surface!`: read from the bindings' source and never referenced, so a declaration
    /// no library exports is a finding, not a link error; the address is looked up at run time.
    Surface,
}

/// The `RustType` constant expression for `ty`: through `CKind` where the types are the user's
/// own (a missing impl is then a compile error with a hint), through the probes where they may
/// be another crate's.
fn rust_type(ty: &Type, text: &str, form: Form) -> TokenStream {
    let private = quote!(::ffi_test::__private_0_1);
    match form {
        Form::Attribute => quote!(#private::bindings::RustType::of::<#ty>(#text)),
        _ => {
            let facts = crate::layout::description::probed_kind(ty);
            quote!(#private::bindings::RustType::probed::<#ty>(#text, #facts))
        }
    }
}

/// The name of a checked item's description when it is registered in a scope of its own.
pub(crate) fn own_description() -> syn::Ident {
    quote::format_ident!("__FFI_TEST_BINDING")
}

/// One generated test: its name, C fragment, compile-time assertion (the function-like form's
/// repeated declaration against the real item), its description (a `static` the body and the
/// facts records read), the body that runs it, and its line.
pub(crate) struct Checked {
    name: String,
    description: TokenStream,
    fragment: TokenStream,
    assertion: TokenStream,
    body: TokenStream,
    line: TokenStream,
    expect: Option<TokenStream>,
    /// The declaration's own `#[cfg]`s: its test exists where it does.
    cfgs: Vec<syn::Attribute>,
    /// Its facts records (`crate::facts`), for run-free verification.
    facts: Vec<facts::Record>,
}

/// Reads `#[signature(expect = ...)]`, also under `#[cfg_attr(pred, ..)]` (the expectation then
/// applies where `pred` holds), and removes it: it is ffi-test's, not rustc's.
pub(crate) fn take_expectation(
    attrs: &mut Vec<syn::Attribute>,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let mut expect = None;
    for found in crate::syntax::helper_attrs::find(attrs, "signature", errors) {
        let parsed = found
            .meta
            .require_list()
            .and_then(|list| list.parse_args::<syn::MetaNameValue>());
        let value = match parsed {
            Ok(nv) if nv.path.is_ident("expect") => crate::syntax::expect::parse(&nv.value, errors),
            _ => {
                errors.error(&found.at, "expected `#[signature(expect = fail)]`");
                None
            }
        };
        expect = match (value, found.pred) {
            (Some(value), Some(pred)) => Some(quote! {
                if ::core::cfg!(#pred) { #value } else { ::ffi_test::__private_0_1::Expect::Pass }
            }),
            (value, _) => value.or(expect),
        };
    }
    crate::syntax::helper_attrs::strip(attrs, "signature");
    expect
}

pub(crate) fn c_name(attrs: &[syn::Attribute], ident: &syn::Ident, errors: &mut Errors) -> String {
    for attr in attrs.iter().filter(|a| a.path().is_ident("link_name")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            match crate::syntax::literals::str_lit(&nv.value) {
                Some(s) => {
                    // bindgen writes an asm label's symbol (glibc's `fscanf` is
                    // `__isoc99_fscanf`) after LLVM's "do not mangle" marker, U+0001.
                    let value = s.value();
                    let symbol = value.strip_prefix('\u{1}').unwrap_or(&value);
                    if !ffi_test_protocol::c_name::is_link_name(symbol) {
                        errors.error(
                            &s,
                            format!(
                                "`link_name` must be a C identifier (optionally `@VERSION`), not \
                                 `{}`: it is pasted into generated C",
                                s.value().escape_debug()
                            ),
                        );
                    }
                    return symbol.to_string();
                }
                None => errors.error(&nv.value, "`link_name` must be a string literal"),
            }
        }
    }
    crate::syntax::items::unraw(ident)
}

/// The tests for every item of `block`, whose items are reached through `prefix` (empty for an
/// attribute on the block itself, `path::to::module::` for the function-like form).
fn tests_for(block: &mut ItemForeignMod, form: Form, errors: &mut Errors) -> Vec<Checked> {
    let mut out = Vec::new();
    if let Some(name) = &block.abi.name {
        if name.value() != "C" && name.value() != "C-unwind" {
            errors.error(
                name,
                "signature checks compare with C prototypes: the block must be `extern \"C\"`",
            );
        }
    }
    for item in &mut block.items {
        match item {
            ForeignItem::Fn(f) => {
                let expect = take_expectation(&mut f.attrs, errors);
                let c = c_name(&f.attrs, &f.sig.ident, errors);
                let mut checked = function_test(f, &c, form, expect, errors);
                checked.cfgs = crate::syntax::helper_attrs::cfgs(&f.attrs);
                out.push(checked);
            }
            ForeignItem::Static(s) => {
                let expect = take_expectation(&mut s.attrs, errors);
                let c = c_name(&s.attrs, &s.ident, errors);
                let mut checked = static_test(s, &c, form, expect);
                checked.cfgs = crate::syntax::helper_attrs::cfgs(&s.attrs);
                out.push(checked);
            }
            other => errors.error(other, "only functions and statics can be checked against C"),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.error(&block.abi, "the block declares nothing to check");
    }
    out
}

fn path_to(form: Form, ident: &syn::Ident) -> TokenStream {
    match form {
        Form::External(p) => quote!(#p::#ident),
        _ => quote!(#ident),
    }
}

/// The test name of a function's signature check.
pub(crate) fn function_test_name(rust_name: &str) -> String {
    ffi_test_protocol::naming::Check::Signature.test_name(&subject(rust_name))
}

/// The test name of an extern static's check.
pub(crate) fn static_test_name(rust_name: &str) -> String {
    ffi_test_protocol::naming::Check::Static.test_name(&subject(rust_name))
}

pub(crate) fn function_test(
    f: &syn::ForeignItemFn,
    c_name: &str,
    form: Form,
    expect: Option<TokenStream>,
    errors: &mut Errors,
) -> Checked {
    let ident = &f.sig.ident;
    let name = crate::syntax::items::unraw(ident);
    let test_name = function_test_name(&name);
    let desc = own_description();
    function_test_named(f, c_name, form, expect, errors, (test_name, &desc), None)
}

/// As [`function_test`], under a test name and a description's name chosen by the caller;
/// `requests`, where given, replace the prototype request of `c_name` (a function pointer's
/// function type is asked for by its C type, see
/// `ffi_test_protocol::signature::function_type_request`).
pub(crate) fn function_test_named(
    f: &syn::ForeignItemFn,
    c_name: &str,
    form: Form,
    expect: Option<TokenStream>,
    errors: &mut Errors,
    (test_name, desc): (String, &syn::Ident),
    requests: Option<&[String]>,
) -> Checked {
    let ident = &f.sig.ident;
    let name = crate::syntax::items::unraw(ident);
    let mut params = Vec::new();
    let mut types = Vec::new();
    let mut param_facts = Vec::new();
    for (i, arg) in f.sig.inputs.iter().enumerate() {
        match arg {
            syn::FnArg::Typed(pt) => {
                let ty = &pt.ty;
                let label = match &*pt.pat {
                    syn::Pat::Ident(p) => p.ident.to_string(),
                    _ => format!("#{}", i + 1),
                };
                let text = type_text(ty);
                let rust = rust_type(ty, &text, form);
                let index = params.len();
                param_facts.push(type_facts(&label, &text, quote!(#desc.params[#index].1)));
                params.push(quote!((#label, #rust)));
                types.push(quote!(#ty));
            }
            syn::FnArg::Receiver(r) => errors.error(r, "a C function has no `self`"),
        }
    }
    let (ret, ret_ty) = match &f.sig.output {
        // `-> ()` (bindgen writes it) is no return value, like none at all; `-> !` (a noreturn
        // C function) returns nothing either: both are C `void`.
        ReturnType::Default => (
            quote!(::ffi_test::__private_0_1::bindings::RustType::unit()),
            quote!(()),
        ),
        ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => (
            quote!(::ffi_test::__private_0_1::bindings::RustType::unit()),
            quote!(()),
        ),
        ReturnType::Type(_, ty) if matches!(&**ty, Type::Never(_)) => (
            quote!(::ffi_test::__private_0_1::bindings::RustType::never()),
            quote!(!),
        ),
        ReturnType::Type(_, ty) => {
            let text = type_text(ty);
            (rust_type(ty, &text, form), quote!(#ty))
        }
    };
    let variadic = f.sig.variadic.is_some();
    let ret_text = match &f.sig.output {
        ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => {
            "()".to_string()
        }
        ReturnType::Type(_, ty) => type_text(ty),
        ReturnType::Default => "()".to_string(),
    };
    let ret_facts = type_facts("", &ret_text, quote!(#desc.ret));
    // `...` joined with the fixed parameters, never after a bare comma (`fn g(...)` has none).
    let mut params_ty = types.clone();
    if variadic {
        params_ty.push(quote!(...));
    }
    let item = path_to(form, ident);
    // In the function-like form the declaration is repeated: it must have the real item's type.
    let same_type = matches!(form, Form::External(_)).then(|| {
        quote! { let _: unsafe extern "C" fn(#(#params_ty),*) -> #ret_ty = #item; }
    });
    let ctx = crate::registration::context();
    let address = match form {
        Form::Surface => quote!(::ffi_test::__private_0_1::bindings::exported(#ctx, #c_name)),
        _ => quote!(#item as *const () as usize),
    };
    // `sym@VERSION` (one version of a symbol, as the libc crate binds some): C knows `sym`.
    let c_name = c_name.split_once('@').map_or(c_name, |(symbol, _)| symbol);
    let c = ffi_test_protocol::signature::c_text(c_name);
    let symbols = ffi_test_protocol::signature::SYMBOLS.map(String::from);
    let own_request = [if c_name == name {
        name.clone()
    } else {
        format!("{c_name}|{name}")
    }];
    let requests = requests.unwrap_or(&own_request);
    let request = &requests[0];
    let param_count = param_facts.len();
    let head = SignatureHead::<Tokens> {
        test: facts::text(&test_name),
        rust_name: facts::text(&name),
        request: facts::text(request),
        variadic: facts::num(quote!(#desc.variadic)),
        ret_text: ret_facts.text,
        ret_size: ret_facts.size,
        ret_kind: ret_facts.kind,
        param_count: facts::num(quote!(#param_count)),
    };
    let signature = Signature {
        head,
        params: param_facts,
    };
    let facts = vec![facts::record(&[], signature)];
    let fragment = with_prototypes(
        quote!(#c),
        line_of(ident.span()),
        &[],
        &symbols,
        &test_name,
        // A `link_name` C does not declare (glibc's `fscanf` is `__isoc99_fscanf` through an
        // asm label) falls back to the prototype of the Rust name (see `prototypes::render`).
        requests,
    );
    let bindings = quote!(::ffi_test::__private_0_1::bindings);
    Checked {
        description: quote! {
            static #desc: #bindings::RustSignature = #bindings::RustSignature {
                name: #name,
                params: &[#(#params),*],
                ret: #ret,
                variadic: #variadic,
            };
        },
        body: quote!(#bindings::run_signature(#ctx, &#desc, #address)),
        name: test_name,
        fragment,
        assertion: same_type.unwrap_or_default(),
        line: line_of(ident.span()),
        expect,
        cfgs: Vec::new(),
        facts,
    }
}

pub(crate) fn static_test(
    s: &syn::ForeignItemStatic,
    c_name: &str,
    form: Form,
    expect: Option<TokenStream>,
) -> Checked {
    let test_name = static_test_name(&crate::syntax::items::unraw(&s.ident));
    static_test_named(s, c_name, form, expect, (test_name, &own_description()))
}

/// As [`static_test`], under a test name and a description's name chosen by the caller.
pub(crate) fn static_test_named(
    s: &syn::ForeignItemStatic,
    c_name: &str,
    form: Form,
    expect: Option<TokenStream>,
    (test_name, desc): (String, &syn::Ident),
) -> Checked {
    let ident = &s.ident;
    let name = crate::syntax::items::unraw(ident);
    let ty = &s.ty;
    let text = type_text(ty);
    let item = path_to(form, ident);
    let same_type = matches!(form, Form::External(_))
        .then(|| quote!(let _: *const #ty = ::core::ptr::addr_of!(#item);));
    let ctx = crate::registration::context();
    let address = match form {
        Form::Surface => quote!(::ffi_test::__private_0_1::bindings::exported(#ctx, #c_name)),
        _ => quote!(::core::ptr::addr_of!(#item) as usize),
    };
    let rust = rust_type(ty, &text, form);
    let symbol = c_name.split_once('@').map_or(c_name, |(symbol, _)| symbol);
    let ty_facts = type_facts("", &text, quote!(#desc.ty));
    // An array of unknown size (`extern const char v[];`, bound as `[T; 0]`) has no `sizeof`.
    let unsized_array = is_zero_length_array(ty);
    let record = Static::<Tokens> {
        test: facts::text(&test_name),
        c_name: facts::text(symbol),
        text: ty_facts.text,
        size: ty_facts.size,
        kind: ty_facts.kind,
        unsized_array: facts::num(quote!(#unsized_array)),
    };
    let facts = vec![facts::record(&[], record)];
    let c = match form {
        Form::Surface => ffi_test_protocol::signature::weak_static_c_text(c_name, unsized_array),
        _ if unsized_array => ffi_test_protocol::signature::unsized_static_c_text(c_name),
        _ => ffi_test_protocol::signature::static_c_text(c_name),
    };
    let fragment = with_prototypes(
        quote!(#c),
        line_of(ident.span()),
        &[],
        &[ffi_test_protocol::signature::STATIC_SYMBOL.to_string()],
        &test_name,
        &[],
    );
    let bindings = quote!(::ffi_test::__private_0_1::bindings);
    Checked {
        description: quote! {
            static #desc: #bindings::RustStatic = #bindings::RustStatic { name: #name, ty: #rust };
        },
        body: quote!(#bindings::run_static(#ctx, &#desc, #address)),
        name: test_name,
        fragment,
        assertion: same_type.unwrap_or_default(),
        line: line_of(ident.span()),
        expect,
        cfgs: Vec::new(),
        facts,
    }
}

/// A parameter's facts (a return type's or a static's use all but the label), read from
/// `rust`, its `RustType` in the description.
fn type_facts(label: &str, text: &str, rust: TokenStream) -> Param<Tokens> {
    Param {
        label: facts::text(label),
        text: facts::text(text),
        size: facts::num(quote!(#rust.size)),
        kind: facts::num(quote!(#rust.record_kind())),
    }
}

/// A type as reports show it: `*const ::std::os::raw::c_int`, not the token stream's spacing.
pub(crate) fn type_text(ty: &Type) -> String {
    ty.to_token_stream()
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace("* ", "*")
        .replace(" ;", ";")
}

fn is_zero_length_array(ty: &Type) -> bool {
    matches!(ty, Type::Array(a) if matches!(&a.len, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(n), .. }) if n.base10_digits() == "0"))
}

impl Checked {
    /// The test's body: the assertion, then the check.
    pub(crate) fn run_body(&self) -> TokenStream {
        let (assertion, body) = (&self.assertion, &self.body);
        quote!(#assertion #body)
    }

    /// The test's description: a `static`, emitted beside the test's function.
    pub(crate) fn description(&self) -> &TokenStream {
        &self.description
    }
}

/// The entry of one checked item, whose test the caller names (`Entry::run`), to register with
/// others (`registration::submit_all`).
pub(crate) fn entry(c: Checked) -> Entry {
    Entry {
        facts: c.facts,
        faults: None,
        py: None,
        name: c.name,
        kind: TestKind::Binding,
        line: c.line,
        ignore: none(),
        should_panic: none(),
        c: c.fragment,
        timeout_ms: None,
        expect: c.expect,
        run: TokenStream::new(),
    }
}

/// A run function and an inventory entry per checked item.
pub(crate) fn register(checked: Vec<Checked>) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, c) in checked.into_iter().enumerate() {
        let run = quote::format_ident!("__ffi_test_binding_{i}");
        let Checked {
            name,
            description,
            fragment,
            assertion,
            body,
            line,
            expect,
            cfgs,
            facts,
        } = c;
        let entry = Entry {
            name,
            kind: TestKind::Binding,
            line,
            ignore: none(),
            should_panic: none(),
            c: fragment,
            timeout_ms: None,
            expect,
            run: quote!(#run),
            facts,
            faults: None,
            py: None,
        }
        .submit();
        // A declaration under `#[cfg]` is checked where it is compiled in.
        let param = crate::registration::context_param();
        out.extend(quote! {
            #(#cfgs)*
            const _: () = {
                #description
                fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                    #assertion
                    #body
                }
                #entry
            };
        });
    }
    out
}

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
    let checked = tests_for(&mut block, Form::Attribute, &mut errors);
    if !errors.is_empty() {
        let errors = errors.into_compile_errors();
        return crate::fallback::item(errors, quote!(#block), crate::fallback::Stubs::None);
    }
    let tests = register(checked);
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
    let checked = tests_for(&mut block, Form::External(&module), &mut errors);
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    let tests = register(checked);
    quote!(const _: () = { #tests };)
}
