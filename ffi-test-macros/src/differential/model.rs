//! The model of a generated-input test's function: its parameters with their C types and the
//! ranges the attribute gives them, and what it returns.

use syn::{Expr, FnArg, Ident, Pat, ReturnType, Type};

use super::{Args, Kind};
use crate::syntax::errors::Errors;

/// One parameter: its name, Rust type (a buffer's element type, a struct's type), C type and
/// shape.
pub(super) struct Param {
    pub ident: Ident,
    pub ty: Type,
    pub c_type: String,
    pub shape: Shape,
    /// Its values' range (a buffer's lengths').
    pub range: Option<Expr>,
}

/// How a parameter is generated and passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// An integer, float or `bool`.
    Value,
    /// `&[T]`: a buffer of `ty`, passed to C as `const T *name, size_t name_len`.
    Buffer,
    /// A struct (`FfiValue`) by value, its C type named by the attribute (`p = "struct pt"`).
    Struct,
    /// `&T`: a struct by address, passed to C as `const CTYPE *name`.
    StructRef,
}

/// The C type of a Rust integer, float or `bool` named `ty` (its last path segment), if it is
/// one.
pub(super) fn c_type_of(ty: &Type) -> Option<&'static str> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?.ident.to_string();
    Some(match last.as_str() {
        "i8" => "int8_t",
        "i16" => "int16_t",
        "i32" => "int32_t",
        "i64" => "int64_t",
        "u8" => "uint8_t",
        "u16" => "uint16_t",
        "u32" => "uint32_t",
        "u64" => "uint64_t",
        "usize" | "size_t" => "size_t",
        "isize" | "ssize_t" => "ptrdiff_t",
        "f32" | "c_float" => "float",
        "f64" | "c_double" => "double",
        "bool" => "_Bool",
        "c_char" => "char",
        "c_schar" => "signed char",
        "c_uchar" => "unsigned char",
        "c_short" => "short",
        "c_ushort" => "unsigned short",
        "c_int" => "int",
        "c_uint" => "unsigned int",
        "c_long" => "long",
        "c_ulong" => "unsigned long",
        "c_longlong" => "long long",
        "c_ulonglong" => "unsigned long long",
        _ => return None,
    })
}

/// The parameters of `f` with their C types, each error at its span.
pub(super) fn params(
    f: &syn::ItemFn,
    kind: Kind,
    args: &mut Args,
    errors: &mut Errors,
) -> Vec<Param> {
    let mut out = Vec::new();
    for input in &f.sig.inputs {
        let FnArg::Typed(arg) = input else {
            errors.error(
                input,
                format!(
                    "{} runs a free function on generated inputs: no `self`",
                    kind.test()
                ),
            );
            continue;
        };
        let Pat::Ident(pat) = &*arg.pat else {
            errors.error(
                &arg.pat,
                "each parameter is named by an identifier: reports name the inputs by it",
            );
            continue;
        };
        let position = args.ranges.iter().position(|(name, _)| *name == pat.ident);
        let given = position.map(|i| args.ranges.remove(i).1);
        if let Some(param) = param(pat.ident.clone(), &arg.ty, given, kind, errors) {
            out.push(param);
        }
    }
    for (name, _) in &args.ranges {
        errors.error(name, format!("`{name}` is not a parameter of the function (a range names the parameter it constrains)"));
    }
    out
}

/// The parameter `ident: ty`, with what the attribute gives it: a range, or (a struct's) C
/// type as a string.
fn param(
    ident: Ident,
    ty: &Type,
    given: Option<Expr>,
    kind: Kind,
    errors: &mut Errors,
) -> Option<Param> {
    let c_name = match &given {
        Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) => Some(s.clone()),
        _ => None,
    };
    let (elem, shape) = match ty {
        Type::Reference(r) => match &*r.elem {
            Type::Slice(slice) if r.mutability.is_none() => ((*slice.elem).clone(), Shape::Buffer),
            Type::Slice(_) => {
                errors.error(
                    ty,
                    "a generated buffer is `&[T]`: the function reads it, it does not write it",
                );
                return None;
            }
            _ if r.mutability.is_some() => {
                errors.error(ty, "a generated struct is passed by value or as `&T`: the function reads it, it does not write it");
                return None;
            }
            elem => (elem.clone(), Shape::StructRef),
        },
        other => (other.clone(), Shape::Value),
    };
    let primitive = c_type_of(&elem);
    let shape = match (shape, primitive, &c_name) {
        (Shape::Value, None, Some(_)) => Shape::Struct,
        (shape, _, _) => shape,
    };
    match (shape, primitive, &c_name) {
        (Shape::Value | Shape::Buffer, Some(_), Some(s)) => {
            errors.error(s, format!("`{ident}` is a number: a string names a struct parameter's C type, a number takes a range (`{ident} = 0..=4096`)"));
            None
        }
        (Shape::Value | Shape::Buffer, Some(c), None) => Some(Param {
            ident,
            ty: elem,
            c_type: c.to_string(),
            shape,
            range: given,
        }),
        (Shape::Struct | Shape::StructRef, _, Some(s)) if !s.value().trim().is_empty() => {
            Some(Param {
                ident,
                ty: elem,
                c_type: s.value().trim().to_string(),
                shape,
                range: None,
            })
        }
        _ => {
            let shown = crate::bindings::model::type_text(&elem);
            let message = match shape {
                Shape::Buffer => format!("`{shown}` is not an integer, float or `bool`: {} generates buffers of those", kind.test()),
                _ => format!("`{shown}` is not an integer, float or `bool`: {} generates those, `&[T]` buffers of them, and structs whose C type the attribute names (`{ident} = \"struct point\"`, a type with #[ffi_roundtrip]); write the primitive an alias stands for, e.g. `u64` for `dev_t`", kind.test()),
            };
            errors.error(&elem, message);
            None
        }
    }
}

/// A differential test's return type and its C type: an integer, float or `bool`.
pub(super) fn differential_return(
    f: &syn::ItemFn,
    errors: &mut Errors,
) -> Option<(Type, &'static str)> {
    match &f.sig.output {
        ReturnType::Type(_, ty) => match c_type_of(ty) {
            Some(c) => Some(((**ty).clone(), c)),
            None => {
                let shown = crate::bindings::model::type_text(ty);
                errors.error(ty, format!("`{shown}` is not an integer, float or `bool`: the results compared must be"));
                None
            }
        },
        ReturnType::Default => {
            errors.error(&f.sig.ident, "a differential test compares results: the function must return an integer, float or `bool`");
            None
        }
    }
}

/// A property returns nothing (it fails by panicking) or a `Result` (it fails with `Err`).
pub(super) fn property_return(f: &syn::ItemFn, errors: &mut Errors) {
    let ReturnType::Type(_, ty) = &f.sig.output else {
        return;
    };
    let is_result = matches!(&**ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result"));
    let is_unit = matches!(&**ty, Type::Tuple(t) if t.elems.is_empty());
    if !is_result && !is_unit {
        let shown = crate::bindings::model::type_text(ty);
        errors.error(ty, format!("a property returns nothing or `Result<(), E>`, not `{shown}`: it fails by panicking or returning `Err`"));
    }
}

#[cfg(test)]
mod tests {
    use super::c_type_of;

    #[test]
    fn primitives_and_c_aliases_have_c_types_and_others_none() {
        let c = |t: &str| c_type_of(&syn::parse_str(t).unwrap());
        assert_eq!(c("u32"), Some("uint32_t"));
        assert_eq!(c("::std::os::raw::c_uint"), Some("unsigned int"));
        assert_eq!(c("libc::size_t"), Some("size_t"));
        assert_eq!(c("bool"), Some("_Bool"));
        assert_eq!(c("libc::dev_t"), None);
        assert_eq!(c("*const u8"), None);
    }
}
