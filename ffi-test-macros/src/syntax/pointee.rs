//! What a type written as a pointer points to, read from its syntax: `*mut T`, `*const T`,
//! `&T`, `&mut T`, `NonNull<T>` and `Option` of the last three. A type alias of a pointer says
//! nothing of its target here (its C side is compared as a pointer only).

use syn::{GenericArgument, PathArguments, Type};

/// The target of a pointer type.
pub enum Pointee<'a> {
    /// `c_void` (any path ending so): a pointer to anything.
    Void,
    /// A sized type, whose kind and size the check can take.
    Type(&'a Type),
}

/// What `ty` points to, if it is written as a pointer to a type whose size Rust knows.
pub fn of(ty: &Type) -> Option<Pointee<'_>> {
    let target = match ungrouped(ty) {
        Type::Ptr(p) => &*p.elem,
        Type::Reference(r) => &*r.elem,
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let inner = only_type_argument(&last.arguments)?;
            match last.ident.to_string().as_str() {
                "NonNull" => inner,
                // `Option<&T>` and `Option<NonNull<T>>`: nullable pointers. (`Option<*mut T>`
                // is no C pointer.)
                "Option" if !matches!(ungrouped(inner), Type::Ptr(_)) => return of(inner),
                _ => return None,
            }
        }
        _ => return None,
    };
    let target = ungrouped(target);
    match target {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            match last.ident.to_string().as_str() {
                "c_void" => Some(Pointee::Void),
                // Unsized, or no C type.
                "str" | "Self" => None,
                _ => Some(Pointee::Type(target)),
            }
        }
        Type::Ptr(_) | Type::BareFn(_) | Type::Array(_) => Some(Pointee::Type(target)),
        _ => None,
    }
}

/// `ty` without the parentheses and invisible groups around it.
fn ungrouped(mut ty: &Type) -> &Type {
    loop {
        ty = match ty {
            Type::Paren(p) => &p.elem,
            Type::Group(g) => &g.elem,
            _ => return ty,
        };
    }
}

/// The one type argument of `<T>`.
fn only_type_argument(arguments: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(a) = arguments else {
        return None;
    };
    match a.args.iter().collect::<Vec<_>>()[..] {
        [GenericArgument::Type(t)] => Some(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn target(text: &str) -> Option<String> {
        let ty: Type = syn::parse_str(text).unwrap();
        of(&ty).map(|p| match p {
            Pointee::Void => "void".to_string(),
            Pointee::Type(t) => t.to_token_stream().to_string(),
        })
    }

    #[test]
    fn pointers_written_as_such_name_their_targets() {
        assert_eq!(
            target("*mut *mut xmlChar").as_deref(),
            Some("* mut xmlChar")
        );
        assert_eq!(
            target("*const ::std::os::raw::c_char").as_deref(),
            Some(":: std :: os :: raw :: c_char")
        );
        assert_eq!(
            target("*mut ::std::os::raw::c_void").as_deref(),
            Some("void")
        );
        assert_eq!(target("&'a mut point").as_deref(), Some("point"));
        assert_eq!(target("Option<&u8>").as_deref(), Some("u8"));
        assert_eq!(target("Option<NonNull<u16>>").as_deref(), Some("u16"));
        assert_eq!(target("*const [u8; 4]").as_deref(), Some("[u8 ; 4]"));
        for not in [
            "xmlDocPtr",
            "u32",
            "*const str",
            "*const [u8]",
            "Option<unsafe extern \"C\" fn()>",
            "*const dyn Send",
        ] {
            assert_eq!(target(not), None, "{not}");
        }
    }
}
