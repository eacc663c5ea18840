//! Facts records: Rust's side of a check as data in the compiled binary, computed by const
//! evaluation, so a binary built for a target that cannot run here is verified by reading it
//! (`ffi_test_protocol::facts` defines the format; `cargo ffi-test verify` reads it).
//!
//! What is known here (record kinds, names) is written out now, as a template; what only the
//! compiler knows (sizes, offsets, kinds, values) becomes an array of number constants beside
//! it (`facts::Frame`). Strings known only at compile time (a name chosen by `#[cfg]`, the
//! configuration's lists) are rare: their records are encoded by const evaluation instead.
//! Records are compiled only under `--cfg ffi_test_facts` (see `wrap`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

use ffi_test_protocol::facts::records::{Encoded, Facts, Repr};
use ffi_test_protocol::facts::{self as protocol, TemplatePart};

/// One part of a record.
#[derive(Clone)]
pub enum Part {
    /// A record of this kind (`LAYOUT_RECORD`...) starts: written by [`record`] only.
    Begin(u64),
    /// A string known now.
    Text(String),
    /// A number: an integer (or fieldless enum) constant expression.
    Num(TokenStream),
    /// A part known only to the compiler: an expression of type `facts::Part`.
    Late(TokenStream),
}

/// One record: its parts, and the `#[cfg]`s it exists under.
#[derive(Clone)]
pub struct Record {
    cfgs: Vec<syn::Attribute>,
    parts: Vec<Part>,
}

/// The macros' form of a record's parts: every part is a [`Part`].
pub struct Tokens;

impl Repr for Tokens {
    type Num = Part;
    type Str = Part;
    type List = Part;
}

/// The record `facts` (a struct of `ffi_test_protocol::facts::records`, which alone orders its
/// parts), existing where `cfgs` hold.
pub fn record<F: Facts<Tokens>>(cfgs: &[syn::Attribute], facts: F) -> Record {
    let mut parts = vec![Part::Begin(F::KIND)];
    parts.extend(facts.into_parts().into_iter().map(|part| match part {
        Encoded::Num(p) | Encoded::Str(p) | Encoded::List(p) => p,
    }));
    Record {
        cfgs: cfgs.to_vec(),
        parts,
    }
}

/// A number part.
pub fn num(expr: TokenStream) -> Part {
    Part::Num(expr)
}

/// A string part known now.
pub fn text(s: impl Into<String>) -> Part {
    Part::Text(s.into())
}

/// A string part: `expr`, a `&'static str` constant expression (a literal is known now).
pub fn text_expr(expr: TokenStream) -> Part {
    match syn::parse2::<syn::LitStr>(expr.clone()) {
        Ok(lit) => Part::Text(lit.value()),
        Err(_) => Part::Late(quote!(::ffi_test::__private_0_1::facts::Part::Str(#expr))),
    }
}

/// A list-of-strings part (`expr`: a `&'static [&'static str]` constant).
pub fn list(expr: TokenStream) -> Part {
    Part::Late(quote!(::ffi_test::__private_0_1::facts::Part::List(#expr)))
}

/// The statics holding `records`: the records that exist everywhere and are known now in
/// frames of [`RECORDS_PER_FRAME`], each other record in its own (under its `#[cfg]`s). ELF
/// targets only: the reader is an ELF reader, and other formats spell sections differently.
pub fn emit(records: &[Record]) -> TokenStream {
    let is_late = |r: &Record| r.parts.iter().any(|p| matches!(p, Part::Late(_)));
    let shared: Vec<&Record> = records
        .iter()
        .filter(|r| r.cfgs.is_empty() && !is_late(r))
        .collect();
    let mut out = shared_frames(&shared);
    for r in records.iter().filter(|r| !r.cfgs.is_empty() || is_late(r)) {
        out.extend(if is_late(r) {
            late_frame(r)
        } else {
            wrap(&r.cfgs, frames(&[r], |expr| quote!((#expr) as u64)))
        });
    }
    out
}

/// Records per frame: the compiler's cost of one constant grows faster than its size
/// (thousands of `offset_of!` in one constant take gigabytes), that of many small statics more
/// slowly.
const RECORDS_PER_FRAME: usize = 64;

/// Frames of `records`. A number expression that occurs more than once (a surface names
/// `size_of::<c_int>()` and `c_int`'s kind thousands of times) is evaluated once, in an array
/// the frames index; the others (offsets, each its own) stay in their frames, since one
/// constant holding thousands of `offset_of!` costs the compiler gigabytes.
fn shared_frames(records: &[&Record]) -> TokenStream {
    if records.is_empty() {
        return TokenStream::new();
    }
    let mut count = std::collections::HashMap::new();
    for part in records.iter().flat_map(|r| &r.parts) {
        if let Part::Num(expr) = part {
            *count.entry(expr.to_string()).or_insert(0usize) += 1;
        }
    }
    let mut distinct: Vec<TokenStream> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let statics = frames(records, |expr| {
        let key = expr.to_string();
        if count[&key] == 1 {
            return quote!((#expr) as u64);
        }
        let i = *index.entry(key).or_insert_with(|| {
            distinct.push(quote!((#expr) as u64));
            distinct.len() - 1
        });
        quote!(NUMBERS[#i])
    });
    let n = distinct.len();
    wrap(
        &[],
        quote! {
            #[allow(unknown_lints, unnecessary_transmutes, clippy::all)]
            const NUMBERS: [u64; #n] = [#(#distinct),*];
            #statics
        },
    )
}

/// One static per [`RECORDS_PER_FRAME`] of `records`, each number written as `number(expr)`
/// gives it.
fn frames(records: &[&Record], mut number: impl FnMut(&TokenStream) -> TokenStream) -> TokenStream {
    let facts = quote!(::ffi_test::__private_0_1::facts);
    let mut out = TokenStream::new();
    for (k, chunk) in records.chunks(RECORDS_PER_FRAME).enumerate() {
        let mut template = Vec::new();
        let mut numbers = Vec::new();
        for part in chunk.iter().flat_map(|r| &r.parts) {
            template.push(match part {
                Part::Begin(kind) => TemplatePart::Begin(*kind),
                Part::Text(s) => TemplatePart::Str(s.clone()),
                Part::Num(expr) => {
                    numbers.push(number(expr));
                    TemplatePart::Slot(numbers.len() as u32 - 1)
                }
                Part::Late(_) => unreachable!("late parts are encoded by late_frame"),
            });
        }
        let template = protocol::template(&template);
        let (t, n) = (template.len(), numbers.len());
        let bytes = proc_macro2::Literal::byte_string(&template);
        let name = quote::format_ident!("FRAME_{k}");
        out.extend(quote! {
            #[allow(unknown_lints, unnecessary_transmutes, clippy::all)]
            #[used]
            #[unsafe(link_section = "ffi_test_facts")]
            static #name: #facts::Frame<#t, #n> = #facts::Frame::new(*#bytes, [#(#numbers),*]);
        });
    }
    out
}

/// A record with a part known only to the compiler, encoded by const evaluation.
fn late_frame(r: &Record) -> TokenStream {
    let facts = quote!(::ffi_test::__private_0_1::facts);
    let parts = r.parts.iter().map(|p| match p {
        Part::Begin(kind) => quote!(#facts::Part::Begin(#kind)),
        Part::Text(s) => quote!(#facts::Part::Str(#s)),
        Part::Num(expr) => quote!(#facts::Part::Num((#expr) as u64)),
        Part::Late(expr) => expr.clone(),
    });
    wrap(
        &r.cfgs,
        quote! {
            #[allow(unknown_lints, unnecessary_transmutes, clippy::all)]
            const PARTS: &[#facts::Part] = &[#(#parts),*];
            #[used]
            #[unsafe(link_section = "ffi_test_facts")]
            static FRAME: [u8; #facts::record_len(PARTS)] = #facts::record(PARTS);
        },
    )
}

/// `items` (statics in the facts section and what they refer to), in a scope of their own,
/// compiled only with `--cfg ffi_test_facts` (which `cargo ffi-test verify` passes for the
/// target): an ordinary build does not even type-check them, so it pays nothing for them.
fn wrap(cfgs: &[syn::Attribute], items: TokenStream) -> TokenStream {
    quote! {
        #(#cfgs)*
        // The cfg is ffi-test's, not the crate's: not declared in its check-cfg.
        #[allow(unexpected_cfgs)]
        const _: () = {
            #[cfg(all(
                ffi_test_facts,
                not(any(target_vendor = "apple", target_family = "wasm"))
            ))]
            const _: () = {
                #[allow(unused_imports)]
                use ::ffi_test::__private_0_1::probe::ConstForeign as _;
                #items
            };
        };
    }
}

/// The kind of `ty` and its element's, as one number part (`probe::kind_facts`), decided
/// where the syntax says it (arrays, references) and by `ConstKind` otherwise.
pub fn type_kind(ty: &Type) -> Part {
    num(kind_facts(ty))
}

fn kind_facts(ty: &Type) -> TokenStream {
    let probe = quote!(::ffi_test::__private_0_1::probe);
    match ty {
        Type::Paren(p) => kind_facts(&p.elem),
        Type::Group(g) => kind_facts(&g.elem),
        Type::Reference(_) => quote!(::ffi_test::Kind::Pointer as u64),
        Type::Array(a) => {
            let elem = &a.elem;
            let elem_kind = kind_facts(elem);
            quote!(#probe::pack_facts(::ffi_test::Kind::Array as u64, #elem_kind, ::core::mem::size_of::<#elem>() as u64))
        }
        _ => quote!(<#probe::ConstKind<#ty>>::FACTS),
    }
}
