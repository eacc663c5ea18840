//! The validated model of a checked declaration of an `extern "C"` block (a function or a
//! static), read once from its syntax: its names, parameters as reports show them, return,
//! `#[cfg]`s and expectation. `emit.rs` writes a check from it.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{ForeignItem, ItemForeignMod, ReturnType, Type};

use crate::layout::model::subject;
use crate::syntax::errors::Errors;
use ffi_test_protocol::signature::RustAbi;

/// A declared function.
pub(crate) struct FunctionModel {
    pub ident: syn::Ident,
    /// The Rust name, raw prefix removed.
    pub name: String,
    /// The symbol (`link_name`, or the Rust name).
    pub c_name: String,
    pub params: Vec<ParamModel>,
    pub ret: Ret,
    pub variadic: bool,
    /// Its block's ABI.
    pub abi: BlockAbi,
}

/// An extern block's ABI: what it means for the calling convention, and its string as written
/// (`"C"` where the block names none).
#[derive(Clone)]
pub(crate) struct BlockAbi {
    pub abi: RustAbi,
    pub text: String,
}

impl BlockAbi {
    /// `extern "C"`.
    pub fn c() -> BlockAbi {
        BlockAbi {
            abi: RustAbi::C,
            text: "C".into(),
        }
    }
}

/// A parameter: its name as written (or `#N`), its type and the type as reports show it.
pub(crate) struct ParamModel {
    pub label: String,
    pub ty: Type,
    pub text: String,
}

/// What a function returns.
pub(crate) enum Ret {
    /// Nothing (no return type, or `-> ()` as bindgen writes it): C `void`.
    Unit,
    /// `-> !`, a noreturn C function: C `void` too.
    Never,
    /// A value of this type (and the type as reports show it).
    Value(Box<Type>, String),
}

impl Ret {
    /// The return type as reports show it.
    pub fn text(&self) -> &str {
        match self {
            Ret::Unit => "()",
            Ret::Never => "!",
            Ret::Value(_, text) => text,
        }
    }

    /// The return type as Rust spells it.
    pub fn ty(&self) -> TokenStream {
        match self {
            Ret::Unit => quote!(()),
            Ret::Never => quote!(!),
            Ret::Value(ty, _) => quote!(#ty),
        }
    }
}

/// A declared static.
pub(crate) struct StaticModel {
    pub ident: syn::Ident,
    pub name: String,
    pub c_name: String,
    pub ty: Box<Type>,
    pub text: String,
    /// An array of unknown size (`extern const char v[];`, bound as `[T; 0]`): no `sizeof`.
    pub unsized_array: bool,
}

/// One declaration of a block, with what the block says about it.
pub(crate) struct Declared {
    pub item: Item,
    /// `#[signature(expect = ..)]`.
    pub expect: Option<TokenStream>,
    /// The declaration's own `#[cfg]`s: its test exists where it does.
    pub cfgs: Vec<syn::Attribute>,
}

/// A function or a static.
pub(crate) enum Item {
    Function(FunctionModel),
    Static(StaticModel),
}

impl FunctionModel {
    /// The model of `f`, declared in a block of ABI `abi` ([`block_abi`]), bound to symbol
    /// `c_name`; a receiver is an error.
    pub fn new(
        f: &syn::ForeignItemFn,
        c_name: &str,
        abi: BlockAbi,
        errors: &mut Errors,
    ) -> FunctionModel {
        let mut params = Vec::new();
        for (i, arg) in f.sig.inputs.iter().enumerate() {
            match arg {
                syn::FnArg::Typed(pt) => params.push(ParamModel {
                    label: match &*pt.pat {
                        syn::Pat::Ident(p) => p.ident.to_string(),
                        _ => format!("#{}", i + 1),
                    },
                    ty: (*pt.ty).clone(),
                    text: type_text(&pt.ty),
                }),
                syn::FnArg::Receiver(r) => errors.error(r, "a C function has no `self`"),
            }
        }
        let ret = match &f.sig.output {
            ReturnType::Default => Ret::Unit,
            ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => {
                Ret::Unit
            }
            ReturnType::Type(_, ty) if matches!(&**ty, Type::Never(_)) => Ret::Never,
            ReturnType::Type(_, ty) => Ret::Value(ty.clone(), type_text(ty)),
        };
        FunctionModel {
            ident: f.sig.ident.clone(),
            name: crate::syntax::items::unraw(&f.sig.ident),
            c_name: c_name.to_string(),
            params,
            ret,
            variadic: f.sig.variadic.is_some(),
            abi,
        }
    }

    /// The test name of its signature check.
    pub fn test_name(&self) -> String {
        function_test_name(&self.name)
    }
}

impl StaticModel {
    /// The model of `s`, bound to symbol `c_name`.
    pub fn new(s: &syn::ForeignItemStatic, c_name: &str) -> StaticModel {
        StaticModel {
            ident: s.ident.clone(),
            name: crate::syntax::items::unraw(&s.ident),
            c_name: c_name.to_string(),
            ty: s.ty.clone(),
            text: type_text(&s.ty),
            unsized_array: is_zero_length_array(&s.ty),
        }
    }

    /// The test name of its check.
    pub fn test_name(&self) -> String {
        static_test_name(&self.name)
    }
}

/// The declarations of `block`, each with its expectation (taken off the item: the attribute is
/// ffi-test's, not rustc's) and its `#[cfg]`s.
pub(crate) fn declarations(block: &mut ItemForeignMod, errors: &mut Errors) -> Vec<Declared> {
    let mut out = Vec::new();
    let abi = block_abi(&block.abi).unwrap_or_else(|why| {
        errors.error(&block.abi, why);
        BlockAbi::c()
    });
    for item in &mut block.items {
        let (expect, model, attrs) = match item {
            ForeignItem::Fn(f) => {
                let expect = take_expectation(&mut f.attrs, errors);
                let c = c_name(&f.attrs, &f.sig.ident, errors);
                (
                    expect,
                    Item::Function(FunctionModel::new(f, &c, abi.clone(), errors)),
                    &f.attrs,
                )
            }
            ForeignItem::Static(s) => {
                let expect = take_expectation(&mut s.attrs, errors);
                let c = c_name(&s.attrs, &s.ident, errors);
                (expect, Item::Static(StaticModel::new(s, &c)), &s.attrs)
            }
            other => {
                errors.error(other, "only functions and statics can be checked against C");
                continue;
            }
        };
        out.push(Declared {
            item: model,
            expect,
            cfgs: crate::syntax::helper_attrs::cfgs(attrs),
        });
    }
    if out.is_empty() && errors.is_empty() {
        errors.error(&block.abi, "the block declares nothing to check");
    }
    out
}

/// What an extern block's ABI means for its functions' calling convention, and its string
/// (`"C"` where none is written); an ABI no C prototype declares is an error, said.
pub(crate) fn block_abi(abi: &syn::Abi) -> Result<BlockAbi, String> {
    let text = abi.name.as_ref().map_or("C".to_string(), |n| n.value());
    match RustAbi::parse(&text) {
        Some(abi) => Ok(BlockAbi { abi, text }),
        None => Err(format!(
            "signature checks compare with C prototypes: `extern \"{text}\"` is not a C \
             convention (the block must be `extern \"C\"`, `\"system\"`, `\"stdcall\"`, \
             `\"fastcall\"` or `\"cdecl\"`)"
        )),
    }
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

/// The symbol a declaration binds: its `link_name` (checked to be one C can name), or its Rust
/// name.
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

/// The test name of a function's signature check.
pub(crate) fn function_test_name(rust_name: &str) -> String {
    ffi_test_protocol::naming::Check::Signature.test_name(&subject(rust_name))
}

/// The test name of an extern static's check.
pub(crate) fn static_test_name(rust_name: &str) -> String {
    ffi_test_protocol::naming::Check::Static.test_name(&subject(rust_name))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn block(tokens: TokenStream) -> (Vec<Declared>, Vec<String>) {
        let mut block: ItemForeignMod = syn::parse2(tokens).unwrap();
        let mut errors = Errors::default();
        let declared = declarations(&mut block, &mut errors);
        let messages = match errors.finish(()) {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (declared, messages)
    }

    #[test]
    fn a_block_reads_into_models_with_their_names_and_expectations() {
        let (declared, errors) = block(quote! {
            extern "C" {
                #[link_name = "real_f"]
                #[signature(expect = fail)]
                pub fn r#f(a: *const ::std::os::raw::c_int, _: u8, ...) -> !;
                #[cfg(unix)]
                pub static TABLE: [u8; 0];
            }
        });
        assert_eq!(errors, Vec::<String>::new());
        let [first, second] = &declared[..] else {
            panic!("two declarations")
        };
        let Item::Function(f) = &first.item else {
            panic!("a function")
        };
        assert_eq!((f.name.as_str(), f.c_name.as_str()), ("f", "real_f"));
        let params: Vec<(&str, &str)> = f
            .params
            .iter()
            .map(|p| (p.label.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(params, [("a", "*const::std::os::raw::c_int"), ("#2", "u8")]);
        assert!(f.variadic && f.ret.text() == "!" && first.expect.is_some());
        let Item::Static(s) = &second.item else {
            panic!("a static")
        };
        assert!(s.unsized_array && second.cfgs.len() == 1 && second.expect.is_none());
    }

    #[test]
    fn what_cannot_be_checked_is_an_error() {
        let (_, errors) = block(quote!(
            extern "Rust" {
                fn g(self);
                type T;
            }
        ));
        assert_eq!(
            errors,
            [
                "signature checks compare with C prototypes: `extern \"Rust\"` is not a C \
                 convention (the block must be `extern \"C\"`, `\"system\"`, `\"stdcall\"`, \
                 `\"fastcall\"` or `\"cdecl\"`)",
                "a C function has no `self`",
                "only functions and statics can be checked against C",
            ]
        );
        // Windows's ABI strings are C conventions, said by their meaning and as written.
        let (declared, errors) = block(quote!(
            extern "system" {
                fn h();
            }
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let Item::Function(h) = &declared[0].item else {
            panic!("a function")
        };
        assert!(h.abi.abi == RustAbi::System && h.abi.text == "system");
        let (_, errors) = block(quote!(
            extern "C" {}
        ));
        assert_eq!(errors, ["the block declares nothing to check"]);
    }
}
