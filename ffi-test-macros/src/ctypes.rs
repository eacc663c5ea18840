//! `ffi_test::check_ctypes!("tests/mirrors.py", Stats, "struct stats", expect = fail)`: a
//! Python module's ctypes class checked against the C type it mirrors. The macro sees neither
//! the module nor the class (it does no I/O): it validates what is written, names the test and
//! registers it; the runtime asks Python for the class's fields when the test runs.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, LitStr, Token};

use crate::registration::{none, Entry};
use crate::syntax::errors::Errors;

const FORM: &str = "expected `check_ctypes!(\"path/to/mirrors.py\", ClassName, \"struct c_name\")` (or a dotted module name instead of the path), then optional `expect = ...`";

struct Input {
    module: LitStr,
    class: Ident,
    c_type: LitStr,
    options: Vec<(Ident, Expr)>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Input> {
        let module = input.parse()?;
        input.parse::<Token![,]>()?;
        let class = input.call(syn::ext::IdentExt::parse_any)?;
        input.parse::<Token![,]>()?;
        let c_type = input.parse()?;
        let mut options = Vec::new();
        while input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            options.push((key, input.parse()?));
        }
        Ok(Input {
            module,
            class,
            c_type,
            options,
        })
    }
}

pub fn check_ctypes(input: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return syn::Error::new(e.span(), format!("{e}: {FORM}")).to_compile_error(),
    };
    let mut errors = Errors::default();
    check_module(&input.module, &mut errors);
    crate::layout::model::check_c_type(&input.c_type, &mut errors);
    let mut expect = None;
    for (key, value) in &input.options {
        if key != "expect" {
            errors.error(key, format!("unknown option `{key}`: {FORM}"));
        } else if expect.is_some() {
            errors.error(key, "`expect` is given twice");
        } else {
            expect = Some(crate::syntax::expect::parse(value, &mut errors));
        }
    }
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    expand(&input, expect.flatten())
}

/// A `.py` path, or a dotted module name of Python identifiers.
fn check_module(module: &LitStr, errors: &mut Errors) {
    let text = module.value();
    if text.ends_with(".py") && text.len() > 3 {
        return;
    }
    let is_identifier = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    };
    if !text.split('.').all(is_identifier) {
        errors.error(
            module,
            format!("`{text}` is neither a `.py` file nor a dotted Python module name: {FORM}"),
        );
    }
}

fn expand(input: &Input, expect: Option<TokenStream>) -> TokenStream {
    let Input {
        module,
        class,
        c_type,
        ..
    } = input;
    let class_name = crate::syntax::items::unraw(class);
    let line = class.span().start().line as u32;
    let entry = Entry {
        name: ffi_test_protocol::naming::Check::CtypesLayout
            .test_name(&crate::layout::model::subject(&class_name)),
        kind: TestKind::Test,
        line: quote!(#line),
        ignore: none(),
        should_panic: none(),
        c: none(),
        timeout_ms: None,
        expect,
        run: quote!(__ffi_test_run),
        facts: Vec::new(),
        faults: None,
        py: None,
    };
    let submit = entry.submit();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    quote! {
        const _: () = {
            fn __ffi_test_run(#param) -> ::core::result::Result<(), ::std::string::String> {
                ::ffi_test::__private_0_1::python::check_ctypes(
                    #ctx,
                    &::ffi_test::__private_0_1::python::Declared {
                        module: #module,
                        class: #class_name,
                        c_type: #c_type,
                        file: ::core::file!(),
                        line: #line,
                    },
                )
            }
            #submit
        };
    }
}
