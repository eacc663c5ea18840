//! A checked declaration's test, written from its model (`model.rs`): its one description (a
//! `static` `RustSignature` or `RustStatic` the running check reads and the facts records are
//! written from), its C fragment, its body and its registry entry.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::Type;

use super::model::{Declared, FunctionModel, Item, StaticModel};
use crate::facts::{self, Tokens};
use crate::layout::description::Probes;
use crate::registration::{none, with_prototypes, Entry};
use crate::syntax::source_line::line_of;
use ffi_test_protocol::facts::records::{Param, Signature, SignatureHead, Static};
use ffi_test_protocol::language::Language;

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
    Surface(CSide<'a>),
}

/// How a whole-surface check's C side is written: in C, or in C++ for bindgen's C++ output.
#[derive(Clone, Copy)]
pub(crate) struct CSide<'a> {
    pub(crate) language: Language,
    /// The C++ expression naming a static (a static data member through its class's spelling,
    /// `FFI_TEST_C_TYPE_ns_Q_C::count`), where its symbol (`_ZN2ns1C5countE`) cannot name it.
    pub(crate) expr: Option<&'a str>,
    /// The type requests (`ffi_test_protocol::surface::type_request`) the expression needs.
    pub(crate) types: &'a [String],
    /// The kind probes the surface's checks share, where the check may use them.
    pub(crate) probes: Option<&'a Probes>,
}

impl CSide<'_> {
    /// A C binding's.
    pub(crate) const C: CSide<'static> = CSide {
        language: Language::C,
        expr: None,
        types: &[],
        probes: None,
    };
}

impl Form<'_> {
    /// The language its C side is in.
    fn language(&self) -> Language {
        match self {
            Form::Surface(side) => side.language,
            _ => Language::C,
        }
    }
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

/// The name of a checked item's description when it is registered in a scope of its own.
fn own_description() -> syn::Ident {
    quote::format_ident!("__FFI_TEST_BINDING")
}

/// The tests of a block's declarations, each registered in a scope of its own.
pub(crate) fn checks(declared: Vec<Declared>, form: Form) -> Vec<Checked> {
    let desc = own_description();
    declared
        .into_iter()
        .map(|d| {
            let mut checked = match &d.item {
                Item::Function(f) => {
                    function_check(f, form, d.expect, (f.test_name(), &desc), None)
                }
                Item::Static(s) => static_check(s, form, d.expect, (s.test_name(), &desc)),
            };
            checked.cfgs = d.cfgs;
            checked
        })
        .collect()
}

/// The `RustType` constant expression for `ty`: through `CKind` where the types are the user's
/// own (a missing impl is then a compile error with a hint), through the probes where they may
/// be another crate's.
fn rust_type(ty: &Type, text: &str, form: Form) -> TokenStream {
    let private = quote!(::ffi_test::__private_0_1);
    let probes = match form {
        Form::Surface(side) => side.probes,
        _ => None,
    };
    let base = match form {
        Form::Attribute => quote!(#private::bindings::RustType::of::<#ty>(#text)),
        Form::External(_) | Form::Surface(_) => {
            let facts = crate::layout::description::probed_kind(ty, probes);
            quote!(#private::bindings::RustType::probed::<#ty>(#text, #facts))
        }
    };
    // What a pointer written as one points to (C's is compared with it).
    match crate::syntax::pointee::of(ty) {
        None => base,
        Some(crate::syntax::pointee::Pointee::Void) => quote!(#base.pointing_to_void()),
        Some(crate::syntax::pointee::Pointee::Type(target)) => {
            let facts = crate::layout::description::probed_kind(target, probes);
            quote!(#base.pointing_to::<#target>(#facts))
        }
    }
}

fn path_to(form: Form, ident: &syn::Ident) -> TokenStream {
    match form {
        Form::External(p) => quote!(#p::#ident),
        _ => quote!(#ident),
    }
}

/// The check of function `f` under test name `test_name`, its description named `desc`;
/// `requests`, where given, replace the prototype request of its symbol (a function pointer's
/// function type is asked for by its C type, see
/// `ffi_test_protocol::signature::function_type_request`).
pub(crate) fn function_check(
    f: &FunctionModel,
    form: Form,
    expect: Option<TokenStream>,
    (test_name, desc): (String, &syn::Ident),
    requests: Option<&[String]>,
) -> Checked {
    let (ident, name) = (&f.ident, &f.name);
    let bindings = quote!(::ffi_test::__private_0_1::bindings);
    let params = f.params.iter().map(|p| {
        let (label, rust) = (&p.label, rust_type(&p.ty, &p.text, form));
        quote!((#label, #rust))
    });
    let param_facts: Vec<Param<Tokens>> = (f.params.iter().enumerate())
        .map(|(i, p)| type_facts(&p.label, &p.text, quote!(#desc.params[#i].1)))
        .collect();
    let ret = match &f.ret {
        super::model::Ret::Unit => quote!(#bindings::RustType::unit()),
        super::model::Ret::Never => quote!(#bindings::RustType::never()),
        super::model::Ret::Value(ty, text) => rust_type(ty, text, form),
    };
    let variadic = f.variadic;
    let abi = quote::format_ident!("{}", f.abi.abi.variant());
    let item = path_to(form, ident);
    // In the function-like form the declaration is repeated: it must have the real item's type.
    let same_type = matches!(form, Form::External(_)).then(|| {
        let ret_ty = f.ret.ty();
        // `...` joined with the fixed parameters, never after a bare comma (`fn g(...)`).
        let mut types: Vec<TokenStream> = f.params.iter().map(|p| p.ty.to_token_stream()).collect();
        if variadic {
            types.push(quote!(...));
        }
        let abi = &f.abi.text;
        quote! { let _: unsafe extern #abi fn(#(#types),*) -> #ret_ty = #item; }
    });
    let ctx = crate::registration::context();
    let c_name = f.c_name.as_str();
    let address = match form {
        Form::Surface(_) => quote!(#bindings::exported(#ctx, #c_name)),
        _ => quote!(#item as *const () as usize),
    };
    // `sym@VERSION` (one version of a symbol, as the libc crate binds some): C knows `sym`.
    let c_name = c_name.split_once('@').map_or(c_name, |(symbol, _)| symbol);
    let own_request = [if c_name == name {
        name.clone()
    } else {
        format!("{c_name}|{name}")
    }];
    let requests = requests.unwrap_or(&own_request);
    let ret_facts = type_facts("", f.ret.text(), quote!(#desc.ret));
    let param_count = f.params.len();
    let head = SignatureHead::<Tokens> {
        test: facts::text(&test_name),
        rust_name: facts::text(name),
        request: facts::text(&requests[0]),
        variadic: facts::num(quote!(#desc.variadic)),
        ret_text: ret_facts.text,
        ret_size: ret_facts.size,
        ret_kind: ret_facts.kind,
        param_count: facts::num(quote!(#param_count)),
        language: facts::text(form.language().variant()),
        convention: facts::num(quote!(#desc.convention)),
        ret_pointee: ret_facts.pointee,
    };
    let signature = Signature {
        head,
        params: param_facts,
    };
    let c = ffi_test_protocol::signature::c_text(c_name);
    let fragment = with_prototypes(
        form.language(),
        quote!(#c),
        line_of(ident.span()),
        &[],
        &ffi_test_protocol::signature::SYMBOLS.map(String::from),
        &test_name,
        // A `link_name` C does not declare (glibc's `fscanf` is `__isoc99_fscanf` through an
        // asm label) falls back to the prototype of the Rust name (see `prototypes::render`).
        requests,
    );
    Checked {
        description: quote! {
            static #desc: #bindings::RustSignature = #bindings::RustSignature {
                name: #name,
                params: &[#(#params),*],
                ret: #ret,
                variadic: #variadic,
                convention: #bindings::RustAbi::#abi.convention(),
            };
        },
        body: quote!(#bindings::run_signature(#ctx, &#desc, #address)),
        name: test_name,
        fragment,
        assertion: same_type.unwrap_or_default(),
        line: line_of(ident.span()),
        expect,
        cfgs: Vec::new(),
        facts: vec![facts::record(&[], signature)],
    }
}

/// The check of extern static `s` under test name `test_name`, its description named `desc`.
pub(crate) fn static_check(
    s: &StaticModel,
    form: Form,
    expect: Option<TokenStream>,
    (test_name, desc): (String, &syn::Ident),
) -> Checked {
    let (ident, name, ty) = (&s.ident, &s.name, &s.ty);
    let bindings = quote!(::ffi_test::__private_0_1::bindings);
    let item = path_to(form, ident);
    let same_type = matches!(form, Form::External(_))
        .then(|| quote!(let _: *const #ty = ::core::ptr::addr_of!(#item);));
    let ctx = crate::registration::context();
    let c_name = s.c_name.as_str();
    let address = match form {
        Form::Surface(_) => quote!(#bindings::exported(#ctx, #c_name)),
        _ => quote!(::core::ptr::addr_of!(#item) as usize),
    };
    let rust = rust_type(ty, &s.text, form);
    let symbol = c_name.split_once('@').map_or(c_name, |(symbol, _)| symbol);
    let ty_facts = type_facts("", &s.text, quote!(#desc.ty));
    let unsized_array = s.unsized_array;
    let record = Static::<Tokens> {
        test: facts::text(&test_name),
        c_name: facts::text(symbol),
        text: ty_facts.text,
        size: ty_facts.size,
        kind: ty_facts.kind,
        unsized_array: facts::num(quote!(#unsized_array)),
        language: facts::text(form.language().variant()),
        c_expr: facts::text(match form {
            Form::Surface(CSide { expr: Some(e), .. }) => e,
            _ => "",
        }),
        requests: facts::text(match form {
            Form::Surface(side) => side.types.join("\n"),
            _ => String::new(),
        }),
    };
    let static_symbol = ffi_test_protocol::signature::STATIC_SYMBOL;
    let (c, types) = match form {
        // A C++ static is named by an expression (its symbol is mangled), and referenced
        // strongly: the unit links only where the library defines it.
        Form::Surface(CSide {
            expr: Some(expr),
            types,
            ..
        }) => {
            let text = match unsized_array {
                true => ffi_test_protocol::signature::unsized_static_c_text(expr),
                false => ffi_test_protocol::signature::static_c_text(expr),
            };
            let (text, _) =
                ffi_test_protocol::surface::through_spelling(expr, &text, static_symbol);
            (text, types)
        }
        Form::Surface(_) => (
            ffi_test_protocol::signature::weak_static_c_text(c_name, unsized_array),
            &[][..],
        ),
        _ if unsized_array => (
            ffi_test_protocol::signature::unsized_static_c_text(c_name),
            &[][..],
        ),
        _ => (ffi_test_protocol::signature::static_c_text(c_name), &[][..]),
    };
    let symbols = ffi_test_protocol::surface::symbols_of(&c, static_symbol);
    let fragment = with_prototypes(
        form.language(),
        quote!(#c),
        line_of(ident.span()),
        &[],
        &symbols,
        &test_name,
        types,
    );
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
        facts: vec![facts::record(&[], record)],
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
        pointee: facts::num(quote!(#rust.record_pointee())),
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

/// A run function, the description and an inventory entry per checked item, each in a scope of
/// its own under the declaration's `#[cfg]`s (it is checked where it is compiled in).
pub(crate) fn register(checked: Vec<Checked>) -> TokenStream {
    let mut out = TokenStream::new();
    let param = crate::registration::context_param();
    for (i, c) in checked.into_iter().enumerate() {
        let run = quote::format_ident!("__ffi_test_binding_{i}");
        let (description, body, cfgs) = (c.description.clone(), c.run_body(), c.cfgs.clone());
        let entry = Entry {
            run: quote!(#run),
            ..entry(c)
        }
        .submit();
        out.extend(quote! {
            #(#cfgs)*
            const _: () = {
                #description
                fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                    #body
                }
                #entry
            };
        });
    }
    out
}
